import type { CallerLocation } from '../chanlog/routine.js';
import type { ChannelStep } from './channel-step.js';
import type { AmiClient } from './client.js';
import type { SourceRef } from './source-locator.js';

/**
 * The contract between the multi-server feed (src/ami/feed.ts) and its
 * front ends (`chanlog tail`, the demo, the console). Front ends read only
 * these types; they never open AMI sessions, parse frames, add filters,
 * decode the routine's event or compute devices or AstDB keys themselves.
 */

/**
 * How a line reached us:
 * - `userevent`: the routine's own `UserEvent(ChanLog,...)` (the trusted path);
 * - `marker`: a routine generated before the UserEvent, through its level-marker step;
 * - `newexten`: a plain `Verbose()` / `Log()` step read from `Newexten`.
 */
export type LineVia = 'userevent' | 'marker' | 'newexten';

/**
 * One line that the dialplan logged, with where it came from. Its channel
 * step (context, extension, priority, application) is the step that printed
 * (for routine lines: the routine's step).
 */
export interface FeedLine extends ChannelStep {
  /** When chanlog received it. */
  time: Date;
  server: string;
  /** The channel name up to its last `-`. */
  device: string;
  /** The ChanLog level, for lines through the routine. */
  chanlogLevel?: number;
  /** The caller's GoSub step, for lines through the routine. */
  caller?: CallerLocation;
  /** Verbose's level (0-4); for Log() its level name. */
  verboseLevel: number | string;
  /** Exactly as logged: may hold any character; front ends escape it for terminals. */
  message: string;
  via: LineVia;
  /** Dialplan source of the step and of the caller, when a locator knows them. */
  source?: SourceRef;
  callerSource?: SourceRef;
}

export type ServerState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'stopped';

export interface ServerStatus {
  name: string;
  state: ServerState;
  /** When the state last changed. */
  since: Date;
  /** Events received on all of this server's sessions since the feed started. */
  events: number;
  /** The last problem, for the status bar (never holds a secret). */
  detail?: string;
}

/**
 * One live channel as the feed knows it (CoreShowChannels at start, then
 * Newchannel / Newstate / Hangup). Its channel step is where it is,
 * refreshed from CoreShowChannels about once a second.
 */
export interface ChannelInfo extends ChannelStep {
  server: string;
  device: string;
  /** `Up`, `Ring`, `Ringing`, ... as Asterisk says it. */
  state: string;
  /** When the channel was created (from Asterisk's Duration, or when we first saw it). */
  created: Date;
}

export type FeedEvent =
  | { kind: 'line'; line: FeedLine }
  /** Lines that were not delivered: a slow reader, or frames refused as forged or malformed. */
  | { kind: 'lost'; server: string; count: number; reason: 'slow-reader' | 'unknown-channel' | 'malformed' }
  /** The connection was down from `since` to `until`; lines logged in between are missing. */
  | { kind: 'gap'; server: string; since: Date; until: Date; attempts: number }
  /** A server gave up for good (refused login after a reconnect, ...). */
  | { kind: 'failed'; server: string; error: Error }
  | { kind: 'status'; status: ServerStatus }
  | { kind: 'channel'; change: 'new' | 'update' | 'hangup'; channel: ChannelInfo };

export interface Feed {
  readonly servers: readonly string[];
  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (event: FeedEvent) => void): () => void;
  status(server: string): ServerStatus;
  /** Live channels of every server. */
  channels(): ChannelInfo[];
  /** The session for short actions on one server: the level functions take it. */
  commandClient(server: string): AmiClient;
  /** Closes every session; resolves when all are closed. */
  stop(): Promise<void>;
}

export interface FeedOptions {
  /** Adds `source` / `callerSource` to lines. */
  locator?: import('./source-locator.js').SourceLocator;
  /**
   * Also read plain `Verbose()` / `Log()` steps and routines generated before
   * the UserEvent, on a `Newexten` session of their own (default true).
   */
  plainLines?: boolean;
  /** Client settings (tests shorten the backoff, and give a fake transport). */
  client?: {
    pingIntervalMs?: number;
    backoffInitialMs?: number;
    backoffMaxMs?: number;
    transport?: import('./transport.js').TransportFactory;
  };
  /**
   * How often (ms) each channel's place is read again from CoreShowChannels
   * and `lost` counts are reported; default 1000.
   */
  channelRefreshMs?: number;
}

/**
 * Implemented by src/ami/feed.ts:
 *
 *     export function openFeed(targets: ServerTarget[], options: FeedOptions): Promise<Feed>
 *
 * It rejects when a first connection cannot be made; once open, a server that
 * drops reconnects on its own and reports `status` / `gap` events.
 */
export type OpenFeed = (targets: import('./connection.js').ServerTarget[], options: FeedOptions) => Promise<Feed>;
