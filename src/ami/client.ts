import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { AmiEndpoint } from './url.js';
import { describeEndpoint } from './url.js';
import { type ActionFields, type AmiFrame, findUnsafeField, getHeader, getHeaders } from './frame.js';
import { AmiError } from './errors.js';
import type { AmiTransport, TransportFactory } from './transport.js';
import { SocketTransport } from './wire/socket-transport.js';

export interface AmiClientOptions {
  endpoint: AmiEndpoint;
  /** Label for this server in output; defaults to host:port. */
  name?: string;
  transport?: TransportFactory;
  /** How long an action may wait for its response (default: defaultTimeoutMs()). */
  actionTimeoutMs?: number;
  /** How long connecting, the greeting and logging in may take together (default: defaultTimeoutMs()). */
  connectTimeoutMs?: number;
  /** Ping period for the watchdog; 0 turns it off. */
  pingIntervalMs?: number;
  /** How long a watchdog Ping may go unanswered before the connection counts as dead. */
  pingTimeoutMs?: number;
  /** Reconnect after a lost connection (the first connect never retries). */
  reconnect?: boolean;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /**
   * Whether this session wants events. Off, the client sends `Events: off`
   * right after login (the package's own login header for that is one
   * Asterisk ignores), so a busy server does not flood a short command.
   */
  events?: boolean;
}

/**
 * The default deadline, in ms, for opening a connection and for each action:
 * 8 s, or CHANLOG_AMI_TIMEOUT seconds (for a slow link). Short enough that a
 * one-shot command against a server that never answers ends within 20 s.
 */
export function defaultTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.CHANLOG_AMI_TIMEOUT);
  return env.CHANLOG_AMI_TIMEOUT && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 8_000;
}

/** A gap in the stream: nothing was received from `since` (the last frame before the loss) until `until`. */
export interface ReconnectInfo {
  since: Date;
  until: Date;
  gapMs: number;
  attempts: number;
}

export interface ListResult {
  response: AmiFrame;
  events: AmiFrame[];
}

interface Pending {
  /** The action's name, for messages. */
  action: string;
  resolve(frame: AmiFrame): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  /** Collected list events, for list actions. */
  list?: AmiFrame[];
  response?: AmiFrame;
}

export interface AmiClientEvents {
  event: [AmiFrame];
  /** A frame that cannot be one message, dropped (a unique header twice: two frames ran together, or forged headers). */
  malformed: [AmiFrame, string];
  disconnected: [Error | undefined];
  reconnected: [ReconnectInfo];
  /** Gave up reconnecting (a refused login, or close() was called while down). */
  failed: [Error];
}

/**
 * A resilient AMI client: its own ActionIDs mapped to promises with
 * timeouts, list actions collected until their completion event, a Ping
 * watchdog, and reconnection with jittered backoff that logs in again and
 * re-applies the session's event filters. It never writes to the terminal;
 * callers listen for `disconnected` / `reconnected` / `failed`.
 */
export class AmiClient extends EventEmitter<AmiClientEvents> {
  readonly endpoint: AmiEndpoint;
  readonly name: string;
  private readonly options: Required<Omit<AmiClientOptions, 'endpoint' | 'name'>>;
  private transport: AmiTransport | undefined;
  /** The transport being opened, so close() can abort it. */
  private opening: AmiTransport | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly filters: string[] = [];
  private readonly idPrefix = randomBytes(4).toString('hex');
  private nextId = 1;
  private pingTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private connected = false;
  private fullyBooted = false;
  private malformed = 0;
  /** When the last frame arrived (ms since the epoch): where a gap starts. */
  private lastFrameAt = 0;

  constructor(options: AmiClientOptions) {
    super();
    this.endpoint = options.endpoint;
    this.name = options.name ?? `${options.endpoint.host}:${options.endpoint.port}`;
    this.options = {
      transport: options.transport ?? (() => new SocketTransport()),
      actionTimeoutMs: options.actionTimeoutMs ?? defaultTimeoutMs(),
      connectTimeoutMs: options.connectTimeoutMs ?? defaultTimeoutMs(),
      pingIntervalMs: options.pingIntervalMs ?? 15_000,
      pingTimeoutMs: options.pingTimeoutMs ?? Math.max(options.pingIntervalMs ?? 15_000, 5_000),
      reconnect: options.reconnect ?? true,
      backoffInitialMs: options.backoffInitialMs ?? 500,
      backoffMaxMs: options.backoffMaxMs ?? 30_000,
      events: options.events ?? true,
    };
  }

  /** Whether Asterisk has said `FullyBooted` on this session. */
  get isFullyBooted(): boolean {
    return this.fullyBooted;
  }

  /** Resolves once Asterisk has finished starting (it says so right after login). */
  waitFullyBooted(timeoutMs: number): Promise<void> {
    if (this.fullyBooted) return Promise.resolve();
    return this.waitForEvent((frame) => getHeader(frame, 'event') === 'FullyBooted', timeoutMs, 'FullyBooted').then(() => {});
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** How many frames were dropped as malformed (each also raised `malformed`). */
  get malformedFrames(): number {
    return this.malformed;
  }

  /** Connects and logs in once; a failure here is reported, not retried. */
  async connect(): Promise<void> {
    this.closing = false;
    await this.openSession();
    try {
      await this.configureSession();
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** Sends one action and resolves with its response; Asterisk's `Response: Error` rejects with its message. */
  action(name: string, fields: ActionFields = {}, timeoutMs = this.options.actionTimeoutMs): Promise<AmiFrame> {
    return this.send(name, fields, timeoutMs, false).then((p) => p.response);
  }

  /** Sends a list action and collects its events until the `EventList: Complete` event. */
  list(name: string, fields: ActionFields = {}, timeoutMs = this.options.actionTimeoutMs): Promise<ListResult> {
    return this.send(name, fields, timeoutMs, true);
  }

  /** Runs a CLI command and returns its output lines. */
  async command(command: string, timeoutMs = this.options.actionTimeoutMs): Promise<string[]> {
    const response = await this.action('Command', { Command: command }, timeoutMs);
    return getHeaders(response, 'output');
  }

  /**
   * Adds a server-side event filter for this session (the `Filter` action),
   * remembered and re-applied after every reconnect, since Asterisk keeps
   * filters per session.
   */
  async addFilter(filter: string): Promise<void> {
    await this.action('Filter', { Operation: 'Add', Filter: filter });
    this.filters.push(filter);
  }

  /** Resolves with the first event that matches, e.g. `FullyBooted`, sent right after login once Asterisk has started. */
  waitForEvent(predicate: (frame: AmiFrame) => boolean, timeoutMs: number, what: string): Promise<AmiFrame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('event', listener);
        reject(new AmiError(`no ${what} from Asterisk within ${timeoutMs / 1000} s`, 'timeout'));
      }, timeoutMs);
      const listener = (frame: AmiFrame) => {
        if (!predicate(frame)) return;
        clearTimeout(timer);
        this.off('event', listener);
        resolve(frame);
      };
      this.on('event', listener);
    });
  }

  /** Ends at once: the socket is destroyed (also one still connecting), timers stopped, pending actions rejected. */
  close(): void {
    this.closing = true;
    this.stopTimers();
    this.opening?.close();
    this.opening = undefined;
    this.transport?.close();
    this.transport = undefined;
    this.connected = false;
    this.failAll(new AmiError('the AMI client was closed', 'closed'));
  }

  private async openSession(): Promise<void> {
    const transport = this.options.transport();
    this.fullyBooted = false;
    transport.onFrame((frame) => this.handleFrame(frame));
    transport.onMalformed?.((frame, why) => this.handleMalformed(frame, why));
    this.opening = transport;
    try {
      await transport.open(this.endpoint, this.options.connectTimeoutMs);
    } catch (err) {
      throw err instanceof AmiError ? withServer(err, this.endpoint) : err;
    } finally {
      if (this.opening === transport) this.opening = undefined;
    }
    if (this.closing) {
      // close() came while the login answer was on its way.
      transport.close();
      throw withServer(new AmiError('the AMI client was closed', 'closed'), this.endpoint);
    }
    this.transport = transport;
    this.connected = true;
    transport.onClose((reason) => this.handleClose(transport, reason));
    this.startWatchdog();
  }

  /** What a fresh session needs before it is used: the event mask, and the filters of the previous session. */
  private async configureSession(): Promise<void> {
    if (!this.options.events) await this.action('Events', { EventMask: 'off' });
    for (const filter of this.filters) await this.action('Filter', { Operation: 'Add', Filter: filter });
  }

  private send(name: string, fields: ActionFields, timeoutMs: number, isList: boolean): Promise<ListResult> {
    const problem = findUnsafeField({ Action: name, ...fields });
    if (problem) return Promise.reject(new AmiError(`refused to send ${name}: ${problem}`, 'input'));
    const transport = this.transport;
    if (!transport || !this.connected) return Promise.reject(new AmiError(`not connected to ${this.name}`, 'connection'));
    const id = `${this.idPrefix}-${this.nextId++}`;
    return new Promise<ListResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AmiError(`${name}: no response from ${this.name} within ${timeoutMs / 1000} s`, 'timeout'));
      }, timeoutMs);
      const entry: Pending = {
        action: name,
        timer,
        reject,
        resolve: (response) => resolve({ response, events: entry.list ?? [] }),
      };
      if (isList) entry.list = [];
      this.pending.set(id, entry);
      try {
        transport.send({ Action: name, ActionID: id, ...fields });
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err);
      }
    });
  }

  private handleMalformed(frame: AmiFrame, why: string): void {
    this.lastFrameAt = Date.now();
    this.malformed++;
    this.emit('malformed', frame, why);
  }

  private handleFrame(frame: AmiFrame): void {
    this.lastFrameAt = Date.now();
    const id = getHeader(frame, 'actionid');
    const entry = id === undefined ? undefined : this.pending.get(id);
    if (!entry || id === undefined) {
      const event = getHeader(frame, 'event');
      if (event === undefined) return;
      if (event === 'FullyBooted') this.fullyBooted = true;
      this.emit('event', frame);
      return;
    }
    const response = getHeader(frame, 'response');
    if (response !== undefined) {
      if (response.toLowerCase() === 'error') {
        this.settle(id, entry);
        const message = getHeader(frame, 'message') ?? 'Error';
        entry.reject(new AmiError(`${this.name} refused ${entry.action}: ${message}`, 'refused', { asteriskMessage: message }));
        return;
      }
      // A list action answers Success with `EventList: start`, then events, then a Complete event.
      const startsList = getHeader(frame, 'eventlist')?.toLowerCase() === 'start';
      if (entry.list && startsList) {
        entry.response = frame;
        return;
      }
      this.settle(id, entry);
      entry.resolve(frame);
      return;
    }
    if (entry.list) {
      const listState = getHeader(frame, 'eventlist')?.toLowerCase();
      if (listState === 'complete' || listState === 'cancelled') {
        this.settle(id, entry);
        entry.resolve(entry.response ?? frame);
        return;
      }
      entry.list.push(frame);
      return;
    }
    this.emit('event', frame);
  }

  private settle(id: string, entry: Pending): void {
    clearTimeout(entry.timer);
    this.pending.delete(id);
  }

  private failAll(err: Error): void {
    for (const [id, entry] of this.pending) {
      this.settle(id, entry);
      entry.reject(err);
    }
  }

  private startWatchdog(): void {
    if (this.options.pingIntervalMs <= 0) return;
    this.pingTimer = setInterval(() => {
      this.action('Ping', {}, this.options.pingTimeoutMs).catch((err: unknown) => {
        // A Ping that times out means the link is dead even if TCP has not noticed.
        if (err instanceof AmiError && err.kind === 'timeout') this.transport?.close();
      });
    }, this.options.pingIntervalMs);
    this.pingTimer.unref();
  }

  private stopTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.pingTimer = undefined;
    this.reconnectTimer = undefined;
  }

  private handleClose(transport: AmiTransport, reason: Error | undefined): void {
    if (transport !== this.transport) return;
    this.transport = undefined;
    this.connected = false;
    this.stopTimers();
    this.failAll(new AmiError(`lost the connection to ${this.name}`, 'connection'));
    if (this.closing) return;
    this.emit('disconnected', reason);
    // Nothing has arrived since the last frame: that is where the gap starts, not when the loss was noticed.
    if (this.options.reconnect) this.scheduleReconnect(new Date(this.lastFrameAt || Date.now()), 1);
  }

  private scheduleReconnect(since: Date, attempt: number): void {
    const base = Math.min(this.options.backoffMaxMs, this.options.backoffInitialMs * 2 ** (attempt - 1));
    const delay = base / 2 + Math.random() * base; // jitter: 0.5x to 1.5x
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.closing) return;
      this.reconnectOnce(since, attempt).catch(() => {});
    }, delay);
  }

  private async reconnectOnce(since: Date, attempt: number): Promise<void> {
    try {
      await this.openSession();
      await this.configureSession();
    } catch (err) {
      if (this.closing) return;
      // A refused login, or a filter Asterisk now refuses: trying again would not change the answer.
      if (err instanceof AmiError && (err.kind === 'auth' || err.kind === 'refused')) {
        this.close();
        this.emit('failed', err);
        return;
      }
      const half = this.transport; // opened, but the filters failed: drop it quietly and retry
      this.transport = undefined;
      this.connected = false;
      this.stopTimers();
      half?.close();
      this.scheduleReconnect(since, attempt + 1);
      return;
    }
    const until = new Date();
    this.emit('reconnected', { since, until, gapMs: until.getTime() - since.getTime(), attempts: attempt });
  }
}

function withServer(err: AmiError, endpoint: AmiEndpoint): AmiError {
  return new AmiError(`${describeEndpoint(endpoint)}: ${err.message}`, err.kind);
}
