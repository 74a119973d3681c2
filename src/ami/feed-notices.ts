import { terminalSafe } from '../util/safe-text.js';
import type { FeedEvent } from './feed-types.js';
import { formatTime } from './line-format.js';

type Lost = Extract<FeedEvent, { kind: 'lost' }>;

const LOST_WORDING: Record<Lost['reason'], (count: number) => string> = {
  'slow-reader': (n) => `${n} line${n === 1 ? '' : 's'} dropped: output too slow`,
  'unknown-channel': (n) => `${n} line${n === 1 ? '' : 's'} refused: not from a channel announced by Asterisk (forged?)`,
  malformed: (n) => `${n} malformed frame${n === 1 ? '' : 's'} dropped`,
};

/** "N lines dropped: output too slow", and the other reasons, in the words every front end uses. */
export function describeLost(reason: Lost['reason'], count: number): string {
  return LOST_WORDING[reason](count);
}

/**
 * The notice a front end shows for a feed event (tail and the demo on
 * stderr, the console in its log), or undefined for lines and channel
 * changes. Text from the server side is escaped for the terminal.
 */
export function describeFeedEvent(event: FeedEvent): string | undefined {
  switch (event.kind) {
    case 'lost':
      return `-- ${terminalSafe(event.server)}: ${describeLost(event.reason, event.count)}`;
    case 'gap': {
      const seconds = ((event.until.getTime() - event.since.getTime()) / 1000).toFixed(1);
      const attempts = `${event.attempts} attempt${event.attempts === 1 ? '' : 's'}`;
      return `-- gap: ${terminalSafe(event.server)}: disconnected from ${formatTime(event.since)} to ${formatTime(event.until)} (${seconds} s, ${attempts}); lines logged in between are missing`;
    }
    case 'failed':
      return `-- ${terminalSafe(event.server)}: gave up: ${terminalSafe(event.error.message)}`;
    case 'status': {
      const { name, state, detail } = event.status;
      if (state === 'reconnecting') return `-- lost the connection to ${terminalSafe(name)}${detail ? ` (${terminalSafe(detail)})` : ''}; reconnecting`;
      return undefined;
    }
    default:
      return undefined;
  }
}
