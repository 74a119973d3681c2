import { bitLength, isqrt, LongDouble } from './long-double.js';

/**
 * The math functions op_func evaluates itself (ast_expr2.y: COS ... LOG10,
 * REMAINDER, ABS), with the long double functions of glibc (cosl, expl,
 * ...). Each one is computed here in fixed point with a few hundred bits
 * and rounded once to the nearest long double: glibc's long double
 * functions are accurate to within an ulp or so, and `%.18Lg` shows about
 * 60 of the 64 bits, so the printed digits agree except in the rare cases
 * where glibc's last bit differs from the correctly rounded one (measured
 * against glibc in the notes of this work).
 *
 * Special values follow C99 Annex F as glibc implements it; invalid
 * operations give the x87 default NaN (printed `-nan`), except where glibc
 * returns a positive NaN (logl of a negative number prints `nan`).
 */

/** Working precision in bits (fixed point: a bigint F stands for F / 2^P). */
const P = 320;
const ONE = 1n << BigInt(P);

const mul = (a: bigint, b: bigint) => (a * b) >> BigInt(P);
const div = (a: bigint, b: bigint) => (a << BigInt(P)) / b;

const cache = new Map<string, bigint>();

/** atan(1/k) in fixed point with `bits` fraction bits. */
function atanInverse(k: bigint, bits: number): bigint {
  const one = 1n << BigInt(bits);
  let term = one / k;
  let sum = term;
  const k2 = k * k;
  for (let n = 1n; term !== 0n; n++) {
    term /= k2;
    const t = term / (2n * n + 1n);
    sum += n % 2n === 1n ? -t : t;
  }
  return sum;
}

/** pi with `bits` fraction bits (Machin's formula), cached. */
function pi(bits: number): bigint {
  const key = `pi${bits}`;
  let value = cache.get(key);
  if (value === undefined) {
    const guard = 16;
    value = (16n * atanInverse(5n, bits + guard) - 4n * atanInverse(239n, bits + guard)) >> BigInt(guard);
    cache.set(key, value);
  }
  return value;
}

/** ln 2 in fixed point: 2 atanh(1/3). */
function ln2(): bigint {
  let value = cache.get('ln2');
  if (value === undefined) {
    value = 2n * atanhInverse(3n);
    cache.set('ln2', value);
  }
  return value;
}

function atanhInverse(k: bigint): bigint {
  let term = ONE / k;
  let sum = term;
  const k2 = k * k;
  for (let n = 1n; term !== 0n; n++) {
    term /= k2;
    sum += term / (2n * n + 1n);
  }
  return sum;
}

/** x as a fixed-point bigint (exact unless x has bits below 2^-P). */
function toFixed(x: LongDouble): bigint {
  const shift = x.exponent + P;
  const m = x.negative ? -x.mantissa : x.mantissa;
  return shift >= 0 ? m << BigInt(shift) : m >> BigInt(-shift);
}

function fromFixed(f: bigint, scale = 0): LongDouble {
  if (f === 0n) return LongDouble.ZERO;
  return LongDouble.fromRational(f < 0n, f < 0n ? -f : f, 1n, scale - P);
}

/** exp(x) for a fixed-point x, as mantissa and power of two: exp(x) = f * 2^k. */
function expFixed(x: bigint): { f: bigint; k: number } {
  const l2 = ln2();
  // x = k ln2 + r, |r| <= ln2 / 2; then exp(r) = exp(r / 2^8)^(2^8).
  let k = x / l2;
  let r = x - k * l2;
  if (2n * r > l2) (r -= l2, (k += 1n));
  if (2n * r < -l2) (r += l2, (k -= 1n));
  const halvings = 8;
  r >>= BigInt(halvings);
  let term = ONE;
  let sum = ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = mul(term, r) / n;
    sum += term;
  }
  for (let i = 0; i < halvings; i++) sum = mul(sum, sum);
  return { f: sum, k: Number(k) };
}

/** ln of m * 2^e (m > 0) in fixed point. */
function lnParts(m: bigint, e: number): bigint {
  // m * 2^e = y * 2^(e + bits - 1) with y in [1, 2); ln y = 2 atanh((y - 1) / (y + 1)).
  const bits = bitLength(m);
  const y = bits - 1 - P >= 0 ? m >> BigInt(bits - 1 - P) : m << BigInt(P - bits + 1);
  const z = div(y - ONE, y + ONE);
  const z2 = mul(z, z);
  let term = z;
  let sum = z;
  for (let n = 1n; term !== 0n; n++) {
    term = mul(term, z2);
    sum += term / (2n * n + 1n);
  }
  return 2n * sum + BigInt(e + bits - 1) * ln2();
}

/** atan of a fixed-point value in [0, 1]. */
function atanSmall(x: bigint): bigint {
  // Three halvings: atan(x) = 2 atan(x / (1 + sqrt(1 + x^2))).
  let doublings = 0n;
  for (let i = 0; i < 3; i++) {
    x = div(x, ONE + isqrt((ONE + mul(x, x)) << BigInt(P)));
    doublings++;
  }
  const x2 = mul(x, x);
  let term = x;
  let sum = x;
  for (let n = 1n; term !== 0n; n++) {
    term = mul(term, x2);
    const t = term / (2n * n + 1n);
    sum += n % 2n === 1n ? -t : t;
  }
  return sum << doublings;
}

/** atan(n / d) for n, d >= 0 (not both zero), when the result is not tiny (see atanOf). */
function atanRatio(n: bigint, d: bigint): bigint {
  if (n <= d) return atanSmall((n << BigInt(P)) / d);
  return pi(P) / 2n - atanSmall((d << BigInt(P)) / n);
}

/** atan(±n/d) as a long double; below 2^-100 atan(q) rounds like q itself (q^3/3 is far below an ulp). */
function atanOf(negative: boolean, n: bigint, d: bigint): LongDouble {
  if (bitLength(d) - bitLength(n) > 100) return LongDouble.fromRational(negative, n, d);
  const angle = atanRatio(n, d);
  return fromFixed(negative ? -angle : angle);
}

/** sin and cos of x (any size): reduced by pi/2 with enough bits of pi. */
function sinCos(x: LongDouble): { sin: bigint; cos: bigint } {
  const bits = P + Math.max(0, x.exponent + 64) + 32;
  const halfPi = pi(bits) >> 1n;
  const m = x.negative ? -x.mantissa : x.mantissa;
  // x in fixed point with `bits` fraction bits.
  const X = x.exponent + bits >= 0 ? m << BigInt(x.exponent + bits) : m >> BigInt(-(x.exponent + bits));
  let q = X / halfPi;
  let r = X - q * halfPi;
  if (2n * r > halfPi) (r -= halfPi, (q += 1n));
  if (2n * r < -halfPi) (r += halfPi, (q -= 1n));
  const R = r >> BigInt(bits - P);
  const r2 = mul(R, R);
  let term = R;
  let s = R;
  for (let n = 1n; term !== 0n; n++) {
    term = -mul(term, r2) / ((2n * n) * (2n * n + 1n));
    s += term;
  }
  term = ONE;
  let c = ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = -mul(term, r2) / ((2n * n - 1n) * (2n * n));
    c += term;
  }
  switch (Number(((q % 4n) + 4n) % 4n)) {
    case 0:
      return { sin: s, cos: c };
    case 1:
      return { sin: c, cos: -s };
    case 2:
      return { sin: -s, cos: -c };
    default:
      return { sin: -c, cos: s };
  }
}

const NAN = LongDouble.DEFAULT_NAN;
const POSITIVE_NAN = LongDouble.NAN;

/** sin x for tiny x is x (the correctly rounded result, within glibc's reach). */
const tiny = (x: LongDouble) => x.kind === 'finite' && !x.isZero && x.exponent + 64 < -P / 2;

function exp(x: LongDouble, scale: () => bigint = () => ONE): LongDouble {
  if (x.isNaN) return x;
  if (x.isInfinite) return x.negative ? LongDouble.ZERO : x;
  if (x.isZero) return LongDouble.fromInteger(1);
  const limit = LongDouble.fromInteger(40000);
  if (x.abs().greaterThan(limit)) return x.negative ? LongDouble.ZERO : LongDouble.INFINITY;
  const { f, k } = expFixed(mul(toFixed(x), scale()));
  return fromFixed(f, k);
}

function log(x: LongDouble, divisor?: () => bigint): LongDouble {
  if (x.isNaN) return x;
  if (x.isZero) return LongDouble.NEGATIVE_INFINITY;
  if (x.negative) return POSITIVE_NAN;
  if (x.isInfinite) return x;
  const ln = lnParts(x.mantissa, x.exponent);
  return fromFixed(divisor ? div(ln, divisor()) : ln);
}

function asinAcos(x: LongDouble, which: 'asin' | 'acos'): LongDouble {
  if (x.isNaN) return x;
  const one = LongDouble.fromInteger(1);
  if (x.abs().greaterThan(one)) return POSITIVE_NAN;
  if (which === 'asin' && (x.isZero || tiny(x))) return x;
  const X = toFixed(x);
  const root = isqrt((ONE - mul(X, X)) << BigInt(P));
  const a = X < 0n ? -X : X;
  if (which === 'asin') {
    const angle = root === 0n ? pi(P) / 2n : atanRatio(a, root);
    return fromFixed(X < 0n ? -angle : angle);
  }
  const angle = a === 0n ? pi(P) / 2n : atanRatio(root, a);
  return fromFixed(X < 0n ? pi(P) - angle : angle);
}

function atan2(y: LongDouble, x: LongDouble): LongDouble {
  if (y.isNaN) return y;
  if (x.isNaN) return x;
  const sign = (v: bigint) => (y.negative ? -v : v);
  if (y.isZero) return x.negative ? fromFixed(sign(pi(P))) : y;
  if (x.isZero || y.isInfinite) {
    if (y.isInfinite && x.isInfinite) return fromFixed(sign(x.negative ? (3n * pi(P)) / 4n : pi(P) / 4n));
    return fromFixed(sign(pi(P) / 2n));
  }
  if (x.isInfinite) return x.negative ? fromFixed(sign(pi(P))) : y.negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
  const { n: yn, d: yd } = y.abs().toRational();
  const { n: xn, d: xd } = x.abs().toRational();
  if (!x.negative) return atanOf(y.negative, yn * xd, xn * yd);
  const angle = atanRatio(yn * xd, xn * yd);
  return fromFixed(sign(pi(P) - angle));
}

function isInteger(x: LongDouble): boolean {
  return x.kind === 'finite' && x.toIntegral('trunc').equals(x);
}

function isOdd(x: LongDouble): boolean {
  if (!isInteger(x) || x.exponent > 0) return false;
  return ((x.mantissa >> BigInt(-x.exponent)) & 1n) === 1n;
}

function pow(x: LongDouble, y: LongDouble): LongDouble {
  const one = LongDouble.fromInteger(1);
  if (y.isZero || x.equals(one)) return one;
  if (x.isNaN) return x;
  if (y.isNaN) return y;
  if (x.isZero) {
    const odd = isOdd(y);
    if (y.negative) return odd && x.negative ? LongDouble.NEGATIVE_INFINITY : LongDouble.INFINITY;
    return odd && x.negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
  }
  if (x.negative && !isInteger(y) && !y.isInfinite) return NAN;
  const negative = x.negative && isOdd(y);
  const ax = x.abs();
  if (y.isInfinite) {
    if (ax.equals(one)) return one;
    return ax.greaterThan(one) !== y.negative ? LongDouble.INFINITY : LongDouble.ZERO;
  }
  if (ax.isInfinite) return y.negative ? (negative ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO) : negative ? LongDouble.NEGATIVE_INFINITY : LongDouble.INFINITY;
  // Small integer powers exactly, the rest through exp(y ln x).
  let result: LongDouble;
  const { n: xn, d: xd } = ax.toRational();
  const size = (bitLength(xn) + bitLength(xd)) * Math.abs(y.toNumber());
  if (isInteger(y) && size < 1 << 18) {
    const exact = y.toRational();
    const n = Number(exact.n / exact.d);
    const k = BigInt(Math.abs(n));
    result = n >= 0 ? LongDouble.fromRational(false, xn ** k, xd ** k) : LongDouble.fromRational(false, xd ** k, xn ** k);
  } else {
    const lnx = lnParts(ax.mantissa, ax.exponent);
    const product = mul(lnx, toFixed(y));
    if (product > 40000n * ONE) result = LongDouble.INFINITY;
    else if (product < -40000n * ONE) result = LongDouble.ZERO;
    else {
      const { f, k } = expFixed(product);
      result = fromFixed(f, k);
    }
  }
  return negative ? result.negate() : result;
}

function trig(x: LongDouble, which: 'sin' | 'cos' | 'tan'): LongDouble {
  if (x.isNaN) return x;
  if (x.isInfinite) return NAN;
  if (which !== 'cos' && (x.isZero || tiny(x))) return x;
  const { sin, cos } = sinCos(x);
  if (which === 'sin') return fromFixed(sin);
  if (which === 'cos') return fromFixed(cos);
  return fromFixed(div(sin, cos));
}

export const UNARY: ReadonlyMap<string, (x: LongDouble) => LongDouble> = new Map<string, (x: LongDouble) => LongDouble>([
  ['COS', (x) => trig(x, 'cos')],
  ['SIN', (x) => trig(x, 'sin')],
  ['TAN', (x) => trig(x, 'tan')],
  ['ACOS', (x) => asinAcos(x, 'acos')],
  ['ASIN', (x) => asinAcos(x, 'asin')],
  [
    'ATAN',
    (x) => {
      if (x.isNaN || x.isZero || tiny(x)) return x;
      if (x.isInfinite) return fromFixed(x.negative ? -pi(P) / 2n : pi(P) / 2n);
      const { n, d } = x.abs().toRational();
      return atanOf(x.negative, n, d);
    },
  ],
  ['SQRT', (x) => x.sqrt()],
  ['FLOOR', (x) => x.toIntegral('floor')],
  ['CEIL', (x) => x.toIntegral('ceil')],
  ['ROUND', (x) => x.toIntegral('round')],
  ['RINT', (x) => x.toIntegral('even')],
  ['TRUNC', (x) => x.toIntegral('trunc')],
  ['EXP', (x) => exp(x)],
  ['EXP2', (x) => (isInteger(x) ? pow(LongDouble.fromInteger(2), x) : exp(x, ln2))],
  ['EXP10', (x) => (isInteger(x) ? pow(LongDouble.fromInteger(10), x) : exp(x, () => lnParts(10n, 0)))],
  ['LOG', (x) => log(x)],
  ['LOG2', (x) => log(x, ln2)],
  ['LOG10', (x) => log(x, () => lnParts(10n, 0))],
]);

export const BINARY: ReadonlyMap<string, (x: LongDouble, y: LongDouble) => LongDouble> = new Map<string, (x: LongDouble, y: LongDouble) => LongDouble>([
  ['ATAN2', atan2],
  ['POW', pow],
  ['REMAINDER', (x, y) => x.remainder(y)],
]);
