import type { CallerLocation } from './routine.js';

/**
 * The event the routine raises on its printing path, and the one place that
 * spells it. The routine runs
 *
 *     UserEvent(ChanLog,ChanLogLevel: L,ChanLogContext: B64,ChanLogExten: B64,ChanLogPriority: P,ChanLogMessage: B64)
 *
 * so Asterisk sends `Event: UserEvent`, the channel's snapshot headers
 * (`Channel`, `Uniqueid`, `Linkedid`, ...), `UserEvent: ChanLog` and one
 * header per argument. Every free-text field is BASE64_ENCODE()d in the
 * dialplan, so no byte of data (CR, LF, NUL) can break the AMI frame. The
 * header names carry a `ChanLog` prefix so they never collide with the
 * snapshot's own `Context` / `Exten` / `Priority` (which describe the
 * routine's step, not the caller's).
 */
export const ROUTINE_EVENT_NAME = 'ChanLog';

export const ROUTINE_EVENT_HEADERS = {
  level: 'ChanLogLevel',
  context: 'ChanLogContext',
  extension: 'ChanLogExten',
  priority: 'ChanLogPriority',
  message: 'ChanLogMessage',
} as const;

/**
 * The server-side filter for the session that carries routine lines.
 * Asterisk matches a filter against the whole event text and `^` anchors
 * at its start, so a `Newexten` whose data holds a forged
 * `Event: UserEvent` frame never matches (verified on Asterisk 22.10.1).
 */
export const ROUTINE_EVENT_FILTER = '^Event: UserEvent[[:space:]]';

/** What one routine event says; the channel fields come from the event's snapshot headers. */
export interface RoutineEvent {
  level: number;
  caller: CallerLocation;
  message: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes a BASE64_ENCODE() value as bytes, then as UTF-8 (invalid sequences become U+FFFD). */
export function decodeBase64Field(value: string): string | undefined {
  if (!BASE64.test(value) || value.length % 4 === 1) return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

export function encodeBase64Field(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Reads the routine's fields from a `UserEvent` whose `UserEvent` header is
 * `ChanLog`. `header(name)` returns one header's value (case-insensitive).
 * Anything malformed gives undefined: a line is never made up from a
 * half-readable event.
 */
export function parseRoutineEvent(header: (name: string) => string | undefined): RoutineEvent | undefined {
  if (header('UserEvent') !== ROUTINE_EVENT_NAME) return undefined;
  const levelText = header(ROUTINE_EVENT_HEADERS.level) ?? '';
  const priorityText = header(ROUTINE_EVENT_HEADERS.priority) ?? '';
  if (!/^[0-9]{1,9}$/.test(levelText) || !/^[0-9]{1,9}$/.test(priorityText)) return undefined;
  const context = decodeBase64Field(header(ROUTINE_EVENT_HEADERS.context) ?? '');
  const extension = decodeBase64Field(header(ROUTINE_EVENT_HEADERS.extension) ?? '');
  const message = decodeBase64Field(header(ROUTINE_EVENT_HEADERS.message) ?? '');
  if (context === undefined || extension === undefined || message === undefined) return undefined;
  return { level: Number(levelText), caller: { context, extension, priority: Number(priorityText) }, message };
}

/** The headers a routine event carries for these fields (fake servers and tests build frames with it). */
export function routineEventHeaders(event: RoutineEvent): Record<string, string> {
  return {
    UserEvent: ROUTINE_EVENT_NAME,
    [ROUTINE_EVENT_HEADERS.level]: String(event.level),
    [ROUTINE_EVENT_HEADERS.context]: encodeBase64Field(event.caller.context),
    [ROUTINE_EVENT_HEADERS.extension]: encodeBase64Field(event.caller.extension),
    [ROUTINE_EVENT_HEADERS.priority]: String(event.caller.priority),
    [ROUTINE_EVENT_HEADERS.message]: encodeBase64Field(event.message),
  };
}
