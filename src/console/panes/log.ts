import { formatShortTime, layoutColumns, lineFields } from '../../ami/line-format.js';
import { terminalSafe } from '../../util/safe-text.js';
import type { LogEntry } from '../log-entry.js';
import type { Pane } from '../pane.js';
import { displayWidth, wrapWidth } from '../screen.js';
import type { Search } from '../search.js';
import type { ConsoleStore } from '../store.js';
import { BAD, DIM, MATCH, WARN, levelStyle, logLevelStyle, row, seg, TITLE, TITLE_FOCUSED, type Row, type Segment, type Style } from '../style.js';

const FIELD_STYLES: Record<string, Style> = {
  time: DIM,
  shortTime: DIM,
  server: { fg: 'cyan' },
  ids: DIM,
  where: { fg: 'yellow' },
  verbose: DIM,
};

/** A continuation row starts here when the message column is too far right to leave it room. */
const MIN_MESSAGE_WIDTH = 24;

/**
 * The scrollback, filtered, drawn bottom-up from the line at the bottom of
 * the view: only the rows on screen are laid out, so a frame costs the
 * pane's height whatever the scrollback holds. Long messages wrap under
 * the message column; search matches are highlighted.
 */
export class LogPane implements Pane {
  readonly id = 'log';
  readonly context = 'log' as const;

  constructor(
    private readonly store: ConsoleStore,
    /** With several servers each line names its server. */
    private readonly showServer: boolean,
  ) {}

  wantedRows(): number {
    return Number.POSITIVE_INFINITY;
  }

  /** Rows one page scroll moves (the pane's last drawn height). */
  pageRows = 10;

  render(width: number, height: number, focused: boolean): Row[] {
    const body = Math.max(0, height - 1);
    this.pageRows = Math.max(1, body - 1);
    const view = this.store.view;
    const rows: Row[] = [];
    for (let at = view.bottom; at >= view.first && rows.length < body; at--) {
      const entry = view.entry(at);
      if (entry) rows.unshift(...this.rowsOf(entry, width));
    }
    return [this.title(focused), ...rows.slice(Math.max(0, rows.length - body))];
  }

  private title(focused: boolean): Row {
    const view = this.store.view;
    const state = view.following ? seg(' ▶ FOLLOWING ', { bold: true }) : seg(` ⏸ PAUSED +${view.arrivedWhilePaused} new (End: follow) `, { bold: true, fg: 'black', bg: 'yellow' });
    const hidden = this.store.buffer.size - view.size;
    const counts = ` ${view.size.toLocaleString('en-US')} shown, ${hidden.toLocaleString('en-US')} filtered out `;
    const search = this.store.search.pattern ? ` search /${terminalSafe(this.store.search.text)}/ ` : '';
    return row([seg(' Log ', { bold: true }), state, seg(counts + search)], focused ? TITLE_FOCUSED : TITLE);
  }

  private rowsOf(entry: LogEntry, width: number): Row[] {
    const search = this.store.search;
    if (entry.kind === 'notice') {
      const style = entry.tone === 'failed' ? BAD : WARN;
      return wrapWidth(`${formatShortTime(entry.time)} ${terminalSafe(entry.text)}`, width).map((piece) => row(highlight([seg(piece, style)], search)));
    }
    const line = entry.line;
    // The feed's fields and layout, as `chanlog tail` prints them; the ids column is the calls pane's business.
    const fields = lineFields(line);
    const prefix: Segment[] = [];
    for (const column of layoutColumns(fields, width, { server: this.showServer })) {
      if (column.field === 'ids') continue;
      const style = column.field === 'level' ? levelStyle(line.chanlogLevel) ?? DIM : FIELD_STYLES[column.field];
      prefix.push(seg(column.text, style), seg(' '));
    }
    const indent = prefix.reduce((n, s) => n + displayWidth(s.text), 0);
    const messageStyle = typeof line.verboseLevel === 'string' ? logLevelStyle(line.verboseLevel) : levelStyle(line.chanlogLevel);
    const roomy = width - indent >= MIN_MESSAGE_WIDTH;
    const first = roomy ? width - indent : Math.max(1, width - indent);
    const [head = '', ...tail] = wrapWidth(fields.message, first);
    const continuationIndent = roomy ? indent : 2;
    const rest = tail.length > 0 ? wrapWidth(tail.join(''), width - continuationIndent) : [];
    return [
      row(highlight([...prefix, seg(head, messageStyle)], search)),
      ...rest.map((piece) => row(highlight([seg(' '.repeat(continuationIndent)), seg(piece, messageStyle)], search))),
    ];
  }
}

/** Splits segments where the search matches, marking the matches. */
function highlight(segments: Segment[], search: Search): Segment[] {
  if (!search.pattern) return segments;
  const out: Segment[] = [];
  for (const segment of segments) {
    const ranges = search.ranges(segment.text);
    let at = 0;
    for (const [start, end] of ranges) {
      if (start > at) out.push(seg(segment.text.slice(at, start), segment.style));
      out.push(seg(segment.text.slice(start, end), { ...segment.style, ...MATCH }));
      at = end;
    }
    if (at < segment.text.length) out.push(seg(segment.text.slice(at), segment.style));
  }
  return out;
}
