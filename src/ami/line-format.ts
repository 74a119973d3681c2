import type { SourceRef } from './source-locator.js';
import type { TailLine } from './tail.js';

function two(n: number): string {
  return String(n).padStart(2, '0');
}

export function formatTime(time: Date): string {
  return `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

function where(context: string, extension: string, priority: number, source: SourceRef | undefined): string {
  return `${context},${extension},${priority}${source ? `(${source.file}:${source.line})` : ''}`;
}

/**
 * One line for a terminal, fields separated by single spaces, the message
 * last and exactly as printed:
 *
 *     14:03:07.412 pbx1 PJSIP/100-0000002a [1700000000.42/1700000000.41] from-internal,_1XX,3 L2 v0 dialling 200
 *
 * time, server, channel (its device is the name up to the last `-`),
 * uniqueid/linkedid (one id when they are equal), where it was logged,
 * the ChanLog level (`L-` when the line did not come through the routine),
 * the Verbose level (`v0`; Log's level name for Log()), the message. For a
 * line through the routine, "where" is the caller's GoSub step, the line a
 * person wants to see; `--json` has the routine's own step too.
 */
export function formatLine(line: TailLine): string {
  const level = line.chanlogLevel === undefined ? 'L-' : `L${line.chanlogLevel}`;
  const verbose = line.application === 'Verbose' ? `v${line.verboseLevel}` : `${line.verboseLevel}`;
  const ids = line.linkedid && line.linkedid !== line.uniqueid ? `${line.uniqueid}/${line.linkedid}` : line.uniqueid;
  const place = line.caller
    ? where(line.caller.context, line.caller.extension, line.caller.priority, line.callerSource)
    : where(line.context, line.extension, line.priority, line.source);
  return `${formatTime(line.time)} ${line.server} ${line.channel} [${ids}] ${place} ${level} ${verbose} ${line.message}`;
}
