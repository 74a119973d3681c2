/**
 * The x87 80-bit `long double` Asterisk's expression evaluator computes with.
 *
 * ast_expr2.y defines FP___TYPE as `long double` (glibc defines
 * __USE_ISOC99, so the `#ifdef __USE_ISOC99` branch is taken) and prints
 * results with `%.18Lg`: `1/3` is `0.333333333333333333`, `2^63 + 1`
 * prints `9.22337203685477581e+18`. JavaScript doubles cannot give those
 * digits, so values here are exact binary numbers: a 64-bit significand and
 * a power of two, every operation computed exactly with BigInt and then
 * rounded once to nearest-even, as the x87 unit does with its precision
 * control set to 64 bits (Linux's default). Subnormals, infinities, signed
 * zeros and the x87 "default NaN" (which has its sign bit set, so glibc
 * prints it as `-nan`) are kept because their printed forms differ; a NaN
 * operand passes through an operation with its sign.
 */

/** Bits in the significand. */
const BITS = 64;
const TOP = 1n << 63n;
const LIMIT = 1n << 64n;
/** Exponent (of the significand's last bit) of the smallest subnormal, 2^-16445. */
const EXP_MIN = -16445;
/** Exponent of the last bit of the largest finite value, (2^64 - 1) * 2^16320. */
const EXP_MAX = 16320;

export class LongDouble {
  /** Use the factories; the fields must already be a rounded long double. */
  constructor(
    /** Sign bit (also of zeros and NaNs). */
    readonly negative: boolean,
    /** Significand: below 2^64; at least 2^63 unless the value is zero or subnormal. */
    readonly mantissa: bigint,
    /** The value is `mantissa * 2^exponent`. */
    readonly exponent: number,
    readonly kind: 'finite' | 'infinite' | 'nan',
  ) {}

  static readonly ZERO = new LongDouble(false, 0n, 0, 'finite');
  static readonly NEGATIVE_ZERO = new LongDouble(true, 0n, 0, 'finite');
  static readonly INFINITY = new LongDouble(false, 0n, 0, 'infinite');
  static readonly NEGATIVE_INFINITY = new LongDouble(true, 0n, 0, 'infinite');
  /** What an invalid x87 operation (inf - inf, 0 * inf) produces: a NaN with the sign bit set. */
  static readonly DEFAULT_NAN = new LongDouble(true, 0n, 0, 'nan');
  static readonly NAN = new LongDouble(false, 0n, 0, 'nan');

  static fromInteger(value: number | bigint): LongDouble {
    const big = BigInt(value);
    return big < 0n ? round(true, -big, 0, false) : round(false, big, 0, false);
  }

  /** `value = n / d * 2^e2`, n >= 0, d > 0, rounded to nearest-even. */
  static fromRational(negative: boolean, n: bigint, d: bigint, e2 = 0): LongDouble {
    return rational(negative, n, d, e2);
  }

  get isNaN(): boolean {
    return this.kind === 'nan';
  }
  get isInfinite(): boolean {
    return this.kind === 'infinite';
  }
  get isZero(): boolean {
    return this.kind === 'finite' && this.mantissa === 0n;
  }

  negate(): LongDouble {
    return new LongDouble(!this.negative, this.mantissa, this.exponent, this.kind);
  }

  abs(): LongDouble {
    return this.negative ? this.negate() : this;
  }

  add(other: LongDouble): LongDouble {
    if (this.isNaN) return this;
    if (other.isNaN) return other;
    if (this.isInfinite || other.isInfinite) {
      if (this.isInfinite && other.isInfinite && this.negative !== other.negative) return LongDouble.DEFAULT_NAN;
      return this.isInfinite ? this : other;
    }
    if (this.isZero && other.isZero) return this.negative && other.negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
    if (this.isZero) return other;
    if (other.isZero) return this;
    const e = Math.min(this.exponent, other.exponent);
    const a = signed(this) << BigInt(this.exponent - e);
    const b = signed(other) << BigInt(other.exponent - e);
    const sum = a + b;
    if (sum === 0n) return LongDouble.ZERO;
    return sum < 0n ? round(true, -sum, e, false) : round(false, sum, e, false);
  }

  /** A NaN operand comes through unchanged, sign included (x87 fsub): `0 - nan` is `nan`, not `-nan`. */
  subtract(other: LongDouble): LongDouble {
    if (this.isNaN) return this;
    if (other.isNaN) return other;
    return this.add(other.negate());
  }

  multiply(other: LongDouble): LongDouble {
    const negative = this.negative !== other.negative;
    if (this.isNaN) return this;
    if (other.isNaN) return other;
    if (this.isInfinite || other.isInfinite) {
      if (this.isZero || other.isZero) return LongDouble.DEFAULT_NAN;
      return negative ? LongDouble.NEGATIVE_INFINITY : LongDouble.INFINITY;
    }
    if (this.isZero || other.isZero) return negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
    return round(negative, this.mantissa * other.mantissa, this.exponent + other.exponent, false);
  }

  divide(other: LongDouble): LongDouble {
    const negative = this.negative !== other.negative;
    if (this.isNaN) return this;
    if (other.isNaN) return other;
    if (this.isInfinite) {
      if (other.isInfinite) return LongDouble.DEFAULT_NAN;
      return negative ? LongDouble.NEGATIVE_INFINITY : LongDouble.INFINITY;
    }
    if (other.isInfinite) return negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
    if (other.isZero) {
      if (this.isZero) return LongDouble.DEFAULT_NAN;
      return negative ? LongDouble.NEGATIVE_INFINITY : LongDouble.INFINITY;
    }
    if (this.isZero) return negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
    return rational(negative, this.mantissa, other.mantissa, this.exponent - other.exponent);
  }

  /** fmodl: the exact remainder of truncating division, with the sign of `this`. */
  fmod(other: LongDouble): LongDouble {
    if (this.isNaN) return this;
    if (other.isNaN) return other;
    if (this.isInfinite || other.isZero) return LongDouble.DEFAULT_NAN;
    if (other.isInfinite || this.isZero) return this;
    const e = Math.min(this.exponent, other.exponent);
    const a = this.mantissa << BigInt(this.exponent - e);
    const b = other.mantissa << BigInt(other.exponent - e);
    const r = a % b;
    if (r === 0n) return this.negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
    return round(this.negative, r, e, false);
  }

  /** remainderl: `this - n * other` with n the integer nearest to the quotient (ties to even). */
  remainder(other: LongDouble): LongDouble {
    if (this.isNaN) return this;
    if (other.isNaN) return other;
    if (this.isInfinite || other.isZero) return LongDouble.DEFAULT_NAN;
    if (other.isInfinite) return this;
    if (this.isZero) return this;
    const e = Math.min(this.exponent, other.exponent);
    const a = this.mantissa << BigInt(this.exponent - e);
    const b = other.mantissa << BigInt(other.exponent - e);
    let q = a / b;
    let r = a - q * b;
    if (2n * r > b || (2n * r === b && (q & 1n) === 1n)) {
      r -= b;
      q += 1n;
    }
    if (r === 0n) return this.negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
    const negative = r < 0n ? !this.negative : this.negative;
    return round(negative, r < 0n ? -r : r, e, false);
  }

  sqrt(): LongDouble {
    if (this.isNaN) return this;
    if (this.isZero) return this;
    if (this.negative) return LongDouble.DEFAULT_NAN;
    if (this.isInfinite) return this;
    // sqrt(m * 2^e) with e made even and m widened so the root has 70+ bits.
    let m = this.mantissa;
    let e = this.exponent;
    if (e % 2 !== 0) {
      m <<= 1n;
      e -= 1;
    }
    const widen = 160;
    const n = m << BigInt(widen);
    const q = isqrt(n);
    return round(false, q, (e - widen) / 2, q * q !== n);
  }

  /** Rounding to an integral value: floor, ceil, trunc, round (half away from zero), rint (half to even). */
  toIntegral(mode: 'floor' | 'ceil' | 'trunc' | 'round' | 'even'): LongDouble {
    if (this.kind !== 'finite' || this.exponent >= 0 || this.isZero) return this;
    const shift = BigInt(-this.exponent);
    const whole = this.mantissa >> shift;
    const fraction = this.mantissa - (whole << shift);
    if (fraction === 0n) return this;
    const half = 1n << (shift - 1n);
    let up: boolean;
    switch (mode) {
      case 'trunc':
        up = false;
        break;
      case 'floor':
        up = this.negative;
        break;
      case 'ceil':
        up = !this.negative;
        break;
      case 'round':
        up = fraction >= half;
        break;
      case 'even':
        up = fraction > half || (fraction === half && (whole & 1n) === 1n);
        break;
    }
    const result = up ? whole + 1n : whole;
    if (result === 0n) return this.negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
    return round(this.negative, result, 0, false);
  }

  /** C's `==` (NaN is unequal to everything, -0 == 0). */
  equals(other: LongDouble): boolean {
    return compare(this, other) === 0;
  }
  lessThan(other: LongDouble): boolean {
    return compare(this, other) === -1;
  }
  greaterThan(other: LongDouble): boolean {
    return compare(this, other) === 1;
  }

  /** The exact value as a fraction `n / d` (finite values only). */
  toRational(): { n: bigint; d: bigint } {
    const m = this.negative ? -this.mantissa : this.mantissa;
    return this.exponent >= 0 ? { n: m << BigInt(this.exponent), d: 1n } : { n: m, d: 1n << BigInt(-this.exponent) };
  }

  /** The nearest double (for the few places that only need an approximation). */
  toNumber(): number {
    if (this.isNaN) return NaN;
    if (this.isInfinite) return this.negative ? -Infinity : Infinity;
    const value = Number(this.mantissa) * 2 ** this.exponent;
    const fixed = Number.isFinite(value) ? value : this.mantissa === 0n ? 0 : Number(this.mantissa >> 11n) * 2 ** (this.exponent + 11);
    return this.negative ? -fixed : fixed;
  }

  /** C's `(long double)x != 0` as a truth value. */
  get isTrue(): boolean {
    return !this.isZero;
  }
}

function signed(x: LongDouble): bigint {
  return x.negative ? -x.mantissa : x.mantissa;
}

/** -1, 0, 1, or NaN when unordered. */
function compare(a: LongDouble, b: LongDouble): number {
  if (a.isNaN || b.isNaN) return NaN;
  const rank = (x: LongDouble) => (x.isInfinite ? (x.negative ? -1 : 1) : 0);
  if (a.isInfinite || b.isInfinite) {
    const d = rank(a) - rank(b);
    return d === 0 ? 0 : d < 0 ? -1 : 1;
  }
  const e = Math.min(a.exponent, b.exponent);
  const x = a.isZero ? 0n : signed(a) << BigInt(a.exponent - e);
  const y = b.isZero ? 0n : signed(b) << BigInt(b.exponent - e);
  return x === y ? 0 : x < y ? -1 : 1;
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** floor(sqrt(n)) for n >= 0 (Newton's method on BigInt). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * Rounds `q * 2^e` (plus something below one unit of q when `sticky`) to
 * the nearest long double, ties to even. q must carry at least two bits
 * beyond the 64 kept when `sticky` is set, so the tie is decided right.
 */
function round(negative: boolean, q: bigint, e: number, sticky: boolean): LongDouble {
  if (q === 0n && !sticky) return negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
  let shift = bitLength(q) - BITS;
  if (e + shift < EXP_MIN) shift = EXP_MIN - e;
  let kept: bigint;
  if (shift > 0) {
    const s = BigInt(shift);
    kept = q >> s;
    const dropped = q - (kept << s);
    const half = 1n << (s - 1n);
    if (dropped > half || (dropped === half && (sticky || (kept & 1n) === 1n))) kept += 1n;
  } else {
    kept = q << BigInt(-shift);
  }
  let exponent = e + shift;
  if (kept === LIMIT) {
    kept = TOP;
    exponent += 1;
  }
  if (exponent > EXP_MAX) return negative ? LongDouble.NEGATIVE_INFINITY : LongDouble.INFINITY;
  if (kept === 0n) return negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
  return new LongDouble(negative, kept, exponent, 'finite');
}

/** `n / d * 2^e2` rounded: the quotient is taken with 66+ significant bits and a sticky remainder. */
function rational(negative: boolean, n: bigint, d: bigint, e2: number): LongDouble {
  if (n === 0n) return negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
  const k = BITS + 2 - (bitLength(n) - bitLength(d));
  const num = k >= 0 ? n << BigInt(k) : n;
  const den = k >= 0 ? d : d << BigInt(-k);
  const q = num / den;
  return round(negative, q, e2 - k, q * den !== num);
}

/**
 * strtold on the strings the evaluator converts: the longest prefix of the
 * form `digits[.digits]` (also `.5`, `5.`), correctly rounded as glibc
 * does; no digits at all gives 0. (Numeric strings hold only digits and
 * dots, see values.ts, so signs, exponents, hex and `inf` never occur.)
 */
export function parseDecimal(text: string): LongDouble {
  const match = /^[ \t\n\v\f\r]*([+-]?)(\d*)(?:\.(\d*))?/.exec(text);
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (whole === '' && fraction === '') return LongDouble.ZERO;
  const negative = match?.[1] === '-';
  const n = BigInt(whole + fraction || '0');
  return LongDouble.fromRational(negative, n, 10n ** BigInt(fraction.length));
}

/**
 * printf's `%.<precision>Lg` as glibc prints a long double: the exact
 * binary value rounded to `precision` significant digits (ties to even),
 * fixed notation when the decimal exponent X satisfies -4 <= X < precision,
 * otherwise `d.ddde+XX`; trailing zeros and a bare point removed.
 */
export function formatG(x: LongDouble, precision = 18): string {
  if (x.isNaN) return x.negative ? '-nan' : 'nan';
  if (x.isInfinite) return x.negative ? '-inf' : 'inf';
  if (x.isZero) return x.negative ? '-0' : '0';
  const sign = x.negative ? '-' : '';
  const { n: signedN, d } = x.toRational();
  const n = signedN < 0n ? -signedN : signedN;
  // Decimal exponent: 10^X <= n/d < 10^(X+1).
  let X = Math.floor((bitLength(n) - bitLength(d)) * Math.LOG10E * Math.LN2);
  const atLeast = (k: number) => (k >= 0 ? n >= d * 10n ** BigInt(k) : n * 10n ** BigInt(-k) >= d);
  while (!atLeast(X)) X--;
  while (atLeast(X + 1)) X++;
  // Round n/d * 10^(P-1-X) to an integer of P digits.
  const scale = precision - 1 - X;
  const num = scale >= 0 ? n * 10n ** BigInt(scale) : n;
  const den = scale >= 0 ? d : d * 10n ** BigInt(-scale);
  let digits = num / den;
  const rest = num - digits * den;
  if (2n * rest > den || (2n * rest === den && (digits & 1n) === 1n)) digits += 1n;
  if (digits === 10n ** BigInt(precision)) {
    digits /= 10n;
    X += 1;
  }
  const text = digits.toString();
  if (X < precision && X >= -4) {
    let fixed: string;
    if (X >= 0) {
      fixed = text.slice(0, X + 1) + '.' + text.slice(X + 1);
    } else {
      fixed = '0.' + '0'.repeat(-X - 1) + text;
    }
    return sign + stripZeros(fixed);
  }
  const mantissa = stripZeros(text[0] + '.' + text.slice(1));
  const exponent = Math.abs(X).toString().padStart(2, '0');
  return `${sign}${mantissa}e${X < 0 ? '-' : '+'}${exponent}`;
}

function stripZeros(fixed: string): string {
  if (!fixed.includes('.')) return fixed;
  const trimmed = fixed.replace(/0+$/, '');
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}
