import { terminalSafe } from '../util/safe-text.js';
import type { FeedLine } from './feed-types.js';
import type { SourceRef } from './source-locator.js';

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `14:03:07.412`, local time. */
export function formatTime(time: Date): string {
  return `${formatShortTime(time)}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

/** `14:03:07`, local time. */
export function formatShortTime(time: Date): string {
  return `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}`;
}

/**
 * A line's display fields, each already safe for a terminal (control
 * characters and bidi overrides escaped): every front end (text, the
 * console) lays out the same fields.
 */
export interface LineFields {
  /** `14:03:07.412` */
  time: string;
  /** `14:03:07` */
  shortTime: string;
  server: string;
  channel: string;
  /** The channel in at most CHANNEL_SHORT columns: `Local/7002@ctx-0000004a;2` -> `Local/7002-004a;2`. */
  shortChannel: string;
  /** `uniqueid/linkedid`, or one id when they are equal. */
  ids: string;
  /** For a routine line the caller's GoSub step, else the step itself; `(file:line)` when located. */
  where: string;
  /** `L2`, or `L-` for a line that did not come through the routine. */
  level: string;
  /** `v0`, or Log()'s level name. */
  verbose: string;
  message: string;
}

export type FieldName = keyof LineFields;

const CHANNEL_SHORT = 18;

function place(context: string, extension: string, priority: number, source: SourceRef | undefined): string {
  return `${context},${extension},${priority}${source ? `(${source.file}:${source.line})` : ''}`;
}

/** Shortens text to `max` columns, keeping its start and end around an ellipsis. */
export function squeeze(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, max);
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/**
 * A channel name in a few columns: the part of a Local channel after `@`
 * (its context) dropped, the unique suffix cut to its last four characters
 * (plus `;1`/`;2`), then squeezed if still too long.
 */
export function abbreviateChannel(channel: string, max = CHANNEL_SHORT): string {
  const match = /^(.*)-([0-9a-f]+)(;[0-9]+)?$/i.exec(channel);
  let short = channel;
  if (match) {
    const device = match[1]!.replace(/@.*$/, '');
    short = `${device}-${match[2]!.slice(-4)}${match[3] ?? ''}`;
  }
  return squeeze(short, max);
}

export function lineFields(line: FeedLine): LineFields {
  const where = line.caller
    ? place(line.caller.context, line.caller.extension, line.caller.priority, line.callerSource)
    : place(line.context, line.extension, line.priority, line.source);
  const channel = terminalSafe(line.channel);
  return {
    time: formatTime(line.time),
    shortTime: formatShortTime(line.time),
    server: terminalSafe(line.server),
    channel,
    shortChannel: abbreviateChannel(channel),
    ids: terminalSafe(line.linkedid && line.linkedid !== line.uniqueid ? `${line.uniqueid}/${line.linkedid}` : line.uniqueid),
    where: terminalSafe(where),
    level: line.chanlogLevel === undefined ? 'L-' : `L${line.chanlogLevel}`,
    verbose: terminalSafe(typeof line.verboseLevel === 'number' ? `v${line.verboseLevel}` : line.verboseLevel),
    message: terminalSafe(line.message),
  };
}

/** One column before the message, as laid out for a width. */
export interface Column {
  field: FieldName;
  text: string;
}

/** In a terminal narrower than this, the columns before the message shrink. */
export const WIDE_LAYOUT_MIN = 160;
/** In a narrow terminal the message starts at or before this column (1-based). */
export const NARROW_MESSAGE_COLUMN = 40;

/**
 * The columns before the message for a terminal `width` columns wide
 * (undefined: no limit, the full line of `chanlog tail`). Narrow layouts
 * keep time, channel and level and give the caller's step what room is
 * left, so the message starts within NARROW_MESSAGE_COLUMN columns.
 */
export function layoutColumns(fields: LineFields, width?: number, options: { server?: boolean } = {}): Column[] {
  const showServer = options.server ?? true;
  if (width === undefined || width >= WIDE_LAYOUT_MIN) {
    return [
      { field: 'time', text: fields.time },
      ...(showServer ? [{ field: 'server' as const, text: fields.server }] : []),
      { field: 'channel', text: fields.channel },
      { field: 'ids', text: `[${fields.ids}]` },
      { field: 'where', text: fields.where },
      { field: 'level', text: fields.level },
      { field: 'verbose', text: fields.verbose },
    ];
  }
  const columns: Column[] = [
    { field: 'shortTime', text: fields.shortTime },
    ...(showServer ? [{ field: 'server' as const, text: squeeze(fields.server, 7) }] : []),
    { field: 'shortChannel', text: fields.shortChannel },
  ];
  const level = { field: 'level' as const, text: fields.level };
  // Each column is followed by one space; the message begins after the last one.
  const used = [...columns, level].reduce((sum, column) => sum + column.text.length + 1, 0);
  const room = Math.min(NARROW_MESSAGE_COLUMN - 1, width - 20) - used - 1;
  if (room >= 6) columns.push({ field: 'where', text: squeeze(fields.where, room) });
  columns.push(level);
  return columns;
}

/**
 * One line for a terminal, columns separated by single spaces, the message
 * last (control characters escaped):
 *
 *     14:03:07.412 pbx1 PJSIP/100-0000002a [1700000000.42/1700000000.41] from-internal,_1XX,3 L2 v0 dialling 200
 *
 * time, server, channel (its device is the name up to the last `-`),
 * uniqueid/linkedid (one id when they are equal), where it was logged,
 * the ChanLog level (`L-` when the line did not come through the routine),
 * the Verbose level (`v0`; Log's level name for Log()), the message. For a
 * line through the routine, "where" is the caller's GoSub step, the line a
 * person wants to see; `--json` has the routine's own step too. Given a
 * `width`, the layout of layoutColumns() for it.
 */
export function formatLine(line: FeedLine, width?: number): string {
  const fields = lineFields(line);
  const columns = layoutColumns(fields, width);
  return `${columns.map((column) => column.text).join(' ')} ${fields.message}`;
}

/** The `--json` object of a line: every field, the message exactly as logged (JSON escapes what it must). */
export function formatJson(line: FeedLine): string {
  return JSON.stringify(line);
}
