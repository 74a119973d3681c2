import { deviceOfChannel } from '../chanlog/keys.js';
import { AmiClient, type AmiClientOptions } from '../ami/client.js';
import type { ServerTarget } from '../ami/connection.js';
import { asHangup, asNewexten } from '../ami/events.js';
import { getHeader, type AmiFrame } from '../ami/frame.js';
import { callFilter, channelPrefixFilter, NEW_CHANNEL_FILTER, RELOAD_FILTER } from './filters.js';
import { ServerSources, type TraceSources } from './sources.js';
import { StepTracker, type TraceStep } from './steps.js';

/** Which calls to trace: one by its linkedid, or the whole calls of the channels whose name (or device) matches. */
export type TraceSelector =
  | { kind: 'linkedid'; linkedid: string }
  | {
      kind: 'channel' | 'device';
      pattern: RegExp;
      /** The literal start every matching channel name has (see literalPrefix); '' when none is certain. */
      prefix: string;
    };

export interface TracedCall {
  server: string;
  linkedid: string;
}

export interface TraceListener {
  step(step: TraceStep): void;
  /** A call's first traced event (for --channel / --device: the first matching channel). */
  callStarted?(call: TracedCall): void;
  /** The call's last known channel hung up. */
  callEnded?(call: TracedCall): void;
  /** Connection trouble and other remarks, for stderr or a status line. */
  notice?(text: string): void;
}

export interface TraceSessionOptions {
  target: ServerTarget;
  selector: TraceSelector;
  /** Sources from `--dialplan FILE`; without it, the server's own `dialplan show`. */
  sources?: TraceSources;
  /** Where the server's dialplan files can be read, for the text of each line (server sources). */
  configDir?: string;
  /** How often the server's `dialplan show` is read again anyway (a CLI `dialplan reload` raises no event); 0: never. */
  refreshIntervalMs?: number;
  client?: Pick<AmiClientOptions, 'pingIntervalMs' | 'backoffInitialMs' | 'backoffMaxMs'>;
}

/** A missing source triggers a new `dialplan show`, at most this often. */
const MISS_REFRESH_MS = 2_000;
/** Linkedid filters of ended calls a --channel session carries before it is replaced by a fresh one. */
const STALE_FILTER_LIMIT = 16;

interface CallState {
  /** Uniqueids of its channels still up. */
  live: Set<string>;
  seen: boolean;
}

/**
 * Traces calls step by step on AMI sessions of its own: a control session
 * (CLI commands, `Reload` events) and a trace session opened with
 * server-side filters that admit only the traced calls' channel events,
 * so a busy server does not send every step of every call. Asterisk's
 * `Filter` action can only add, so a session whose filters name many ended
 * calls is replaced by a new one; a caller tracing another call opens a
 * new TraceSession. Never shares the session that carries log lines.
 */
export class TraceSession {
  /** Events the trace session received (the server-side filter's effect shows here). */
  eventsReceived = 0;
  private control: AmiClient | undefined;
  private trace: AmiClient | undefined;
  private readonly calls = new Map<string, CallState>();
  private readonly tracker: StepTracker;
  private sources: TraceSources | undefined;
  private serverSources: ServerSources | undefined;
  private lastRefresh = 0;
  private staleFilters = 0;
  private queue: Promise<void> = Promise.resolve();
  private refreshTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private settle!: (err?: Error) => void;
  /** Settles when the session is closed, or rejects when a server refuses to take it back after a reconnect. */
  readonly done: Promise<void>;

  private constructor(
    private readonly options: TraceSessionOptions,
    private readonly listener: TraceListener,
  ) {
    this.tracker = new StepTracker(options.target.name);
    this.done = new Promise<void>((resolve, reject) => (this.settle = (err) => (err ? reject(err) : resolve())));
    this.done.catch(() => {});
  }

  get server(): string {
    return this.options.target.name;
  }

  /** Opens the sessions, reads the sources, and resolves once the filters are in place. */
  static async open(options: TraceSessionOptions, listener: TraceListener): Promise<TraceSession> {
    const session = new TraceSession(options, listener);
    try {
      await session.start();
    } catch (err) {
      session.close();
      throw err;
    }
    return session;
  }

  close(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.control?.close();
    this.trace?.close();
    this.settle(err);
  }

  private async start(): Promise<void> {
    const control = this.newClient();
    this.control = control;
    await control.connect();
    if (this.options.sources) {
      this.sources = this.options.sources;
    } else {
      const server = new ServerSources(control, this.options.configDir);
      this.serverSources = server;
      this.sources = server;
      await this.refreshSources();
      control.on('event', (frame) => {
        if (getHeader(frame, 'event') === 'Reload' && getHeader(frame, 'module') === 'pbx_config') void this.refreshSources();
      });
      await control.addFilter(RELOAD_FILTER);
      const every = this.options.refreshIntervalMs ?? 60_000;
      if (every > 0) {
        this.refreshTimer = setInterval(() => void this.refreshSources(), every);
        this.refreshTimer.unref();
      }
    }
    const selector = this.options.selector;
    if (selector.kind === 'linkedid') {
      this.calls.set(selector.linkedid, { live: new Set(), seen: false });
      this.trace = await this.openTrace([callFilter(selector.linkedid)]);
      await this.seedChannels(selector.linkedid);
    } else {
      this.trace = await this.openTrace([this.patternFilter()]);
    }
  }

  private newClient(): AmiClient {
    const client = new AmiClient({ ...this.options.client, endpoint: this.options.target.endpoint, name: this.options.target.name, reconnect: true });
    client.on('disconnected', (reason) => this.listener.notice?.(`-- lost the connection to ${client.name}${reason ? ` (${reason.message})` : ''}; reconnecting`));
    client.on('reconnected', (gap) => this.listener.notice?.(`-- ${client.name}: reconnected after ${(gap.gapMs / 1000).toFixed(1)} s; steps in between are missing`));
    client.on('failed', (err) => this.close(err));
    // The frame parser lost the blank line between two events: both are gone, and the trace says so.
    client.on('malformed', (_frame, why) => this.listener.notice?.(`-- ${client.name}: dropped an unreadable AMI frame (${why}); a step may be missing`));
    return client;
  }

  private patternFilter(): string {
    const selector = this.options.selector;
    return selector.kind !== 'linkedid' && selector.prefix ? channelPrefixFilter(selector.prefix) : NEW_CHANNEL_FILTER;
  }

  private async openTrace(filters: string[]): Promise<AmiClient> {
    const client = this.newClient();
    client.on('event', (frame) => {
      // While a session replaces another, each event counts on the one in charge only. The first
      // session's events before its filters are in place are checked here like any other.
      if (this.trace !== undefined && client !== this.trace) return;
      this.eventsReceived++;
      this.queue = this.queue.then(() => this.handle(frame)).catch((err: unknown) => this.listener.notice?.(`-- trace: ${String(err)}`));
    });
    await client.connect();
    for (const filter of filters) await client.addFilter(filter);
    return client;
  }

  private async handle(frame: AmiFrame): Promise<void> {
    if (this.closed) return;
    const name = getHeader(frame, 'event');
    const linkedid = getHeader(frame, 'linkedid');
    const uniqueid = getHeader(frame, 'uniqueid');
    if (linkedid === undefined || uniqueid === undefined) return;
    let call = this.calls.get(linkedid);
    if (!call) {
      const channel = getHeader(frame, 'channel') ?? '';
      if (!this.matchesPattern(channel) || name === 'Hangup') return;
      call = await this.startCall(linkedid);
    }
    if (name === 'Hangup') {
      this.tracker.hangup(asHangup(frame)!.uniqueid);
      call.live.delete(uniqueid);
      if (call.live.size === 0) this.endCall(linkedid);
      return;
    }
    call.live.add(uniqueid);
    if (!call.seen) {
      call.seen = true;
      this.listener.callStarted?.({ server: this.server, linkedid });
    }
    const event = asNewexten(frame);
    if (!event) return;
    const step = this.tracker.step(event);
    if (!step) return;
    let found = this.sources!.lookup(step.context, step.extension, step.priority);
    if (!found.source && this.serverSources && Date.now() - this.lastRefresh > MISS_REFRESH_MS) {
      // A step the map does not know: the dialplan was probably reloaded from the CLI.
      await this.refreshSources();
      found = this.sources!.lookup(step.context, step.extension, step.priority);
    }
    this.listener.step({ ...step, ...(found.source ? { source: found.source } : {}), ...(found.text !== undefined ? { sourceText: found.text } : {}), ...(found.loaded ? { loaded: found.loaded } : {}) });
  }

  private matchesPattern(channel: string): boolean {
    const selector = this.options.selector;
    if (selector.kind === 'linkedid') return false;
    selector.pattern.lastIndex = 0;
    return selector.pattern.test(selector.kind === 'device' ? deviceOfChannel(channel) : channel);
  }

  private async startCall(linkedid: string): Promise<CallState> {
    const call: CallState = { live: new Set(), seen: false };
    this.calls.set(linkedid, call);
    await this.trace!.addFilter(callFilter(linkedid));
    await this.seedChannels(linkedid);
    return call;
  }

  /** The call's channels that are up already, so its end is seen when the last of them hangs up. */
  private async seedChannels(linkedid: string): Promise<void> {
    const list = await this.control!.list('CoreShowChannels');
    const call = this.calls.get(linkedid)!;
    for (const frame of list.events) {
      const uniqueid = getHeader(frame, 'uniqueid');
      if (getHeader(frame, 'linkedid') === linkedid && uniqueid) call.live.add(uniqueid);
    }
    if (call.live.size > 0 && !call.seen) {
      call.seen = true;
      this.listener.callStarted?.({ server: this.server, linkedid });
    }
  }

  private endCall(linkedid: string): void {
    this.calls.delete(linkedid);
    this.listener.callEnded?.({ server: this.server, linkedid });
    if (this.options.selector.kind === 'linkedid') return;
    this.staleFilters++;
    if (this.calls.size === 0 && this.staleFilters >= STALE_FILTER_LIMIT) this.queue = this.queue.then(() => this.renew());
  }

  /** Replaces a pattern session whose filters name many ended calls with a fresh one (filters cannot be removed). */
  private async renew(): Promise<void> {
    if (this.calls.size > 0 || this.closed) return;
    const old = this.trace;
    this.trace = await this.openTrace([this.patternFilter()]);
    this.staleFilters = 0;
    old?.close();
  }

  private async refreshSources(): Promise<void> {
    if (!this.serverSources) return;
    this.lastRefresh = Date.now();
    try {
      await this.serverSources.refresh();
    } catch (err) {
      this.listener.notice?.(`-- ${this.server}: could not read the dialplan (dialplan show): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
