import type { ChannelStep } from './channel-step.js';
import { getHeader, type AmiFrame } from './frame.js';

/**
 * Typed views of the AMI events chanlog reads. The frame parser hands over
 * loose records (lower-cased names, a repeated header as an array); these
 * accessors check the event name and give each field a type, so the rest
 * of the code never spells a header name.
 */

/** One dialplan step about to run (`Event: Newexten`); AppData is after variable substitution. */
export interface NewextenEvent extends ChannelStep {
  appData: string;
}

/**
 * What Asterisk says about a channel in its snapshot headers (Newchannel,
 * Newstate, Hangup, UserEvent, and each CoreShowChannel of a list).
 */
export interface ChannelSnapshot extends ChannelStep {
  /** `Up`, `Ring`, `Ringing`, ... as Asterisk says it (`ChannelStateDesc`). */
  state: string;
  /** Seconds since the channel was created (CoreShowChannel's `Duration`, HH:MM:SS). */
  durationSeconds: number | undefined;
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

/**
 * The channel and dialplan step headers that Newexten and the channel
 * events share. The callers add their own fields to this object rather
 * than spreading it into a new one: on Node 20, objects made by `{...x}`
 * once per event outlived the young generation and piled up as garbage
 * in the old one (measured: 145 MB promoted over 300,000 lines, nearly
 * none without the spread), which was most of the console's memory peak.
 */
export function stepOf(frame: AmiFrame): ChannelStep {
  return {
    channel: text(frame, 'channel'),
    uniqueid: text(frame, 'uniqueid'),
    linkedid: text(frame, 'linkedid'),
    context: text(frame, 'context'),
    // Asterisk 12+ says `Extension` in Newexten and CoreShowChannel, `Exten` in the others; 11 said `Exten` only.
    extension: getHeader(frame, 'extension') ?? text(frame, 'exten'),
    priority: optionalNumber(frame, 'priority') ?? 0,
    application: text(frame, 'application'),
  };
}

export function asNewexten(frame: AmiFrame): NewextenEvent | undefined {
  if (!eventIs(frame, 'Newexten')) return undefined;
  const event = stepOf(frame) as NewextenEvent;
  event.appData = text(frame, 'appdata');
  return event;
}

/** The channel lifecycle events the feed follows, and CoreShowChannels' list entries. */
export const CHANNEL_EVENTS = ['Newchannel', 'Newstate', 'Hangup', 'CoreShowChannel'] as const;
export type ChannelEventName = (typeof CHANNEL_EVENTS)[number];

function durationOf(text: string | undefined): number | undefined {
  const match = /^([0-9]+):([0-5][0-9]):([0-5][0-9])$/.exec(text ?? '');
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : undefined;
}

/** Reads the snapshot headers of any event about one channel; undefined when it has no Uniqueid. */
export function channelSnapshot(frame: AmiFrame): ChannelSnapshot | undefined {
  if (!getHeader(frame, 'uniqueid')) return undefined;
  const snapshot = stepOf(frame) as ChannelSnapshot;
  snapshot.state = text(frame, 'channelstatedesc');
  snapshot.durationSeconds = durationOf(getHeader(frame, 'duration'));
  return snapshot;
}

/** CHANNEL_EVENTS by their lower-cased names, lower-cased once rather than for every event. */
const CHANNEL_EVENTS_BY_LOWER = new Map<string, ChannelEventName>(CHANNEL_EVENTS.map((name) => [name.toLowerCase(), name]));

/** Which channel event this frame is, if any (names compared as Asterisk spells them, case-insensitively). */
export function channelEventName(frame: AmiFrame): ChannelEventName | undefined {
  const name = getHeader(frame, 'event');
  return name === undefined ? undefined : CHANNEL_EVENTS_BY_LOWER.get(name.toLowerCase());
}

/** A `UserEvent`, with the name the dialplan gave it. */
export function isUserEvent(frame: AmiFrame): boolean {
  return eventIs(frame, 'UserEvent');
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
