import type { AsteriskLogger, LogLevel, LogLocation } from '../../log/asterisk-log.js';
import type { Code } from '../../log/catalogue.js';
import { EXPRESSION_GRAMMAR, TERMINALS, type Action } from './grammar.js';
import { buildTables, syntaxErrorMessage, type ParseTables } from './lalr.js';
import { ExpressionLexer, type ExpressionToken } from './lexer.js';
import { formatG, LongDouble } from './long-double.js';
import { BINARY, UNARY } from './math.js';
import { compileRegex } from './regex.js';
import { atoi } from '../../text/bytes.js';
import { compareBytes, toNumber, Value } from './values.js';

/**
 * ast_expr() as Asterisk 22 runs it while pbx_config loads (no channel):
 * the expression text after variable substitution in, the result text
 * out, and on the way every message main/ast_expr2.y and ast_expr2.fl log,
 * with their `file:line function` tags as Asterisk 22.10.1 prints them
 * (the .y lines through the generated parser's #line directives; the .fl
 * ones are one line further down than in the .fl file itself, as the
 * shipped ast_expr2f.c maps them).
 *
 * The parse is driven by LALR(1) tables built from the grammar (grammar.ts,
 * lalr.ts) so that semantic actions run, and errors are noticed, exactly
 * where bison's parser runs and notices them: `1 2` still yields `1` (the
 * start rule was reduced, storing the value, before the error), `> 4`
 * yields the empty string (the empty start rule), and `(1` yields `0`
 * (no value at all).
 */

let tables: ParseTables<Action> | undefined;
const TOKEN_NUMBER = new Map<string, number>(TERMINALS.map((name, i) => [name, i]));

function parserTables(): ParseTables<Action> {
  tables ??= buildTables(EXPRESSION_GRAMMAR);
  return tables;
}

const YACC = 'ast_expr2.y';

/** The functions op_func computes itself, and the ast_expr2.y line of each one's "Wrong args" warning. */
const WRONG_ARGS_LINE: Record<string, number> = {
  COS: 804,
  SIN: 815,
  TAN: 826,
  ACOS: 837,
  ASIN: 848,
  ATAN: 859,
  ATAN2: 871,
  POW: 883,
  SQRT: 894,
  FLOOR: 905,
  CEIL: 916,
  ROUND: 927,
  RINT: 938,
  TRUNC: 949,
  EXP: 960,
  EXP2: 971,
  EXP10: 982,
  LOG: 993,
  LOG2: 1004,
  LOG10: 1015,
  REMAINDER: 1027,
  ABS: 1037,
};

/** Replaces bison's token names as expr2_token_subst does (a prefix match: TOK_EQTILDE becomes `'='TILDE`). */
const TOKEN_EQUIVALENTS: ReadonlyArray<[string, string]> = [
  ['TOKEN', '<token>'],
  ['TOK_COND', '?'],
  ['TOK_COLONCOLON', '::'],
  ['TOK_OR', '|'],
  ['TOK_AND', '&'],
  ['TOK_EQ', '='],
  ['TOK_GT', '>'],
  ['TOK_LT', '<'],
  ['TOK_GE', '>='],
  ['TOK_LE', '<='],
  ['TOK_NE', '!='],
  ['TOK_PLUS', '+'],
  ['TOK_MINUS', '-'],
  ['TOK_MULT', '*'],
  ['TOK_DIV', '/'],
  ['TOK_MOD', '%'],
  ['TOK_COMPL', '!'],
  ['TOK_COLON', ':'],
  ['TOK_EQTILDE', '=~'],
  ['TOK_COMMA', ','],
  ['TOK_RP', ')'],
  ['TOK_LP', '('],
];

export function substituteTokenNames(message: string): string {
  let out = '';
  for (let i = 0; i < message.length; ) {
    const hit = TOKEN_EQUIVALENTS.find(([name]) => message.startsWith(name, i));
    if (hit) {
      out += `'${hit[1]}'`;
      i += hit[0].length;
    } else {
      out += message[i++];
    }
  }
  return out;
}

class Evaluation {
  constructor(
    private readonly log: AsteriskLogger,
    private readonly at: LogLocation | undefined,
  ) {}

  message(level: LogLevel, line: number, func: string, code: Code, text: string): void {
    this.log.add(level, `${YACC}:${line}`, func, code, text, this.at);
  }

  number(v: Value): boolean {
    return toNumber(v, (text) => this.message('WARNING', 588, 'to_number', 'W_EXPR_CONVERSION_RANGE', `Conversion of ${text} to number under/overflowed!`));
  }

  zeroOrNull(v: Value): boolean {
    if (v.type === 'number') return v.n.isZero;
    return v.s === '' || (this.number(v) && v.n.isZero);
  }

  nonNumeric(line: number, func: string): void {
    this.message('WARNING', line, func, 'W_EXPR_NON_NUMERIC', 'non-numeric argument');
  }

  overflow(line: number, func: string): void {
    this.message('WARNING', line, func, 'W_EXPR_OVERFLOW', 'overflow');
  }

  or(a: Value, b: Value): Value {
    return this.zeroOrNull(a) ? b : a;
  }

  and(a: Value, b: Value): Value {
    if (this.zeroOrNull(a) || this.zeroOrNull(b)) return Value.number(LongDouble.ZERO);
    return a;
  }

  compare(a: Value, b: Value, test: (c: number) => boolean): Value {
    let result: boolean;
    if (a.isString || b.isString) {
      result = test(compareBytes(a.toText(), b.toText()));
    } else {
      this.number(a);
      this.number(b);
      const c = a.n.lessThan(b.n) ? -1 : a.n.greaterThan(b.n) ? 1 : a.n.equals(b.n) ? 0 : NaN;
      result = !Number.isNaN(c) && test(c);
    }
    return Value.number(result ? ONE : LongDouble.ZERO);
  }

  /** `!=` is true for unordered (NaN) operands, unlike the other comparisons. */
  notEqual(a: Value, b: Value): Value {
    if (a.isString || b.isString) return Value.number(compareBytes(a.toText(), b.toText()) !== 0 ? ONE : LongDouble.ZERO);
    this.number(a);
    this.number(b);
    return Value.number(a.n.equals(b.n) ? LongDouble.ZERO : ONE);
  }

  cond(a: Value, b: Value, c: Value): Value {
    if (a.isString) {
      const s = a.s ?? '';
      return s.length > 0 && s !== '""' && s !== '0' ? b : c;
    }
    this.number(a);
    return a.n.isTrue ? b : c;
  }

  plus(a: Value, b: Value): Value {
    if (!this.number(a)) {
      this.nonNumeric(1294, 'op_plus');
      if (!this.number(b)) return Value.number(LongDouble.ZERO);
      return b;
    } else if (!this.number(b)) {
      return a;
    }
    const r = a.n.add(b.n);
    if (checkPlus(a.n, b.n, r)) this.overflow(1310, 'op_plus');
    return Value.number(r);
  }

  minus(a: Value, b: Value): Value {
    if (!this.number(a)) {
      this.nonNumeric(1338, 'op_minus');
      if (!this.number(b)) return Value.number(LongDouble.ZERO);
      return Value.number(LongDouble.ZERO.subtract(b.n));
    } else if (!this.number(b)) {
      this.nonNumeric(1351, 'op_minus');
      return a;
    }
    const r = a.n.subtract(b.n);
    if (checkMinus(a.n, b.n, r)) this.overflow(1358, 'op_minus');
    return Value.number(r);
  }

  negate(a: Value): Value {
    if (!this.number(a)) {
      this.nonNumeric(1373, 'op_negate');
      return Value.number(LongDouble.ZERO);
    }
    const r = a.n.negate();
    if (checkMinus(LongDouble.ZERO, a.n, r)) this.overflow(1379, 'op_negate');
    return Value.number(r);
  }

  compl(a: Value): Value {
    let v1 = 1;
    if (a.type === 'number') {
      if (a.n.isZero) v1 = 0;
    } else if (a.s === null || a.s === '' || a.s === '0') {
      v1 = 0;
    } else {
      v1 = atoi(a.s);
    }
    return Value.number(v1 === 0 ? ONE : LongDouble.ZERO);
  }

  times(a: Value, b: Value): Value {
    if (!this.number(a) || !this.number(b)) {
      this.nonNumeric(1460, 'op_times');
      return Value.number(LongDouble.ZERO);
    }
    const r = a.n.multiply(b.n);
    // chk_times: "verify that result of division matches second operand".
    if (!a.n.isZero && !r.divide(a.n).equals(b.n)) this.overflow(1466, 'op_times');
    return Value.number(r);
  }

  div(a: Value, b: Value): Value {
    if (!this.number(a)) {
      this.nonNumeric(1493, 'op_div');
      return Value.number(LongDouble.ZERO);
    } else if (!this.number(b)) {
      this.nonNumeric(1499, 'op_div');
      return Value.number(INT_MAX);
    }
    if (b.n.isZero) {
      this.message('WARNING', 1504, 'op_div', 'W_EXPR_DIVISION_BY_ZERO', 'division by zero');
      return Value.number(INT_MAX);
    }
    const r = a.n.divide(b.n);
    if (a.n.equals(QUAD_MIN) && b.n.equals(MINUS_ONE)) this.overflow(1512, 'op_div');
    return Value.number(r);
  }

  rem(a: Value, b: Value): Value {
    if (!this.number(a) || !this.number(b)) {
      this.nonNumeric(1526, 'op_rem');
      return Value.number(LongDouble.ZERO);
    }
    if (b.n.isZero) {
      this.message('WARNING', 1533, 'op_rem', 'W_EXPR_DIVISION_BY_ZERO', 'div by zero');
      return b;
    }
    return Value.number(a.n.fmod(b.n));
  }

  /** `:` (anchored at the start) and `=~` (anywhere): the first group's text, else the match length. */
  match(a: Value, b: Value, anchored: boolean): Value {
    const subject = stripQuotes(a.toText());
    const pattern = stripQuotes(b.toText());
    const regex = compileRegex(pattern);
    if ('error' in regex) {
      this.message('WARNING', anchored ? 1564 : 1615, anchored ? 'op_colon' : 'op_eqtilde', 'W_EXPR_REGEX', `regcomp() error : ${regex.error}`);
      return Value.string('');
    }
    const m = regex.exec(subject);
    if (m && (!anchored || m.start === 0)) {
      if (m.groupStart >= 0) return Value.string(subject.slice(m.groupStart, m.groupEnd));
      return Value.number(LongDouble.fromInteger(m.end - m.start));
    }
    return regex.groups === 0 ? Value.number(LongDouble.ZERO) : Value.string('');
  }

  concat(a: Value, b: Value): Value {
    return Value.string(stripQuotes(a.toText()) + stripQuotes(b.toText()));
  }

  call(name: Value, args: Value[]): Value {
    const fn = name.s ?? '';
    if (!/^[A-Z_0-9]*$/.test(fn)) {
      this.message('ERROR', 1076, 'op_func', 'E_EXPR_FUNCTION_NAME', `Error! '${fn}' is not possibly a function name!`);
      return Value.number(LongDouble.ZERO);
    }
    const line = WRONG_ARGS_LINE[fn];
    if (line !== undefined) {
      const unary = UNARY.get(fn);
      const binary = BINARY.get(fn);
      if ((fn === 'ABS' || unary) && args.length === 1) {
        const x = this.argument(args[0]!);
        if (fn === 'ABS') return Value.number(x.lessThan(LongDouble.ZERO) ? x.multiply(MINUS_ONE) : x);
        return Value.number(unary!(x));
      }
      if (binary && args.length === 2) return Value.number(binary(this.argument(args[0]!), this.argument(args[1]!)));
      this.message('WARNING', line, 'op_func', 'W_EXPR_FUNCTION_ARGS', `Wrong args to ${fn}() function`);
      return Value.number(LongDouble.ZERO);
    }
    // A dialplan function: there is no channel while pbx_config loads, and
    // no function module is loaded yet either.
    this.message('WARNING', 1045, 'op_func', 'W_EXPR_NO_CHANNEL', 'Hey! chan is NULL.');
    if (!CORE_FUNCTIONS.has(fn)) this.message('WARNING', 1047, 'op_func', 'W_EXPR_FUNCTION_UNKNOWN', `Hey! could not find func ${fn}.`);
    this.message('ERROR', 1065, 'op_func', 'E_EXPR_FUNCTION_UNAVAILABLE', `Error! '${fn}' doesn't appear to be an available function!`);
    return Value.number(LongDouble.ZERO);
  }

  /**
   * A math function's argument: to_number, whose failure is ignored. A
   * plain string's `u.i` is then its char pointer read as a long double:
   * the pointer's 8 bytes are the significand, the exponent bytes are zero,
   * so it is a tiny subnormal around 5e-4937 that changes from run to run
   * (Asterisk printed 5.09794513126699977e-4937 for `ABS(a)`). chanlog
   * takes a typical heap address, which gets every result right that does
   * not show the number's digits (CEIL is 1, COS and EXP are 1, FLOOR is 0).
   */
  private argument(v: Value): LongDouble {
    this.number(v);
    return v.type === 'number' ? v.n : STRING_POINTER;
  }
}

/** A string pointer read as a long double (see Evaluation.argument). */
const STRING_POINTER = LongDouble.fromRational(false, 0x7f4a1c000000n, 1n, -16445);

/** The functions Asterisk's core registers itself (main/*.c), found even with no module loaded. */
const CORE_FUNCTIONS = new Set(['FEATURE', 'FEATUREMAP', 'LOG_GROUP', 'AMI_CLIENT', 'MESSAGE', 'MESSAGE_DATA', 'EXCEPTION', 'TESTTIME']);

const ONE = LongDouble.fromInteger(1);
const MINUS_ONE = LongDouble.fromInteger(-1);
const INT_MAX = LongDouble.fromInteger(2147483647);
const QUAD_MIN = LongDouble.fromInteger(-(2n ** 63n));

/** chk_plus: a sum of two positives must be positive, of two negatives negative. */
function checkPlus(a: LongDouble, b: LongDouble, r: LongDouble): boolean {
  const zero = LongDouble.ZERO;
  if (a.greaterThan(zero) && b.greaterThan(zero) && !r.greaterThan(zero) && !r.isNaN) return true;
  if (a.lessThan(zero) && b.lessThan(zero) && !r.lessThan(zero) && !r.isNaN) return true;
  return false;
}

/** chk_minus: subtracting QUAD_MIN (-2^63) overflows for a >= 0; otherwise chk_plus(a, -b, r). */
function checkMinus(a: LongDouble, b: LongDouble, r: LongDouble): boolean {
  if (b.equals(QUAD_MIN)) return a.greaterThan(LongDouble.ZERO) || a.equals(LongDouble.ZERO);
  return checkPlus(a, b.negate(), r);
}

/** strip_quotes: when the text starts and ends with `"`, every `"` in it goes. */
export function stripQuotes(s: string): string {
  if (s.length > 0 && s[0] === '"' && s[s.length - 1] === '"') return s.split('"').join('');
  return s;
}

type Semantic = Value | Value[] | ExpressionToken | undefined;

/** The rules `expr: expr OP expr`, by action. */
const BINARY_ACTIONS: Partial<Record<Action, (e: Evaluation, a: Value, b: Value) => Value>> = {
  or: (e, a, b) => e.or(a, b),
  and: (e, a, b) => e.and(a, b),
  eq: (e, a, b) => e.compare(a, b, (c) => c === 0),
  gt: (e, a, b) => e.compare(a, b, (c) => c > 0),
  lt: (e, a, b) => e.compare(a, b, (c) => c < 0),
  ge: (e, a, b) => e.compare(a, b, (c) => c >= 0),
  le: (e, a, b) => e.compare(a, b, (c) => c <= 0),
  ne: (e, a, b) => e.notEqual(a, b),
  plus: (e, a, b) => e.plus(a, b),
  minus: (e, a, b) => e.minus(a, b),
  times: (e, a, b) => e.times(a, b),
  div: (e, a, b) => e.div(a, b),
  rem: (e, a, b) => e.rem(a, b),
  colon: (e, a, b) => e.match(a, b, true),
  eqtilde: (e, a, b) => e.match(a, b, false),
  tildetilde: (e, a, b) => e.concat(a, b),
};

/**
 * Evaluates one expression (the text between `$[` and `]`, already
 * substituted). Returns the text ast_expr() writes: the value, or `0` when
 * the parse failed before any value was stored.
 */
export function evaluateExpression(expression: string, log: AsteriskLogger, at?: LogLocation): string {
  const t = parserTables();
  const evaluation = new Evaluation(log, at);
  const lexer = new ExpressionLexer(expression);
  const states: number[] = [0];
  const values: Semantic[] = [undefined];
  let lookahead: ExpressionToken | undefined;
  let result: Value | undefined;

  const reduce = (ruleNumber: number) => {
    const rule = t.rules[ruleNumber]!;
    const args = values.splice(values.length - rule.length, rule.length);
    states.splice(states.length - rule.length, rule.length);
    const v = (i: number) => args[i] as Value;
    let out: Semantic;
    switch (rule.action!) {
      case 'start':
        result = v(0);
        break;
      case 'start-empty':
        result = new Value('string', '');
        break;
      case 'arg-first':
        out = [v(0)];
        break;
      case 'arg-next':
        out = [...(args[0] as Value[]), v(2)];
        break;
      case 'arg-empty':
        out = [...(args[0] as Value[]), Value.string('')];
        break;
      case 'call':
        out = evaluation.call(v(0), args[2] as Value[]);
        break;
      case 'token':
        out = v(0);
        break;
      case 'paren':
        out = v(1);
        break;
      case 'negate':
        out = evaluation.negate(v(1));
        break;
      case 'compl':
        out = evaluation.compl(v(1));
        break;
      case 'cond':
        out = evaluation.cond(v(0), v(2), v(4));
        break;
      default:
        out = BINARY_ACTIONS[rule.action!]!(evaluation, v(0), v(2));
    }
    const from = states[states.length - 1]!;
    states.push(t.gotos[from]!.get(rule.lhs)!);
    values.push(out);
  };

  for (;;) {
    const state = states[states.length - 1]!;
    if (state === t.finalState) break;
    if (t.lookaheadFree[state]) {
      reduce(t.defaultReduction[state]!);
      continue;
    }
    lookahead ??= lexer.next();
    const token = TOKEN_NUMBER.get(lookahead.type)!;
    const action = t.actions[state]!.get(token);
    if (action?.kind === 'shift') {
      states.push(action.state);
      values.push(lookahead.type === 'TOKEN' ? new Value(lookahead.kind, lookahead.text) : lookahead);
      lookahead = undefined;
      continue;
    }
    if (action?.kind === 'reduce') {
      reduce(action.rule);
      continue;
    }
    if (action === undefined && t.defaultReduction[state]! >= 0) {
      reduce(t.defaultReduction[state]!);
      continue;
    }
    syntaxError(log, at, syntaxErrorMessage(t, state, token), expression, lexer.textOffset);
    break;
  }
  if (!result) return '0';
  return result.type === 'number' ? formatG(result.n) : (result.s ?? '');
}

function syntaxError(log: AsteriskLogger, at: LogLocation | undefined, message: string, input: string, column: number): void {
  log.add(
    'WARNING',
    'ast_expr2.fl:468',
    'ast_yyerror',
    'W_EXPR_SYNTAX',
    `ast_yyerror():  syntax error: ${substituteTokenNames(message)}; Input:\n${input}\n${' '.repeat(column)}^`,
    at,
  );
  log.add(
    'WARNING',
    'ast_expr2.fl:472',
    'ast_yyerror',
    'W_EXPR_SYNTAX_HELP',
    'If you have questions, please refer to https://docs.asterisk.org/Configuration/Dialplan/Variables/Channel-Variables/',
    at,
  );
}

