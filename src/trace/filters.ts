import { checkLinkedid } from '../chanlog/keys.js';
import { usageError } from '../errors.js';

/**
 * The server-side filters of a trace session. Asterisk matches each filter
 * (a POSIX extended regex) against the whole text of an event before
 * sending it: `^` anchors at the event's first line and `.` also crosses
 * line breaks (both verified on Asterisk 22.10.1), so one filter can name
 * the event and a header further down. A step whose data merely contains
 * `Event: Newexten` text cannot match an anchored filter.
 */

/** The events a trace reads: a channel appearing, each step, a channel leaving. */
const TRACE_EVENTS = '^Event: (Newchannel|Newexten|Hangup)[[:space:]]';

/** Text that a POSIX ERE matches literally. */
export function escapeEre(text: string): string {
  return text.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&');
}

/** Every step of one call: its channels' events carrying that linkedid, which every leg of the call inherits. */
export function callFilter(linkedid: string): string {
  // Nothing the user types reaches a filter unchecked: the id is one the AstDB key rule accepts too.
  const problem = checkLinkedid(linkedid);
  if (problem) throw usageError(problem);
  // [[:space:]] after the id: 1700000000.4 must not also admit 1700000000.42.
  return `${TRACE_EVENTS}.*Linkedid: ${escapeEre(linkedid)}[[:space:]]`;
}

/**
 * The events of channels whose name starts with `prefix` (the literal start
 * of a --channel / --device pattern): `Channel` follows `Privilege` in
 * every channel event. The client checks the whole pattern; this only keeps
 * the other channels' steps off the network.
 */
export function channelPrefixFilter(prefix: string): string {
  // Lines end in CR LF: two [[:space:]] characters between the headers.
  return `${TRACE_EVENTS}+Privilege: [^[:space:]]*[[:space:]]+Channel: ${escapeEre(prefix)}`;
}

/** New channels only: the discovery filter when a pattern has no literal start to filter on. */
export const NEW_CHANNEL_FILTER = '^Event: Newchannel[[:space:]]';

/** `module reload pbx_config` says `Event: Reload` with `Module: pbx_config` (a CLI `dialplan reload` says nothing). */
export const RELOAD_FILTER = '^Event: Reload[[:space:]]';

/**
 * The literal text every name a glob accepts starts with: the characters
 * before its first `*`, `?` or `[` (backslash escapes taken literally).
 * A `/regex/` gives its literal start after `^`, or nothing.
 */
export function literalPrefix(pattern: string): string {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (regex) {
    const source = regex[1]!;
    // Unanchored, case-blind, or with a top-level alternative: no start is certain.
    if (!source.startsWith('^') || regex[2]!.includes('i') || source.includes('|')) return '';
    const literal = /^(?:[A-Za-z0-9_/@;:,=#~-]|\\[./\\()[\]*+?{}|^$-])*/.exec(source.slice(1))![0];
    // A quantifier right after the literal makes its last character optional.
    const next = source.slice(1 + literal.length, 2 + literal.length);
    const usable = /[*?{]/.test(next) ? literal.replace(/(\\.|.)$/, '') : literal;
    return usable.replace(/\\(.)/g, '$1');
  }
  let prefix = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' || c === '?' || c === '[') break;
    if (c === '\\' && i + 1 < pattern.length) prefix += pattern[++i];
    else prefix += c;
  }
  return prefix;
}
