import type { ServerState } from '../../ami/feed-types.js';
import { terminalSafe } from '../../util/safe-text.js';
import type { Filters } from '../filters.js';
import type { Keymap, KeyContext } from '../keymap.js';
import type { Prompt } from '../prompt.js';
import { displayWidth } from '../screen.js';
import type { ConsoleStore } from '../store.js';
import { BAD, DIM, GOOD, row, seg, TITLE, WARN, type Row, type Segment, type Style } from '../style.js';

const STATE_MARK: Record<ServerState, { mark: string; style: Style }> = {
  connected: { mark: '●', style: { ...GOOD, inverse: true } },
  connecting: { mark: '◌', style: { ...WARN, inverse: true } },
  reconnecting: { mark: '◌', style: { ...WARN, inverse: true } },
  failed: { mark: '✗', style: { ...BAD, inverse: true } },
  stopped: { mark: '○', style: { inverse: true } },
};

/** The top line: each server and its state, events and lines per second, shown / filtered out, following or paused. */
export function statusBar(store: ConsoleStore, now: number): Row {
  const view = store.view;
  const segments: Segment[] = [
    seg(' chanlog ', { bold: true, inverse: true }),
    view.following ? seg(' ▶ following ', { bold: true, fg: 'black', bg: 'green' }) : seg(` ⏸ paused +${fmt(view.arrivedWhilePaused)} `, { bold: true, fg: 'black', bg: 'yellow' }),
  ];
  for (const status of store.servers.values()) {
    const { mark, style } = STATE_MARK[status.state];
    const since = status.state === 'connected' ? '' : ` ${Math.round((now - status.since.getTime()) / 1000)}s`;
    segments.push(seg(` ${mark} ${terminalSafe(status.name)} ${status.state}${since} `, style));
  }
  const hidden = store.buffer.size - view.size;
  if (store.linesLost > 0) segments.push(seg(` ${fmt(store.linesLost)} lost `, { ...BAD, inverse: true }));
  segments.push(seg(` │ ${fmt(store.eventRate)} ev/s ${fmt(store.lineRate)} lines/s │ ${fmt(view.size)} shown ${fmt(hidden)} filtered out `));
  return row(segments, TITLE);
}

/** The filter bar: every active filter, always visible, and whether they are switched off. */
export function filterBar(filters: Filters, keymap: Keymap): Row {
  const s = filters.settings;
  const parts: string[] = [];
  if (s.level !== undefined) parts.push(`level ≤ ${s.level}`);
  if (s.channel) parts.push(`channel ${terminalSafe(s.channel.text)}`);
  if (s.device) parts.push(`device ${terminalSafe(s.device.text)}`);
  if (s.grep) parts.push(`message /${terminalSafe(s.grep.text)}/`);
  if (s.call) parts.push(`call ${terminalSafe(s.call.label)}`);
  if (s.invert) parts.push('INVERTED');
  if (parts.length === 0) {
    return row([seg(' Filters ', { bold: true }), seg(`none  (${keymap.keyOf('filter-level')} level  ${keymap.keyOf('filter-channel')} channel  ${keymap.keyOf('filter-device')} device  ${keymap.keyOf('filter-grep')} message  Enter on a call: only that call)`, DIM)]);
  }
  const state = filters.enabled ? seg(' ON ', { ...GOOD, inverse: true, bold: true }) : seg(` OFF (${keymap.keyOf('filter-toggle')}: on) `, { ...WARN, inverse: true });
  return row([seg(' Filters ', { bold: true }), state, seg(` ${parts.join('  ·  ')}`, filters.enabled ? { bold: true } : DIM)]);
}

/** The bottom line: the open prompt, else a fresh message, else the key hints of the focused pane and the global ones. */
export function footer(options: { prompt?: Prompt | undefined; message?: { text: string; tone: string } | undefined; keymap: Keymap; focused: KeyContext; width: number }): Row {
  if (options.prompt) {
    return row([seg(` ${options.prompt.spec.label}: `, { bold: true }), seg(terminalSafe(options.prompt.text)), seg(' ', { inverse: true })]);
  }
  if (options.message) return row([seg(` ${options.message.text}`, options.message.tone === 'bad' ? BAD : options.message.tone === 'good' ? GOOD : undefined)]);
  const segments: Segment[] = [];
  let used = 0;
  for (const { key, hint } of options.keymap.hints(options.focused)) {
    const width = displayWidth(key) + displayWidth(hint) + 3;
    if (used + width > options.width) break;
    segments.push(seg(` ${key}`, { bold: true, inverse: true }), seg(` ${hint} `));
    used += width;
  }
  return row(segments);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
