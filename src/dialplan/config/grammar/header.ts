import type { CstNode, CstParser as CstParserType, IToken, Lexer as LexerType } from 'chevrotain';
import { createToken, CstParser, Lexer } from './chevrotain.js';
import { skipGrammarChecks } from './options.js';

/**
 * The grammar of a category header line, as config.c reads it:
 *
 *   header  := '[' Name? ']' ( '(' options? ')' )? Ignored?
 *   options := Option? ( ',' Option? )*
 *
 * The name is everything up to the first `]`, spaces included. Options
 * follow only when `(` comes right after the `]`; then they run to the first
 * `)`. Anything else after the `]` (or after the `)`) is ignored, so
 * `[b] (!)` is a plain category named `b`, not a template.
 */

const LBracket = createToken({ name: 'LBracket', pattern: /\[/, push_mode: 'name' });
const Name = createToken({ name: 'Name', pattern: /[^\]]+/ });
const RBracket = createToken({ name: 'RBracket', pattern: /\]/, pop_mode: true, push_mode: 'afterName' });
const LParen = createToken({ name: 'LParen', pattern: /\(/, push_mode: 'options' });
const Option = createToken({ name: 'Option', pattern: /[^,)]+/ });
const Comma = createToken({ name: 'Comma', pattern: /,/ });
const RParen = createToken({ name: 'RParen', pattern: /\)/, push_mode: 'ignored' });
const Ignored = createToken({ name: 'Ignored', pattern: /[\u0000-\uffff]+/ });
const IgnoredAfterName = createToken({ name: 'IgnoredAfterName', pattern: /[^(][\u0000-\uffff]*/, categories: [Ignored] });

function makeLexer(): LexerType {
  return new Lexer(
    {
      modes: {
        header: [LBracket],
        name: [Name, RBracket],
        afterName: [LParen, IgnoredAfterName],
        options: [Option, Comma, RParen],
        ignored: [Ignored],
      },
      defaultMode: 'header',
    },
    { positionTracking: 'onlyOffset', skipValidations: skipGrammarChecks },
  );
}

const allTokens = [LBracket, Name, RBracket, LParen, Option, Comma, RParen, Ignored, IgnoredAfterName];

class HeaderParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: false, skipValidations: skipGrammarChecks });
    this.performSelfAnalysis();
  }

  header = this.RULE('header', () => {
    this.CONSUME(LBracket);
    this.OPTION(() => this.CONSUME(Name));
    this.CONSUME(RBracket);
    this.OPTION2(() => {
      this.CONSUME(LParen);
      this.SUBRULE(this.options);
      this.CONSUME(RParen);
    });
    this.OPTION3(() => this.CONSUME(Ignored));
  });

  options = this.RULE('options', () => {
    this.OPTION(() => this.CONSUME(Option));
    this.MANY(() => {
      this.CONSUME(Comma);
      this.OPTION2(() => this.CONSUME2(Option));
    });
  });
}

// Built on first use: plain headers are read without it (parsePlainHeader), and building costs start-up time.
let built: { lexer: LexerType; parser: HeaderParser } | undefined;
function grammar(): { lexer: LexerType; parser: HeaderParser } {
  return (built ??= { lexer: makeLexer(), parser: new HeaderParser() });
}

export type HeaderParse =
  | { ok: true; name: string; options: string[] | undefined }
  | { ok: false; problem: 'no-closing-bracket' | 'no-closing-paren' };

interface HeaderChildren {
  Name?: IToken[];
  RBracket?: IToken[];
  LParen?: IToken[];
  options?: CstNode[];
}
interface OptionsChildren {
  Option?: IToken[];
  Comma?: IToken[];
}

/** Reads a header line's live text (it starts with `[`). */
export function parseHeader(text: string): HeaderParse {
  return parsePlainHeader(text) ?? parseHeaderWithGrammar(text);
}

/**
 * The two shapes nearly every header has, `[name]` and `[name](a,b)` with
 * nothing after, read directly: the grammar's lexer and parser cost a few
 * microseconds a line, which a 5,000-context dialplan notices. Anything
 * else (text after the brackets, a missing `]` or `)`) goes to the grammar.
 * A test checks both readings agree.
 */
export function parsePlainHeader(text: string): HeaderParse | undefined {
  const close = text.indexOf(']');
  if (close < 0) return undefined;
  const name = text.slice(1, close);
  if (close === text.length - 1) return { ok: true, name, options: undefined };
  if (text.charCodeAt(close + 1) !== 40) return undefined;
  const end = text.indexOf(')', close + 2);
  if (end !== text.length - 1) return undefined;
  return { ok: true, name, options: text.slice(close + 2, end).split(',') };
}

/** The header grammar's reading of a header line. */
export function parseHeaderWithGrammar(text: string): HeaderParse {
  const { lexer, parser } = grammar();
  const lexed = lexer.tokenize(text);
  parser.input = lexed.tokens;
  const cst = parser.header();
  if (parser.errors.length > 0 || !cst) {
    // The grammar can only fail for want of `]`, or of `)` once `(` followed it.
    const closed = lexed.tokens.some((token) => token.tokenType === RBracket);
    return { ok: false, problem: closed ? 'no-closing-paren' : 'no-closing-bracket' };
  }
  const children = cst.children as HeaderChildren;
  const name = children.Name?.[0]?.image ?? '';
  if (!children.LParen) return { ok: true, name, options: undefined };
  return { ok: true, name, options: optionList(children.options![0]!.children as OptionsChildren) };
}

/** Elements between commas, empty ones included (`()` is one empty option). */
function optionList(children: OptionsChildren): string[] {
  const options: string[] = [];
  const values = children.Option ?? [];
  const commas = children.Comma ?? [];
  // Tokens come in offset order; an element is empty where two separators meet.
  const separators = [-1, ...commas.map((c) => c.startOffset), Number.MAX_SAFE_INTEGER];
  for (let i = 0; i + 1 < separators.length; i++) {
    const value = values.find((v) => v.startOffset > separators[i]! && v.startOffset < separators[i + 1]!);
    options.push(value?.image ?? '');
  }
  return options;
}

/** The parser, for the generated grammar artifacts (grammar/). */
export function headerParser(): CstParserType {
  return grammar().parser;
}
