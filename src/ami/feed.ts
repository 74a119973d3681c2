import type { FoundRoutine } from '../chanlog/discover.js';
import { ROUTINE_CONTEXT } from '../chanlog/routine.js';
import { ROUTINE_EVENT_FILTER } from '../chanlog/user-event.js';
import { AmiClient, type ReconnectInfo } from './client.js';
import { ChannelRegistry, type ChannelChange } from './channel-registry.js';
import { AmiError } from './errors.js';
import type { ServerTarget } from './connection.js';
import { channelEventName, channelSnapshot } from './events.js';
import type { ChannelInfo, Feed, FeedEvent, FeedLine, FeedOptions, ServerState, ServerStatus } from './feed-types.js';
import { loadedRoutines } from './levels.js';
import { LineGate } from './line-gate.js';
import { decodeRoutineEvent } from './routine-lines.js';
import type { SourceLocator } from './source-locator.js';
import { NEWEXTEN_FILTERS, routineStepsExclusion, VerboseLineDecoder } from './verbose-stream.js';

/**
 * Filters of the lines session, each anchored at the start of the event
 * text: Asterisk matches a filter against the whole event, so a `Newexten`
 * whose data holds a forged `Event: UserEvent` frame matches none of them
 * and is never sent on this session. `[[:space:]]` keeps `Hangup` from
 * also matching `HangupRequest`.
 */
export const LINES_FILTERS = [ROUTINE_EVENT_FILTER, '^Event: Newchannel[[:space:]]', '^Event: Newstate[[:space:]]', '^Event: Hangup[[:space:]]'];

/** How often each channel's place is read again from CoreShowChannels, and lost counts are reported. */
const DEFAULT_REFRESH_MS = 1_000;

/** Lines kept for the first subscriber while nobody listens yet; beyond it they are dropped and counted. */
const EARLY_EVENTS_MAX = 10_000;

type LostReason = Extract<FeedEvent, { kind: 'lost' }>['reason'];
type Session = 'lines' | 'newexten' | 'command';

/**
 * Adds the dialplan source of the step and of the routine's caller, when the
 * locator knows them, to the line itself: the decoders make a fresh line per
 * event, and a copy by `...` spreads per line would be old-generation garbage
 * (see stepOf in events.ts).
 */
export function locateLine(line: FeedLine, locator: SourceLocator | undefined): FeedLine {
  if (!locator) return line;
  const source = locator.locate(line.context, line.extension, line.priority);
  const callerSource = line.caller ? locator.locate(line.caller.context, line.caller.extension, line.caller.priority) : undefined;
  if (source) line.source = source;
  if (callerSource) line.callerSource = callerSource;
  return line;
}

/**
 * One server's sessions:
 * - `lines`: only what LINES_FILTERS admit (the routine's UserEvent and the
 *   channel lifecycle); the trusted path, and the channel registry's source;
 * - `newexten`: plain Verbose()/Log() steps and older routines' marker
 *   steps; untrusted, every line checked against the registry;
 * - `command`: no events; CoreShowChannels, and the level functions.
 */
class ServerFeed {
  readonly registry: ChannelRegistry;
  readonly command: AmiClient;
  private readonly lines: AmiClient;
  private readonly newexten: AmiClient | undefined;
  private readonly gate: LineGate;
  private readonly decoder: VerboseLineDecoder;
  private state: ServerState = 'connecting';
  private since = new Date();
  private detail: string | undefined;
  private events = 0;
  /** Off until the lines session's filters are in place: before that it receives every event. */
  private linesFiltered = false;
  /** Off until the Newexten session's filters are in place and the routine's kind is known. */
  private newextenReady = false;
  /** Routine contexts whose steps the Newexten session's exclusion filter keeps away (asked or in place). */
  private readonly excludedRoutines = new Set<string>();
  /** Sessions that are down, with the gap each reported once back. */
  private readonly down = new Map<Session, ReconnectInfo | undefined>();
  private readonly lost = new Map<LostReason, number>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;

  constructor(
    private readonly target: ServerTarget,
    private readonly options: FeedOptions,
    private readonly emit: (event: FeedEvent) => void,
  ) {
    const client = (events: boolean) => new AmiClient({ ...options.client, endpoint: target.endpoint, name: target.name, reconnect: true, events });
    this.lines = client(true);
    this.newexten = options.plainLines === false ? undefined : client(true);
    this.command = client(false);
    this.registry = new ChannelRegistry(
      target.name,
      (change, channel) => this.channelChanged(change, channel),
      (channel) => this.decoder.forget(channel),
    );
    this.gate = new LineGate(this.registry, (line) => this.deliver(line), (count) => this.count('unknown-channel', count));
    this.decoder = new VerboseLineDecoder(target.name);
  }

  get name(): string {
    return this.target.name;
  }

  status(): ServerStatus {
    return { name: this.name, state: this.state, since: this.since, events: this.events, ...(this.detail ? { detail: this.detail } : {}) };
  }

  async open(): Promise<void> {
    this.setState('connecting');
    this.watch('lines', this.lines);
    if (this.newexten) this.watch('newexten', this.newexten);
    this.watch('command', this.command);
    this.lines.on('event', (frame) => {
      this.events++;
      if (!this.linesFiltered) return;
      const channelEvent = channelEventName(frame);
      if (channelEvent && channelEvent !== 'CoreShowChannel') {
        const snapshot = channelSnapshot(frame);
        if (snapshot) this.registry.apply(channelEvent, snapshot);
        return;
      }
      const line = decodeRoutineEvent(frame, this.name);
      if (line === 'malformed') this.count('malformed', 1);
      else if (line) {
        void this.routineUsesUserEvent(line.context);
        this.gate.offer(line);
      }
    });
    this.newexten?.on('event', (frame) => {
      this.events++;
      if (!this.newextenReady) return;
      const line = this.decoder.decode(frame);
      if (line) this.gate.offer(line);
    });
    await Promise.all([this.lines.connect(), this.newexten?.connect(), this.command.connect()]);
    for (const filter of LINES_FILTERS) await this.lines.addFilter(filter);
    this.linesFiltered = true;
    // The include filters first: until one is in place, an exclusion alone would let every other event through.
    if (this.newexten) for (const filter of NEWEXTEN_FILTERS) await this.newexten.addFilter(filter);
    await this.readRoutineKind();
    this.newextenReady = true;
    await this.refresh();
    this.setState('connected');
    const period = this.options.channelRefreshMs ?? DEFAULT_REFRESH_MS;
    this.timer = setInterval(() => this.tick(), period);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.lines.close();
    this.newexten?.close();
    this.command.close();
    this.reportLost();
    if (this.state !== 'failed') this.setState('stopped');
  }

  /**
   * What the server's dialplan says about its routines (discover.ts, from
   * ShowDialPlan, which needs the manager's write class `config` or
   * `reporting`; the default context first, every context when that is not
   * a routine): which raise the UserEvent, whether an older routine with a
   * level marker is loaded as [chanlog]. Level markers are then read only
   * where such a routine runs, so that none forged inside CR LF data makes a
   * routine line. Without the permission both are learnt from the routine's
   * first event.
   */
  private async readRoutineKind(): Promise<void> {
    let found: FoundRoutine[];
    try {
      found = await loadedRoutines(this.command);
    } catch {
      return;
    }
    if (!found.some((routine) => routine.context === ROUTINE_CONTEXT && routine.kind === 'level-marker')) this.decoder.ignoreMarkers();
    await Promise.all(found.filter((routine) => routine.kind === 'user-event').map((routine) => this.routineUsesUserEvent(routine.context)));
  }

  /**
   * The routine in `context` raises the UserEvent, so its lines come through
   * the event and its steps are not read from Newexten: Asterisk keeps them
   * off that session (an exclusion filter, which spares a busy server's
   * network and chanlog two events a printed line), and the decoder drops
   * any that still come, the safety net when the filter could not be set.
   * A filter that could not be sent (the session was down) is asked again
   * when the routine is next seen; one Asterisk refused, never.
   */
  private async routineUsesUserEvent(context: string): Promise<void> {
    this.decoder.routineUsesUserEvent(context);
    if (!this.newexten || this.excludedRoutines.has(context)) return;
    this.excludedRoutines.add(context);
    try {
      await this.newexten.addFilter(routineStepsExclusion(context));
    } catch (err) {
      if (err instanceof AmiError && err.kind === 'connection') this.excludedRoutines.delete(context);
    }
  }

  private watch(session: Session, client: AmiClient): void {
    client.on('malformed', () => this.count('malformed', 1));
    client.on('disconnected', (reason) => {
      if (session === 'lines') this.linesFiltered = false;
      if (session === 'newexten') this.newextenReady = false;
      this.down.set(session, undefined);
      if (this.state === 'connected') this.setState('reconnecting', reason?.message ?? `lost the ${session} session`);
    });
    client.on('reconnected', (gap) => {
      if (session === 'lines') this.linesFiltered = true;
      if (session === 'newexten') this.newextenReady = true;
      if (session === 'command') this.readRoutineKind().catch(() => {}); // a reload may have brought the new routine
      this.down.set(session, gap);
      this.backUp();
    });
    client.on('failed', (error) => {
      if (this.state === 'failed' || this.state === 'stopped') return;
      this.setState('failed', error.message);
      this.stop();
      this.emit({ kind: 'failed', server: this.name, error });
    });
  }

  /**
   * Once every session that went down is back: one gap for the outage of
   * the sessions that carry lines (the command session alone loses none),
   * and the channels read again.
   */
  private backUp(): void {
    if ([...this.down.values()].some((gap) => gap === undefined)) return;
    const gaps = [...this.down].flatMap(([session, gap]) => (session !== 'command' && gap ? [gap] : []));
    this.down.clear();
    this.setState('connected');
    if (gaps.length > 0) {
      const since = new Date(Math.min(...gaps.map((gap) => gap.since.getTime())));
      const until = new Date(Math.max(...gaps.map((gap) => gap.until.getTime())));
      this.emit({ kind: 'gap', server: this.name, since, until, attempts: Math.max(...gaps.map((gap) => gap.attempts)) });
    }
    this.refresh().catch(() => {});
  }

  private async tick(): Promise<void> {
    this.reportLost();
    if (this.refreshing) return;
    try {
      await this.refresh();
    } catch {
      // The command session is down or slow: the next tick tries again.
    }
  }

  /** Reads every channel's place from CoreShowChannels; lines waiting for a channel it does not list are refused. */
  private async refresh(): Promise<void> {
    this.refreshing = true;
    const askedAt = Date.now();
    try {
      const { events } = await this.command.list('CoreShowChannels');
      const snapshots = events.flatMap((frame) => {
        const snapshot = channelEventName(frame) === 'CoreShowChannel' ? channelSnapshot(frame) : undefined;
        return snapshot ? [snapshot] : [];
      });
      this.registry.refresh(snapshots, askedAt);
      this.gate.expire(askedAt);
    } finally {
      this.refreshing = false;
    }
  }

  private channelChanged(change: ChannelChange, channel: ChannelInfo): void {
    if (change === 'new') this.gate.channelKnown(channel.uniqueid);
    this.emit({ kind: 'channel', change, channel });
  }

  private deliver(line: FeedLine): void {
    this.emit({ kind: 'line', line: locateLine(line, this.options.locator) });
  }

  private count(reason: LostReason, count: number): void {
    this.lost.set(reason, (this.lost.get(reason) ?? 0) + count);
  }

  private reportLost(): void {
    for (const [reason, count] of this.lost) this.emit({ kind: 'lost', server: this.name, count, reason });
    this.lost.clear();
  }

  private setState(state: ServerState, detail?: string): void {
    this.state = state;
    this.since = new Date();
    this.detail = detail;
    this.emit({ kind: 'status', status: this.status() });
  }
}

/**
 * Opens the feed: every server's sessions, in parallel. Rejects (closing
 * everything) when a first connection cannot be made; once open, a server
 * that drops reconnects on its own and reports `status` and `gap` events.
 */
export async function openFeed(targets: ServerTarget[], options: FeedOptions): Promise<Feed> {
  const listeners = new Set<(event: FeedEvent) => void>();
  // What happens while the sessions open (status changes, the first channels and lines) waits for the first subscriber.
  let early: FeedEvent[] | undefined = [];
  const earlyDropped = new Map<string, number>();
  const emit = (event: FeedEvent) => {
    if (early) {
      if (early.length < EARLY_EVENTS_MAX || event.kind !== 'line') early.push(event);
      else earlyDropped.set(event.line.server, (earlyDropped.get(event.line.server) ?? 0) + 1);
      return;
    }
    for (const listener of listeners) listener(event);
  };
  const servers = targets.map((target) => new ServerFeed(target, options, emit));
  const byName = new Map(servers.map((server) => [server.name, server]));
  const find = (name: string) => {
    const server = byName.get(name);
    if (!server) throw new Error(`no server ${name} in this feed`);
    return server;
  };
  try {
    await Promise.all(servers.map((server) => server.open()));
  } catch (err) {
    for (const server of servers) server.stop();
    throw err;
  }
  return {
    servers: servers.map((server) => server.name),
    subscribe(listener) {
      listeners.add(listener);
      if (early) {
        const replay = early;
        early = undefined;
        for (const event of replay) listener(event);
        for (const [server, count] of earlyDropped) listener({ kind: 'lost', server, count, reason: 'slow-reader' });
      }
      return () => listeners.delete(listener);
    },
    status: (name) => find(name).status(),
    channels: () => servers.flatMap((server) => server.registry.channels()),
    commandClient: (name) => find(name).command,
    async stop() {
      for (const server of servers) server.stop();
    },
  };
}
