import { formatG, LongDouble, parseDecimal } from './long-double.js';

/**
 * The values of ast_expr2.y (`struct val`): a number (long double), a
 * numeric string (digits, as the lexer or make_str found them) or a string.
 *
 * Values are mutable on purpose: to_number() turns a numeric string into a
 * number in place, and several operators return one of their operands
 * after testing it, so `01 | 5` is `1` (is_zero_or_null converted the
 * `01`) while `0 | 007` is `007` (the second operand is returned
 * untouched).
 */
export class Value {
  constructor(
    public type: 'number' | 'numeric_string' | 'string',
    /** The text of a (numeric) string; null after a failed conversion, as Asterisk frees it. */
    public s: string | null,
    public n: LongDouble = LongDouble.ZERO,
  ) {}

  static number(n: LongDouble): Value {
    return new Value('number', null, n);
  }

  /**
   * make_str: a numeric string when the text starts with a digit, `-` or
   * `.` and holds only digits and dots (so a leading `-` never passes the
   * second test: `-5` from a regex capture is a plain string).
   */
  static string(s: string): Value {
    let numeric = s.length > 0 && (isDigit(s.charCodeAt(0)) || s[0] === '-' || s[0] === '.');
    for (let i = 0; numeric && i < s.length; i++) if (!isDigit(s.charCodeAt(i)) && s[i] !== '.') numeric = false;
    return new Value(numeric ? 'numeric_string' : 'string', s);
  }

  /** isstring(): only plain strings (numeric strings compare as numbers). */
  get isString(): boolean {
    return this.type === 'string';
  }

  /** The text to_string() leaves: numbers printed with `%.18Lg`. */
  toText(): string {
    this.toStringInPlace();
    return this.s ?? '';
  }

  toStringInPlace(): void {
    if (this.type === 'number') {
      this.s = formatG(this.n);
      this.type = 'string';
    }
  }
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * to_number: a numeric string becomes a number (strtold); a plain string
 * stays and reports failure. strtold's ERANGE (overflow to infinity, or a
 * result too small for a normal long double) makes Asterisk warn, free the
 * text and fail; `onRangeError` logs that warning.
 */
export function toNumber(v: Value, onRangeError: (text: string) => void): boolean {
  if (v.type === 'number') return true;
  if (v.type === 'string') return false;
  const text = v.s ?? '';
  const n = parseDecimal(text);
  // ERANGE: overflow to infinity, or a nonzero number that came out zero or subnormal.
  const digits = /^(\d*)(?:\.(\d*))?/.exec(text);
  const nonzero = /[1-9]/.test(`${digits?.[1] ?? ''}${digits?.[2] ?? ''}`);
  if (n.isInfinite || (nonzero && (n.isZero || n.mantissa < 1n << 63n))) {
    onRangeError(text);
    v.s = null;
    return false;
  }
  v.type = 'number';
  v.n = n;
  v.s = null;
  return true;
}

/** strcoll in the C locale Asterisk runs in: byte order. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
