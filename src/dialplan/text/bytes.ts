/**
 * Asterisk works on bytes. chanlog reads config files as latin1 so that one
 * JavaScript character is one byte (0-255), which keeps lengths, padding and
 * byte comparisons exactly as in C. These helpers speak in those terms.
 */

/** ast_strip: drop bytes < 33 at both ends. */
export function strip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) < 33) start++;
  while (end > start && text.charCodeAt(end - 1) < 33) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** A byte as C's signed `char` on x86-64: 0x80-0xFF are negative. */
export function signedByte(code: number): number {
  return code > 127 ? code - 256 : code;
}

/** C strings end at the first NUL byte; text after it is invisible to Asterisk. */
export function cString(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

/** Truncates to at most `max` bytes (Asterisk's fixed-size buffers). */
export function truncateBytes(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** Case-insensitive comparison of ASCII letters, as strcasecmp does. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return a === b || firstBytesEqualIgnoreCase(a, b, a.length);
}

/** strncasecmp(text, prefix, strlen(prefix)) == 0, without cutting `text` into a new string. */
export function startsWithIgnoreCase(text: string, prefix: string): boolean {
  return text.length >= prefix.length && firstBytesEqualIgnoreCase(text, prefix, prefix.length);
}

/** Whether the first `count` bytes of `a` and `b` (both at least that long) differ only in the case of ASCII letters. */
function firstBytesEqualIgnoreCase(a: string, b: string, count: number): boolean {
  for (let i = 0; i < count; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/** latin1 text (bytes) as the UTF-8 string a person would read. */
export function bytesToDisplay(text: string): string {
  return Buffer.from(text, 'latin1').toString('utf8');
}

/**
 * indexOf limited to [from, before); -1 when not there. A loop rather than
 * String.indexOf, which would go on searching through the rest of a file
 * when one line lacks the text (quadratic on a big file). `search` is one
 * or two characters.
 */
export function indexWithin(text: string, search: string, from: number, before: number): number {
  const first = search.charCodeAt(0);
  const last = before - search.length;
  for (let i = from; i <= last; i++) {
    if (text.charCodeAt(i) !== first) continue;
    if (search.length === 1 || text.charCodeAt(i + 1) === search.charCodeAt(1)) return i;
  }
  return -1;
}

/**
 * sscanf "%Nd" / atoi on C semantics: leading blanks, a sign, digits (at
 * most `width` characters in all); the value read as a 64-bit long,
 * saturating, then stored in a 32-bit int. undefined when no digits.
 */
export function scanInt(text: string, width: number, atoi = false): number | undefined {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || (text.charCodeAt(i) >= 9 && text.charCodeAt(i) <= 13))) i++;
  let used = 0;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
    used++;
  }
  const digitsStart = i;
  // Up to 15 digits are exact in a double: the usual priority is read without making a string.
  let small = 0;
  while (used < width && i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
    small = small * 10 + text.charCodeAt(i) - 48;
    i++;
    used++;
  }
  if (i === digitsStart) return atoi ? 0 : undefined;
  if (i - digitsStart <= 15) {
    const n = negative ? -small : small;
    return n >= -(2 ** 31) && n < 2 ** 31 ? n : Number(BigInt.asIntN(32, BigInt(n)));
  }
  let value = BigInt(text.slice(digitsStart, i));
  const max = (1n << 63n) - 1n;
  if (value > max) value = negative ? max + 1n : max;
  return Number(BigInt.asIntN(32, negative ? -value : value));
}

/** C's atoi: scanInt without a width, 0 when there are no digits. */
export function atoi(text: string): number {
  return scanInt(text, Infinity, true) ?? 0;
}

/** The 1-based column of `offset` in `text` (bytes since the line's start). */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
}
