import type { CallerLocation } from './routine.js';

/**
 * The event the routine raises on its printing path, and the one place that
 * spells it. The routine runs
 *
 *     UserEvent(ChanLog,ChanLogLevel: L,ChanLogVerbose: V,ChanLogContext: B64,ChanLogExten: B64,ChanLogPriority: P,ChanLogMessage: B64)
 *
 * so Asterisk sends `Event: UserEvent`, the channel's snapshot headers
 * (`Channel`, `Uniqueid`, `Linkedid`, ...), `UserEvent: ChanLog` and one
 * header per argument. Every free-text field is BASE64_ENCODE()d in the
 * dialplan, so no byte of data (CR, LF, NUL) can break the AMI frame. The
 * header names carry a `ChanLog` prefix so they never collide with the
 * snapshot's own `Context` / `Exten` / `Priority` (which describe the
 * routine's step, not the caller's). `ChanLogVerbose` is the level of the
 * routine's Verbose() step (`chanlog generate --verbose-level`); routines
 * generated before it was added do not send it, and their events still parse.
 */
export const ROUTINE_EVENT_NAME = 'ChanLog';

export const ROUTINE_EVENT_HEADERS = {
  level: 'ChanLogLevel',
  verboseLevel: 'ChanLogVerbose',
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
  /** The Verbose() level the routine prints the line at; undefined from a routine generated before it was sent. */
  verboseLevel?: number;
  caller: CallerLocation;
  message: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const WHOLE_NUMBER = /^[0-9]{1,9}$/;

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
  const verboseText = header(ROUTINE_EVENT_HEADERS.verboseLevel);
  if (!WHOLE_NUMBER.test(levelText) || !WHOLE_NUMBER.test(priorityText)) return undefined;
  if (verboseText !== undefined && !WHOLE_NUMBER.test(verboseText)) return undefined;
  const context = decodeBase64Field(header(ROUTINE_EVENT_HEADERS.context) ?? '');
  const extension = decodeBase64Field(header(ROUTINE_EVENT_HEADERS.extension) ?? '');
  const message = decodeBase64Field(header(ROUTINE_EVENT_HEADERS.message) ?? '');
  if (context === undefined || extension === undefined || message === undefined) return undefined;
  const level = Number(levelText);
  const caller = { context, extension, priority: Number(priorityText) };
  // Two literals, not a `...` spread: this runs once per routine line (see stepOf in src/ami/events.ts).
  return verboseText === undefined ? { level, caller, message } : { level, verboseLevel: Number(verboseText), caller, message };
}

/** The headers a routine event carries for these fields (fake servers and tests build frames with it). */
export function routineEventHeaders(event: RoutineEvent): Record<string, string> {
  return {
    UserEvent: ROUTINE_EVENT_NAME,
    [ROUTINE_EVENT_HEADERS.level]: String(event.level),
    ...(event.verboseLevel !== undefined ? { [ROUTINE_EVENT_HEADERS.verboseLevel]: String(event.verboseLevel) } : {}),
    [ROUTINE_EVENT_HEADERS.context]: encodeBase64Field(event.caller.context),
    [ROUTINE_EVENT_HEADERS.extension]: encodeBase64Field(event.caller.extension),
    [ROUTINE_EVENT_HEADERS.priority]: String(event.caller.priority),
    [ROUTINE_EVENT_HEADERS.message]: encodeBase64Field(event.message),
  };
}
