/**
 * Text from Asterisk or the dialplan can hold any character. Printed raw to
 * a terminal, ESC and OSC sequences would clear it, retitle it or move the
 * cursor, and bidi overrides would reorder what the admin reads. Human
 * output shows them escaped instead; JSON carries them exactly.
 *
 * Escaped: every C0 control (TAB too, shown as \t, since it breaks
 * column layouts), DEL, C1 controls (U+0080-U+009F), the bidi embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069), the directional
 * marks U+200E/U+200F/U+061C, and U+FFFE/U+FFFF non-characters.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\x1b': '\\e' };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every character that could control a terminal shown as an escape (`\e`, `\x07`, `\u202e`). */
export function terminalSafe(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeOne) : text;
}
