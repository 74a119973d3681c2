import { rng } from './generate.js';

/**
 * A seeded generator of `$[...]` expressions for the differential test of
 * the expression evaluator (test/integration/expressions.test.ts), and the
 * file that shows them through a real Asterisk.
 *
 * Expressions are built from the grammar (numbers of every printed form,
 * words, quoted strings, all operators, parentheses, `?` `::`, regular
 * expressions, function calls), spaced at random (or not at all), and one
 * in five is then damaged (a token dropped, doubled or inserted, the end
 * cut off) to reach the syntax errors.
 *
 * Left out on purpose:
 * - a math function applied to something that is not a number: Asterisk
 *   then reads the bytes of a string pointer as a long double, which
 *   changes from run to run;
 * - unbalanced `[` `]` and `;`, which end the expression or the line
 *   before the evaluator sees them (the fixtures cover those);
 * - regular expressions with nested repetitions, on which glibc can take
 *   minutes;
 * - unless `transcendental` is set: LOG, LOG2, LOG10, EXP10, COS and TAN,
 *   whose glibc results differ from the correctly rounded ones in the last
 *   printed digit for a fraction of a percent of arguments.
 */
export interface ExpressionOptions {
  transcendental?: boolean;
}

const NUMBERS = ['0', '1', '2', '3', '7', '10', '007', '42', '1.5', '0.1', '2.5', '3.000', '99999999999999999999', '9223372036854775807', '9223372036854775808', '123456789012345678901234567890', '0.000001'];
const WORDS = ['a', 'abc', 'B', 'x1', 'foo', 'a.b', "it's", '_x', '#1', '@h', '$a', '1e5', '0x10', '1.', '.5', '1.5.6', '12ab', '\xc3\xa9t\xc3\xa9', '\xe9', 'z'];
const QUOTED = ['""', '"a"', '"1"', '"a b"', '"0"', '"abc"', '"x y z"', '"\xc3\xa9"'];
const BINARY = ['|', '&', '=', '==', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '~~', '||', '&&'];
const PATTERNS = ['"a(.*)"', '"^[0-9]+$"', '"(a|ab)(c|bcd)"', '"x*"', '"[[:alpha:]]+"', '"("', '"a{"', '"*a"', '"(b)"', '"\\w+"', '"[^a]"', '".(.)"', '"(.*)c"', '"[a-c]+"', '""', 'a', '1', '"[[:digit:]]*"', '"a|b"', '"\xc3\xa9"', '"(.)"', '"a?b"'];
const MATH = ['SQRT', 'FLOOR', 'CEIL', 'ROUND', 'RINT', 'TRUNC', 'ABS', 'SIN', 'ATAN', 'EXP', 'EXP2', 'ASIN', 'ACOS'];
const MATH2 = ['POW', 'ATAN2', 'REMAINDER'];
const TRANSCENDENTAL = ['LOG', 'LOG2', 'LOG10', 'EXP10', 'COS', 'TAN'];
const OTHER_FUNCTIONS = ['FOO', 'LEN', 'lower', 'FEATURE', 'X_1', '"q"'];
const DAMAGE = ['(', ')', '?', '::', ':', '=~', ',', '!', '-', '+', '*', '|', '~', '{', '}'];

export function generateExpressions(seed: number, count: number, options: ExpressionOptions = {}): string[] {
  const next = rng(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const math = options.transcendental ? [...MATH, ...TRANSCENDENTAL] : MATH;

  /** A numeric operand: only numbers (or arithmetic of numbers) may reach a math function. */
  const numeric = (depth: number): string[] => {
    if (depth <= 0 || next() < 0.6) return [next() < 0.7 ? pick(NUMBERS.slice(0, 12)) : String(int(0, 200))];
    return [...numeric(depth - 1), pick(['+', '-', '*', '/']), ...numeric(depth - 1)];
  };

  // Math calls are built as one protected unit: damage inside one could
  // leave a valid call with a string argument (`REMAINDER(2, )`, `POW(2.52.5)`).
  const protectedCall = (tokens: string[]) => [tokens.join('\u0000')];

  const expression = (depth: number): string[] => {
    const roll = next();
    if (depth <= 0 || roll < 0.3) {
      const kind = next();
      if (kind < 0.4) return [next() < 0.8 ? pick(NUMBERS) : `${int(0, 999)}${next() < 0.3 ? `.${int(0, 99)}` : ''}`];
      if (kind < 0.7) return [pick(WORDS)];
      if (kind < 0.85) return [pick(QUOTED)];
      if (kind < 0.95) {
        if (next() < 0.25) return protectedCall([pick(MATH2), '(', ...numeric(1), ',', ...numeric(1), ')']);
        return protectedCall([pick(math), '(', ...numeric(2), ')']);
      }
      return [pick(OTHER_FUNCTIONS), '(', ...expression(depth - 1), ')'];
    }
    if (roll < 0.65) return [...expression(depth - 1), pick(BINARY), ...expression(depth - 1)];
    if (roll < 0.72) return [pick(['-', '!']), ...expression(depth - 1)];
    if (roll < 0.8) return ['(', ...expression(depth - 1), ')'];
    if (roll < 0.88) return [...expression(depth - 1), '?', ...expression(depth - 1), '::', ...expression(depth - 1)];
    return [...expression(depth - 1), pick([':', '=~']), pick(PATTERNS)];
  };

  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const tokens = expression(int(1, 4));
    if (next() < 0.2) {
      const at = int(0, tokens.length - 1);
      const damage = next();
      if (damage < 0.3) tokens.splice(at, 1);
      else if (damage < 0.5) tokens.splice(at, 0, tokens[at]!);
      else if (damage < 0.8) tokens.splice(at, 0, pick(DAMAGE));
      else tokens.splice(at);
    }
    let text = '';
    const spaced = (k: number) => {
      const space = next();
      return k === 0 ? '' : space < 0.7 ? ' ' : space < 0.9 ? '' : '  ';
    };
    tokens.forEach((token, k) => {
      text += spaced(k) + token.split('\u0000').map((part, j) => (j === 0 ? part : spaced(j) + part)).join('');
    });
    out.push(text);
  }
  return out;
}

/**
 * The extensions.conf that shows the expressions: each one a `[globals]`
 * value `E<i>`, preceded by `M<i>=${MARK<i>()}`, whose "Function MARK<i>
 * not registered" error marks where that expression's messages start; the
 * context [values] prints every value as the hint of extension i + 1.
 */
export function expressionsFile(expressions: readonly string[]): string {
  const lines = ['[globals]'];
  expressions.forEach((e, i) => lines.push(`M${i}=\${MARK${i}()}`, `E${i}=$[${e}]`));
  lines.push(`M${expressions.length}=\${MARK${expressions.length}()}`, '', '[values]');
  expressions.forEach((_, i) => lines.push(`exten => ${i + 1},hint,<\${E${i}}>`));
  return lines.join('\n') + '\n';
}

/** Each expression's value (from the hints of `dialplan show`) and log lines (between the markers). */
export function splitResults(count: number, show: string, warnings: readonly string[]): Array<{ value: string | undefined; warnings: string[] }> {
  const results = Array.from({ length: count }, () => ({ value: undefined as string | undefined, warnings: [] as string[] }));
  for (const line of show.split('\n')) {
    const hint = /^\s+'(\d+)' =>\s+hint: <(.*)>\s+\[extensions\.conf:\d+\]$/.exec(line);
    if (hint) results[Number(hint[1]) - 1]!.value = hint[2];
  }
  let current = -1;
  for (const line of warnings) {
    const marker = /Function MARK(\d+) not registered$/.exec(line);
    if (marker) current = Number(marker[1]);
    else if (current >= 0 && current < count) results[current]!.warnings.push(line);
  }
  return results;
}
