/**
 * Characters as glibc sees them in the C.UTF-8 locale, the locale Asterisk
 * sets for itself at start-up (main/asterisk.c: `setlocale(LC_ALL,
 * "C.UTF-8")`), which is what regcomp/regexec use for `:` and `=~`.
 *
 * Text here is a latin1 string of bytes. glibc's decoder takes a lead byte
 * C2-DF, E0-EF, F0-F7, F8-FB or FC-FD with the right number of
 * continuation bytes and no overlong form as one character (surrogates and
 * values above U+10FFFF included, as observed); any other byte is an
 * "invalid byte", which the regex engine only matches literally (`.`,
 * brackets and classes never match it), while word-boundary tests read it
 * as the code point of the same value.
 */

export interface Unit {
  /** Byte offset of the character. */
  start: number;
  /** Its length in bytes. */
  length: number;
  /** Its code point, or the byte value of an invalid byte. */
  cp: number;
  valid: boolean;
}

const MINIMUM = [0, 0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000];

/** The character starting at `i`, as glibc's mbrtowc decodes it. */
export function unitAt(s: string, i: number): Unit {
  const b = s.charCodeAt(i);
  if (b < 0x80) return { start: i, length: 1, cp: b, valid: true };
  const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf7 ? 4 : b >= 0xf8 && b <= 0xfb ? 5 : b >= 0xfc && b <= 0xfd ? 6 : 0;
  if (length === 0 || i + length > s.length) return { start: i, length: 1, cp: b, valid: false };
  let cp = b & (0x7f >> length);
  for (let k = 1; k < length; k++) {
    const c = s.charCodeAt(i + k);
    if ((c & 0xc0) !== 0x80) return { start: i, length: 1, cp: b, valid: false };
    cp = cp * 64 + (c & 0x3f);
  }
  if (cp < MINIMUM[length]!) return { start: i, length: 1, cp: b, valid: false };
  return { start: i, length, cp, valid: true };
}

export function decodeUnits(s: string): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < s.length; ) {
    const unit = unitAt(s, i);
    units.push(unit);
    i += unit.length;
  }
  return units;
}

const property = (pattern: string) => {
  const re = new RegExp(`^${pattern}$`, 'u');
  return (cp: number) => cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) && re.test(String.fromCodePoint(cp));
};
const alphabetic = property('[\\p{Alphabetic}\\p{Nd}]');
const uppercase = property('[\\p{Uppercase}\\p{Lt}]');
const lowercase = property('\\p{Lowercase}');
const unassigned = property('[\\p{Cn}\\p{Cs}]');
const controlProperty = property('\\p{Cc}');
const WIDE_SPACES = new Set([0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x205f, 0x3000]);

const asciiAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const asciiDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The character classes: ASCII as in the C locale; above it glibc's
 * C.UTF-8 classes, which follow Unicode (approximated here with Unicode
 * properties: alpha includes other scripts' digits, space has no NBSP,
 * punct is every graphic non-alphanumeric, print excludes unassigned code
 * points).
 */
export const CLASSES: Record<string, (cp: number) => boolean> = {
  alpha: (c) => (c < 0x80 ? asciiAlpha(c) : alphabetic(c)),
  upper: (c) => (c < 0x80 ? c >= 65 && c <= 90 : uppercase(c)),
  lower: (c) => (c < 0x80 ? c >= 97 && c <= 122 : lowercase(c)),
  digit: (c) => asciiDigit(c),
  xdigit: (c) => asciiDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  space: (c) => (c < 0x80 ? c === 32 || (c >= 9 && c <= 13) : WIDE_SPACES.has(c)),
  blank: (c) => (c < 0x80 ? c === 32 || c === 9 : WIDE_SPACES.has(c) && c !== 0x2028 && c !== 0x2029),
  cntrl: (c) => (c < 0x80 ? c < 32 || c === 127 : controlProperty(c) || c === 0x2028 || c === 0x2029),
  print: (c) => (c < 0x80 ? c >= 32 && c <= 126 : !unassigned(c) && !CLASSES.cntrl!(c)),
  graph: (c) => CLASSES.print!(c) && !CLASSES.space!(c),
  punct: (c) => CLASSES.graph!(c) && !CLASSES.alnum!(c),
  alnum: (c) => CLASSES.alpha!(c) || asciiDigit(c),
};

/** `\w` and the word-boundary tests: alphanumeric or `_`. */
export function isWordCodePoint(cp: number): boolean {
  return cp === 95 || CLASSES.alnum!(cp);
}
