import type { CstParser as CstParserType, IToken, Lexer as LexerType } from 'chevrotain';
import { createToken, CstParser, Lexer } from './chevrotain.js';
import { strip } from '../../text/bytes.js';
import { skipGrammarChecks } from './options.js';

/**
 * The grammar of a directive line, as config.c reads it:
 *
 *   directive := '#' Word? ( Separator Argument? )?
 *
 * The word runs to the first byte that is not printable ASCII (config.c
 * compares signed chars with 32, so bytes 128-255 end it too); the argument
 * is the rest, with blanks stripped at both ends.
 */

const Hash = createToken({ name: 'Hash', pattern: /#/, push_mode: 'word' });
const Word = createToken({ name: 'Word', pattern: /[\x21-\x7f]+/ });
const Separator = createToken({ name: 'Separator', pattern: /[^\x21-\x7f]/, push_mode: 'argument' });
// `[\s\S]` would be the usual spelling; Chevrotain's first-character analysis misreads it.
const Argument = createToken({ name: 'Argument', pattern: /[\u0000-\uffff]+/ });

function makeLexer(): LexerType {
  return new Lexer(
    { modes: { start: [Hash], word: [Word, Separator], argument: [Argument] }, defaultMode: 'start' },
    { positionTracking: 'onlyOffset', skipValidations: skipGrammarChecks },
  );
}

class DirectiveParser extends CstParser {
  constructor() {
    super([Hash, Word, Separator, Argument], { recoveryEnabled: false, skipValidations: skipGrammarChecks });
    this.performSelfAnalysis();
  }

  directive = this.RULE('directive', () => {
    this.CONSUME(Hash);
    this.OPTION(() => this.CONSUME(Word));
    this.OPTION2(() => {
      this.CONSUME(Separator);
      this.OPTION3(() => this.CONSUME(Argument));
    });
  });
}

// Built on first use: many dialplans have no directive, and building costs start-up time.
let built: { lexer: LexerType; parser: DirectiveParser } | undefined;
function grammar(): { lexer: LexerType; parser: DirectiveParser } {
  return (built ??= { lexer: makeLexer(), parser: new DirectiveParser() });
}

/** The parser, for the generated grammar artifacts (grammar/). */
export function directiveParser(): CstParserType {
  return grammar().parser;
}

export interface DirectiveParse {
  /** The directive word as written (`include`, `INCLUDE`, `tryinclude`, `exec`, anything). */
  word: string;
  /** The argument with blanks stripped, or undefined when there is none. */
  argument: string | undefined;
}

interface DirectiveChildren {
  Word?: IToken[];
  Argument?: IToken[];
}

/** Reads a directive line's live text (it starts with `#`). */
export function parseDirective(text: string): DirectiveParse {
  const { lexer, parser } = grammar();
  parser.input = lexer.tokenize(text).tokens;
  const children = parser.directive().children as DirectiveChildren;
  const raw = children.Argument?.[0]?.image;
  const argument = raw === undefined ? undefined : strip(raw);
  return { word: children.Word?.[0]?.image ?? '', argument: argument ? argument : undefined };
}

/**
 * config.c's dequoting of an include argument: `"name"` and `<name>` lose
 * their quotes; a one-sided quote stays part of the name.
 */
export function dequote(argument: string): string {
  const first = argument[0];
  const closing = first === '"' ? '"' : first === '<' ? '>' : undefined;
  if (closing && argument.length >= 1 && argument[argument.length - 1] === closing) return argument.slice(1, -1);
  return argument;
}
