import { deviceOfChannel } from '../chanlog/keys.js';
import { VERBOSE_STEP_AFTER_EVENT } from '../chanlog/routine.js';
import { parseRoutineEvent, ROUTINE_EVENT_NAME } from '../chanlog/user-event.js';
import { isUserEvent, stepOf } from './events.js';
import type { FeedLine } from './feed-types.js';
import { getHeader, type AmiFrame } from './frame.js';

/**
 * The Verbose() level of a line from a routine generated before its event
 * said it: most were generated with the default, `--verbose-level 0`.
 */
const UNSAID_VERBOSE_LEVEL = 0;

/**
 * Reads one routine line from the routine's `UserEvent(ChanLog,...)`: the
 * channel from the event's snapshot headers, the level, the Verbose level,
 * the caller and the message from its fields. The line's step is the
 * routine's Verbose() step that prints it, the one right after the event's
 * (as for lines read from Newexten): an admin reads `Verbose` at the level
 * the routine prints at, as Asterisk's console shows it. Gives `undefined`
 * for any other event, and `'malformed'` for a ChanLog event that cannot be
 * read whole: a line is never made up from half of one.
 */
export function decodeRoutineEvent(frame: AmiFrame, server: string, now = new Date()): FeedLine | 'malformed' | undefined {
  if (!isUserEvent(frame) || getHeader(frame, 'userevent') !== ROUTINE_EVENT_NAME) return undefined;
  const event = parseRoutineEvent((name) => getHeader(frame, name));
  // The step headers alone: the snapshot's state and duration are not part of a line.
  const step = stepOf(frame);
  if (!event || !step.uniqueid || !step.channel || !step.linkedid) return 'malformed';
  return {
    time: now,
    server,
    channel: step.channel,
    device: deviceOfChannel(step.channel),
    uniqueid: step.uniqueid,
    linkedid: step.linkedid,
    context: step.context,
    extension: step.extension,
    priority: step.priority + VERBOSE_STEP_AFTER_EVENT,
    application: 'Verbose',
    chanlogLevel: event.level,
    caller: event.caller,
    verboseLevel: event.verboseLevel ?? UNSAID_VERBOSE_LEVEL,
    message: event.message,
    via: 'userevent',
  };
}
