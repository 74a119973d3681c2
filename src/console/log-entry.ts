import type { FeedLine } from '../ami/feed-types.js';

/** The console's own notice about the feed (a gap while a server was away, lines lost, a server that gave up). */
export interface NoticeEntry {
  kind: 'notice';
  time: Date;
  server: string;
  tone: 'gap' | 'lost' | 'failed' | 'info';
  text: string;
}

/**
 * What the log pane holds: the lines the dialplan logged, and the console's
 * own notices about the feed, written into the log where they happened.
 */
export type LogEntry = { kind: 'line'; line: FeedLine } | NoticeEntry;

/** The text search looks in: a line's channel and message, a notice's text. */
export function searchableText(entry: LogEntry): string {
  return entry.kind === 'line' ? `${entry.line.channel} ${entry.line.message}` : entry.text;
}
