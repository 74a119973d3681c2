import { deviceOfChannel } from '../chanlog/keys.js';
import { parseRoutineEvent, ROUTINE_EVENT_NAME } from '../chanlog/user-event.js';
import { channelSnapshot, isUserEvent } from './events.js';
import type { FeedLine } from './feed-types.js';
import { getHeader, type AmiFrame } from './frame.js';

/** The routine prints its message with Verbose(0,...) beside the event; the line keeps that level. */
const ROUTINE_VERBOSE_LEVEL = 0;

/**
 * Reads one routine line from the routine's `UserEvent(ChanLog,...)`: the
 * channel from the event's snapshot headers (the routine's own step), the
 * level, the caller and the message from its BASE64 fields. Gives
 * `undefined` for any other event, and `'malformed'` for a ChanLog event
 * that cannot be read whole: a line is never made up from half of one.
 */
export function decodeRoutineEvent(frame: AmiFrame, server: string, now = new Date()): FeedLine | 'malformed' | undefined {
  if (!isUserEvent(frame) || getHeader(frame, 'userevent') !== ROUTINE_EVENT_NAME) return undefined;
  const event = parseRoutineEvent((name) => getHeader(frame, name));
  const step = channelSnapshot(frame);
  if (!event || !step || !step.channel || !step.linkedid) return 'malformed';
  return {
    time: now,
    server,
    channel: step.channel,
    device: deviceOfChannel(step.channel),
    uniqueid: step.uniqueid,
    linkedid: step.linkedid,
    context: step.context,
    extension: step.extension,
    priority: step.priority,
    application: 'UserEvent',
    chanlogLevel: event.level,
    caller: event.caller,
    verboseLevel: ROUTINE_VERBOSE_LEVEL,
    message: event.message,
    via: 'userevent',
  };
}
