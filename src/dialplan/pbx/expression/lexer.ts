import type { Terminal } from './grammar.js';

/**
 * The scanner of main/ast_expr2.fl, rule for rule, with flex's semantics:
 * the longest match wins, the earlier rule on equal lengths, and a
 * character no rule matches is consumed by flex's default rule (which
 * echoes it to Asterisk's stdout: for the expression it simply vanishes,
 * so `1 ~ 2` reads as `1 2`).
 *
 * Consequences worth knowing (all checked against Asterisk 22):
 * - operators need no spaces: `1+1` is three tokens;
 * - `[0-9]+(\.[0-9]+)?` is a *numeric string*; anything longer made of
 *   letters, digits and `.';\_^#@`, bytes >= 0x80 or `$` followed by any
 *   byte except `{` is a plain string (`1.5.6`, `12ab`, `1.`);
 * - `"..."` is one string token *with its quotes* (they are part of the
 *   value; only `:`, `=~` and `~~` strip them); an unclosed `"` vanishes;
 * - `${...}` still present after substitution is gathered with what
 *   follows it up to an operator character (states `var` and `trail`).
 *   When an operator character ends it, the rule `unput`s that character,
 *   which undoes the NUL flex had put after the token: the token's text
 *   then runs to the end of the whole expression (`${x} + 1` is the
 *   string `${x} + 1`, followed by the tokens `+` and `1`).
 *
 * Offsets are byte offsets into the expression: ast_yyerror prints its
 * caret under `yytext`, the start of the current token (with `yymore`, of
 * the gathered text), or at the end of the input for `$end`.
 */

export type NumericKind = 'string' | 'numeric_string';

export interface ExpressionToken {
  type: Terminal;
  /** The token's value (only TOKEN's is used by the grammar actions). */
  text: string;
  kind: NumericKind;
  /** Where yytext starts, for the error caret. */
  offset: number;
}

const OPERATORS: ReadonlyArray<[string, Terminal]> = [
  // Two-character operators first: the longest match wins.
  ['||', 'TOK_OR'],
  ['&&', 'TOK_AND'],
  ['==', 'TOK_EQ'],
  ['=~', 'TOK_EQTILDE'],
  ['~~', 'TOK_TILDETILDE'],
  ['>=', 'TOK_GE'],
  ['<=', 'TOK_LE'],
  ['!=', 'TOK_NE'],
  ['::', 'TOK_COLONCOLON'],
  ['|', 'TOK_OR'],
  ['&', 'TOK_AND'],
  ['=', 'TOK_EQ'],
  ['>', 'TOK_GT'],
  ['<', 'TOK_LT'],
  ['+', 'TOK_PLUS'],
  [',', 'TOK_COMMA'],
  ['-', 'TOK_MINUS'],
  ['*', 'TOK_MULT'],
  ['/', 'TOK_DIV'],
  ['%', 'TOK_MOD'],
  ['?', 'TOK_COND'],
  ['!', 'TOK_COMPL'],
  [':', 'TOK_COLON'],
  ['(', 'TOK_LP'],
  [')', 'TOK_RP'],
];

/** The `trail` state's operator set: `[-\t\r \n$():?%/+=*<>!|&]`. */
const TRAIL_STOP = new Set('-\t\r \n$():?%/+=*<>!|&');

function isWordByte(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code >= 0x80 ||
    code === 0x2e || // .
    code === 0x27 || // '
    code === 0x3b || // ;
    code === 0x5c || // \
    code === 0x5f || // _
    code === 0x5e || // ^
    code === 0x23 || // #
    code === 0x40 // @
  );
}

export class ExpressionLexer {
  private pos = 0;
  private state: 'initial' | 'var' | 'trail' = 'initial';
  /** ast_expr2.fl's `curlycount` (a file-level static, reset at every `${`). */
  private curly = 0;
  /** Start of the text gathered with yymore(), or -1. */
  private more = -1;
  /** Where yytext starts now (for the caret). */
  textOffset = 0;

  constructor(private readonly input: string) {}

  next(): ExpressionToken {
    const s = this.input;
    for (;;) {
      const start = this.pos;
      const yytext = this.more >= 0 ? this.more : start;
      this.textOffset = yytext;
      if (start >= s.length) {
        if (this.state === 'trail') {
          // <trail><<EOF>>: the gathered `${...}` is the last token.
          this.state = 'initial';
          this.more = -1;
          return { type: 'TOKEN', text: s.slice(yytext), kind: 'string', offset: yytext };
        }
        // <<EOF>> in the other states: yyterminate(); text gathered by yymore is dropped.
        this.more = -1;
        this.textOffset = s.length;
        return { type: '$end', text: '', kind: 'string', offset: s.length };
      }
      if (this.state === 'var') {
        // <var>[^{}]*\}  and  <var>[^{}]*\{
        let i = start;
        while (i < s.length && s[i] !== '{' && s[i] !== '}') i++;
        if (i >= s.length) {
          // No brace left: flex's default rule eats one character at a time.
          this.more = -1;
          this.pos = start + 1;
          continue;
        }
        this.pos = i + 1;
        this.more = yytext;
        if (s[i] === '}') {
          this.curly--;
          if (this.curly < 0) this.state = 'trail';
        } else {
          this.curly++;
        }
        continue;
      }
      if (this.state === 'trail') {
        let i = start;
        while (i < s.length && !TRAIL_STOP.has(s[i]!)) i++;
        if (s.startsWith('${', i)) {
          // <trail>[^...]*\$\{
          this.curly = 0;
          this.state = 'var';
          this.more = yytext;
          this.pos = i + 2;
          continue;
        }
        this.state = 'initial';
        this.more = -1;
        if (i > start || i >= s.length) {
          this.pos = i;
          if (i >= s.length) return { type: 'TOKEN', text: s.slice(yytext), kind: 'string', offset: yytext };
          return { type: 'TOKEN', text: s.slice(yytext, i), kind: 'string', offset: yytext };
        }
        // <trail>[-\t\r \n$():?%/+=*<>!|&] with unput(): the character is
        // scanned again, and the token's text runs to the end of the input.
        this.pos = start;
        return { type: 'TOKEN', text: s.slice(yytext), kind: 'string', offset: yytext };
      }
      // INITIAL: collect the candidates and keep the longest (earliest rule on ties).
      const c = s[start]!;
      let best = 0;
      let bestRule: 'op' | 'var' | 'space' | 'quoted' | 'newline' | 'number' | 'word' | 'word-var' | undefined;
      let op: Terminal | undefined;
      for (const [text, type] of OPERATORS) {
        if (s.startsWith(text, start)) {
          if (text.length > best) {
            best = text.length;
            bestRule = 'op';
            op = type;
          }
        }
      }
      if (s.startsWith('${', start) && 2 > best) {
        best = 2;
        bestRule = 'var';
      }
      if ((c === ' ' || c === '\t' || c === '\r') && 1 > best) {
        best = 1;
        bestRule = 'space';
      }
      if (c === '"') {
        const close = s.indexOf('"', start + 1);
        if (close >= 0 && close + 1 - start > best) {
          best = close + 1 - start;
          bestRule = 'quoted';
        }
      }
      if (c === '\n' && 1 > best) {
        best = 1;
        bestRule = 'newline';
      }
      let number = 0;
      {
        let i = start;
        while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
        if (i > start) {
          if (s[i] === '.' && i + 1 < s.length && s.charCodeAt(i + 1) >= 0x30 && s.charCodeAt(i + 1) <= 0x39) {
            i++;
            while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
          }
          number = i - start;
        }
      }
      if (number > best) {
        best = number;
        bestRule = 'number';
      }
      {
        let i = start;
        for (;;) {
          if (i < s.length && isWordByte(s.charCodeAt(i))) i++;
          else if (s[i] === '$' && i + 1 < s.length && s[i + 1] !== '{') i += 2;
          else break;
        }
        const word = i - start;
        if (word > 0 && s.startsWith('${', i) && word + 2 > best) {
          best = word + 2;
          bestRule = 'word-var';
        } else if (word > best) {
          best = word;
          bestRule = 'word';
        }
      }
      if (bestRule === undefined) {
        // flex's default rule: ECHO one character.
        this.pos = start + 1;
        continue;
      }
      this.pos = start + best;
      switch (bestRule) {
        case 'op':
          return { type: op!, text: s.slice(start, this.pos), kind: 'string', offset: start };
        case 'space':
        case 'newline':
          continue;
        case 'quoted':
        case 'word':
          return { type: 'TOKEN', text: s.slice(start, this.pos), kind: 'string', offset: start };
        case 'number':
          return { type: 'TOKEN', text: s.slice(start, this.pos), kind: 'numeric_string', offset: start };
        case 'var':
        case 'word-var':
          this.curly = 0;
          this.state = 'var';
          this.more = start;
          continue;
      }
    }
  }
}
