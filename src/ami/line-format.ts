import type { VerboseLine } from './verbose-stream.js';

function two(n: number): string {
  return String(n).padStart(2, '0');
}

export function formatTime(time: Date): string {
  return `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * One line for a terminal: time, server, channel, ids, where in the
 * dialplan, the ChanLog level (L3) or `-` when the line did not come through
 * the routine, the Verbose level (v0), and the message exactly as printed.
 */
export function formatLine(line: VerboseLine): string {
  const level = line.chanlogLevel === undefined ? 'L-' : `L${line.chanlogLevel}`;
  const verbose = line.application === 'Verbose' ? `v${line.verboseLevel}` : `${line.verboseLevel}`;
  const ids = line.linkedid && line.linkedid !== line.uniqueid ? `${line.uniqueid}/${line.linkedid}` : line.uniqueid;
  const where = `${line.context},${line.extension},${line.priority}`;
  return `${formatTime(line.time)} ${line.server} ${line.channel} [${ids}] ${where} ${level} ${verbose} ${line.message}`;
}
