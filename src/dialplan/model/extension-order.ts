import { signedByte } from '../text/bytes.js';

/**
 * How Asterisk names, sorts and matches extensions (main/pbx.c), on latin1
 * strings (one char per byte). Non-patterns compare as C strings of signed
 * chars; patterns (`_...`) compare token by token, where each token has a
 * weight (literal < set < N < Z < X < `.` < `!` < end) and, on equal
 * weights, the set with the lowest byte not in the other comes first.
 * `-` is "fluff" everywhere outside `[...]`.
 */

/**
 * ext_strncpy: the stored name. Spaces are dropped (in a pattern, not inside
 * `[...]`); with `noFluff` dashes are dropped too (the comparison key).
 */
export function extensionText(name: string, noFluff: boolean): string {
  const isPattern = name.charCodeAt(0) === 95;
  if (name.indexOf(' ') < 0 && (!noFluff || name.indexOf('-') < 0)) return name;
  let out = '';
  let inSquares = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 91) {
      if (isPattern) inSquares = true;
    } else if (c === 93) {
      inSquares = false;
    } else if (c === 32 && !inSquares) {
      continue;
    } else if (c === 45 && !inSquares && noFluff) {
      continue;
    }
    out += name[i];
  }
  return out;
}

/** Reports "Wrong usage of [] in the extension" (an unclosed set met while comparing). */
export type BracketWarning = () => void;

/** ext_cmp: <0, 0, >0 like strcmp. */
export function compareExtensions(left: string, right: string, onBadSet?: BracketWarning): number {
  const leftPattern = left.charCodeAt(0) === 95;
  const rightPattern = right.charCodeAt(0) === 95;
  if (!leftPattern) {
    if (rightPattern) return -1;
    return compareLiteral(left, right);
  }
  if (!rightPattern) return 1;
  return comparePatterns(left, 1, right, 1, onBadSet);
}

/** ext_cmp_exten: signed-char comparison that skips `-` on both sides. */
function compareLiteral(left: string, right: string): number {
  if (left === right) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (left.charCodeAt(i) === 45) i++;
    while (right.charCodeAt(j) === 45) j++;
    const a = i < left.length ? signedByte(left.charCodeAt(i)) : 0;
    const b = j < right.length ? signedByte(right.charCodeAt(j)) : 0;
    const cmp = a - b;
    if (cmp !== 0 || i >= left.length) return cmp;
    i++;
    j++;
  }
}

/** One token of a pattern: its weight and, for classes and sets, its members as a 256-bit mask. */
interface PatternToken {
  weight: number;
  /** 8 words of 32 bits; bit order makes lower bytes more significant, like Asterisk's memcmp. */
  bits: Uint32Array | undefined;
  next: number;
  ended: boolean;
}

const END = 0x30000;
const classBits = (from: number, to: number) => {
  const bits = new Uint32Array(8);
  for (let c = from; c <= to; c++) bits[c >> 5]! |= 1 << (31 - (c & 31));
  return bits;
};
const N_BITS = classBits(50, 57);
const Z_BITS = classBits(49, 57);
const X_BITS = classBits(48, 57);

/** ext_cmp_pattern_pos: reads the token at `pos`. */
function readToken(text: string, pos: number, onBadSet?: BracketWarning): PatternToken {
  for (;;) {
    let c: number;
    do {
      c = pos < text.length ? text.charCodeAt(pos) : 0;
      pos++;
    } while (c === 45);
    switch (c) {
      case 78:
      case 110:
        return { weight: 0x0800 | 50, bits: N_BITS, next: pos, ended: false };
      case 88:
      case 120:
        return { weight: 0x0a00 | 48, bits: X_BITS, next: pos, ended: false };
      case 90:
      case 122:
        return { weight: 0x0900 | 49, bits: Z_BITS, next: pos, ended: false };
      case 46:
        return { weight: 0x18000, bits: undefined, next: pos, ended: false };
      case 33:
        return { weight: 0x28000, bits: undefined, next: pos, ended: false };
      case 0:
        return { weight: END, bits: undefined, next: pos, ended: true };
      case 91:
        break;
      default: {
        const bits = new Uint32Array(8);
        bits[c >> 5] = (1 << (31 - (c & 31))) >>> 0;
        return { weight: 0x0100 | c, bits, next: pos, ended: false };
      }
    }
    const end = text.indexOf(']', pos);
    if (end < 0) {
      onBadSet?.();
      return { weight: 0x40000, bits: undefined, next: pos, ended: false };
    }
    const bits = new Uint32Array(8);
    let count = 0;
    let cmin = 0xff;
    for (; pos < end; pos++) {
      let first = text.charCodeAt(pos);
      let last = first;
      if (pos + 2 < end && text.charCodeAt(pos + 1) === 45) {
        last = text.charCodeAt(pos + 2);
        pos += 2;
      }
      if (first < cmin) cmin = first;
      for (; first <= last; first++) {
        const mask = 1 << (31 - (first & 31));
        if (!(bits[first >> 5]! & mask)) {
          bits[first >> 5]! |= mask;
          count += 0x100;
        }
      }
    }
    pos = end + 1;
    if (count) return { weight: count | cmin, bits, next: pos, ended: false };
    // An empty set is skipped: read the next token instead.
  }
}

/** memcmp(right, left) over the masks: the set holding the lowest differing byte sorts first. */
function compareBits(left: Uint32Array | undefined, right: Uint32Array | undefined): number {
  for (let i = 0; i < 8; i++) {
    const a = left ? left[i]! >>> 0 : 0;
    const b = right ? right[i]! >>> 0 : 0;
    if (a !== b) return b > a ? 1 : -1;
  }
  return 0;
}

function comparePatterns(left: string, i: number, right: string, j: number, onBadSet?: BracketWarning): number {
  // Equal names compare equal, but Asterisk walks them anyway and warns at each unclosed `[` on both sides.
  if (left === right && (onBadSet === undefined || !hasUnclosedSet(left))) return 0;
  for (;;) {
    const a = readToken(left, i, onBadSet);
    const b = readToken(right, j, onBadSet);
    let cmp = a.weight - b.weight;
    if (cmp === 0) cmp = compareBits(a.bits, b.bits);
    if (cmp !== 0 || a.ended) return cmp;
    i = a.next;
    j = b.next;
  }
}

/** Whether a name holds a `[` with no `]` after it (Asterisk warns when it compares such names). */
export function hasUnclosedSet(name: string): boolean {
  const open = name.lastIndexOf('[');
  return open >= 0 && name.indexOf(']', open) < 0;
}

/**
 * ast_extension_match (E_MATCH): does the dialled string `data` match the
 * extension `pattern`? A literal matches only itself (dashes ignored); a
 * pattern matches `data` character by character, `.` and `!` ending the
 * match; a pattern also "matches" a `data` that is the same pattern. An
 * unclosed `[` met while comparing the two as patterns, or while matching,
 * is reported through the two callbacks (Asterisk logs each from a
 * different place).
 */
export function matchExtension(pattern: string, data: string, onBadSetCompare?: BracketWarning, onBadSet?: BracketWarning): boolean {
  if (pattern.charCodeAt(0) !== 95) return compareLiteral(pattern, data) === 0 && literalLength(pattern) >= literalLength(data);
  if (data.charCodeAt(0) === 95 && comparePatterns(pattern, 1, data, 1, onBadSetCompare) === 0) return true;
  let p = 1;
  let d = 0;
  for (;;) {
    while (data.charCodeAt(d) === 45) d++;
    while (pattern.charCodeAt(p) === 45) p++;
    if (d >= data.length || p >= pattern.length || pattern.charCodeAt(p) === 47) break;
    const pc = pattern.charCodeAt(p);
    const dc = signedByte(data.charCodeAt(d));
    switch (pc) {
      case 91: {
        p++;
        const end = pattern.indexOf(']', p);
        if (end < 0) {
          onBadSet?.();
          return false;
        }
        if (p === end) {
          p++;
          continue;
        }
        let found = false;
        for (; p < end; p++) {
          if (p + 2 < end && pattern.charCodeAt(p + 1) === 45) {
            if (dc >= signedByte(pattern.charCodeAt(p)) && dc <= signedByte(pattern.charCodeAt(p + 2))) {
              found = true;
              break;
            }
            p += 2;
          } else if (dc === signedByte(pattern.charCodeAt(p))) {
            found = true;
            break;
          }
        }
        if (!found) return false;
        p = end;
        break;
      }
      case 78:
      case 110:
        if (dc < 50 || dc > 57) return false;
        break;
      case 88:
      case 120:
        if (dc < 48 || dc > 57) return false;
        break;
      case 90:
      case 122:
        if (dc < 49 || dc > 57) return false;
        break;
      case 46:
      case 33:
        return true;
      default:
        if (dc !== signedByte(pc)) return false;
    }
    d++;
    p++;
  }
  if (d < data.length) return false;
  const rest = p < pattern.length ? pattern.charCodeAt(p) : 0;
  return rest === 0 || rest === 47 || rest === 33;
}

function literalLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 45) length++;
  return length;
}
