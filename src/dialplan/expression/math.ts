import { LongDouble } from './long-double.js';

/**
 * The functions op_func evaluates itself (ast_expr2.y), by name and number
 * of arguments. Placeholder precision: replaced by long double versions.
 */
const viaDouble = (f: (x: number) => number) => (x: LongDouble) => fromDouble(f(x.toNumber()));

function fromDouble(x: number): LongDouble {
  if (Number.isNaN(x)) return LongDouble.DEFAULT_NAN;
  if (!Number.isFinite(x)) return x < 0 ? LongDouble.NEGATIVE_INFINITY : LongDouble.INFINITY;
  if (x === 0) return Object.is(x, -0) ? LongDouble.NEGATIVE_ZERO : LongDouble.ZERO;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const bits = buf.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const m = exp === 0 ? frac : frac | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075;
  const v = e >= 0 ? LongDouble.fromRational(false, m << BigInt(e), 1n) : LongDouble.fromRational(false, m, 1n << BigInt(-e));
  return x < 0 ? v.negate() : v;
}

export const UNARY: ReadonlyMap<string, (x: LongDouble) => LongDouble> = new Map([
  ['COS', viaDouble(Math.cos)],
  ['SIN', viaDouble(Math.sin)],
  ['TAN', viaDouble(Math.tan)],
  ['ACOS', viaDouble(Math.acos)],
  ['ASIN', viaDouble(Math.asin)],
  ['ATAN', viaDouble(Math.atan)],
  ['SQRT', (x: LongDouble) => x.sqrt()],
  ['FLOOR', (x: LongDouble) => x.toIntegral('floor')],
  ['CEIL', (x: LongDouble) => x.toIntegral('ceil')],
  ['ROUND', (x: LongDouble) => x.toIntegral('round')],
  ['RINT', (x: LongDouble) => x.toIntegral('even')],
  ['TRUNC', (x: LongDouble) => x.toIntegral('trunc')],
  ['EXP', viaDouble(Math.exp)],
  ['EXP2', viaDouble((x) => 2 ** x)],
  ['EXP10', viaDouble((x) => 10 ** x)],
  ['LOG', viaDouble(Math.log)],
  ['LOG2', viaDouble(Math.log2)],
  ['LOG10', viaDouble(Math.log10)],
]);

export const BINARY: ReadonlyMap<string, (x: LongDouble, y: LongDouble) => LongDouble> = new Map([
  ['ATAN2', (x: LongDouble, y: LongDouble) => fromDouble(Math.atan2(x.toNumber(), y.toNumber()))],
  ['POW', (x: LongDouble, y: LongDouble) => fromDouble(x.toNumber() ** y.toNumber())],
  ['REMAINDER', (x: LongDouble, y: LongDouble) => x.remainder(y)],
]);
