import { getHeader, type AmiFrame } from './frame.js';

/**
 * Typed views of the AMI events chanlog reads. The frame parser hands over
 * loose records (lower-cased names, a repeated header as an array); these
 * accessors check the event name and give each field a type, so the rest
 * of the code never spells a header name.
 */

/** One dialplan step about to run (`Event: Newexten`); AppData is after variable substitution. */
export interface NewextenEvent {
  channel: string;
  uniqueid: string;
  linkedid: string;
  context: string;
  extension: string;
  priority: number;
  application: string;
  appData: string;
}

export interface HangupEvent {
  channel: string;
  uniqueid: string;
  cause: number | undefined;
  causeText: string;
}

/** Sent right after login once Asterisk has finished starting. */
export interface FullyBootedEvent {
  status: string;
  uptime: number | undefined;
}

/** One answer of `DBGet`. */
export interface DbGetResponseEvent {
  family: string;
  key: string;
  value: string;
}

/** One entry of `DBGetTree`; `key` is the full path, `/ChanLog/all`. */
export interface DbGetTreeResponseEvent {
  key: string;
  value: string;
}

function eventIs(frame: AmiFrame, name: string): boolean {
  return getHeader(frame, 'event')?.toLowerCase() === name.toLowerCase();
}

function text(frame: AmiFrame, name: string): string {
  return getHeader(frame, name) ?? '';
}

function optionalNumber(frame: AmiFrame, name: string): number | undefined {
  const value = getHeader(frame, name);
  return value !== undefined && /^-?[0-9]+$/.test(value.trim()) ? Number(value) : undefined;
}

export function asNewexten(frame: AmiFrame): NewextenEvent | undefined {
  if (!eventIs(frame, 'Newexten')) return undefined;
  return {
    channel: text(frame, 'channel'),
    uniqueid: text(frame, 'uniqueid'),
    linkedid: text(frame, 'linkedid'),
    context: text(frame, 'context'),
    // Asterisk 12+ says `Extension`; older versions said `Exten` only.
    extension: getHeader(frame, 'extension') ?? text(frame, 'exten'),
    priority: optionalNumber(frame, 'priority') ?? 0,
    application: text(frame, 'application'),
    appData: text(frame, 'appdata'),
  };
}

export function asHangup(frame: AmiFrame): HangupEvent | undefined {
  if (!eventIs(frame, 'Hangup')) return undefined;
  return { channel: text(frame, 'channel'), uniqueid: text(frame, 'uniqueid'), cause: optionalNumber(frame, 'cause'), causeText: text(frame, 'cause-txt') };
}

export function asFullyBooted(frame: AmiFrame): FullyBootedEvent | undefined {
  if (!eventIs(frame, 'FullyBooted')) return undefined;
  return { status: text(frame, 'status'), uptime: optionalNumber(frame, 'uptime') };
}

export function asDbGetResponse(frame: AmiFrame): DbGetResponseEvent | undefined {
  if (!eventIs(frame, 'DBGetResponse')) return undefined;
  return { family: text(frame, 'family'), key: text(frame, 'key'), value: text(frame, 'val') };
}

export function asDbGetTreeResponse(frame: AmiFrame): DbGetTreeResponseEvent | undefined {
  if (!eventIs(frame, 'DBGetTreeResponse')) return undefined;
  return { key: text(frame, 'key'), value: text(frame, 'val') };
}
