import { AmiClient, type AmiClientOptions } from '../ami/client.js';
import type { ServerTarget } from '../ami/connection.js';
import { serverFamily } from '../ami/levels.js';
import { CallFollow, type FollowOptions } from './follow.js';
import { TraceSession, type TracedCall, type TraceSelector } from './session.js';
import type { TraceSources } from './sources.js';

export interface FollowListener {
  /** The call's key is set: every channel of it logs at the chosen level. */
  followed?(call: TracedCall, keyName: string): void;
  /** The call ended (or the follow stopped): the key is as it was found. */
  released?(call: TracedCall, keyName: string): void;
  notice?(text: string): void;
}

export interface FollowSessionOptions {
  target: ServerTarget;
  selector: TraceSelector;
  follow?: FollowOptions;
  client?: Pick<AmiClientOptions, 'pingIntervalMs' | 'backoffInitialMs' | 'backoffMaxMs'>;
}

/** Following needs to know when calls start and end, not where their steps are written. */
const NO_SOURCES: TraceSources = { lookup: () => ({}) };

/**
 * Follows calls on one server: `--linkedid` at once (before the call starts
 * if it has not, so its first channel logs from its first step), or every
 * call whose channel matches `--channel` / `--device` as it appears. Each
 * call's key is put back when its last channel hangs up, and all of them
 * when the session closes.
 */
export class FollowSession {
  private readonly follows = new Map<string, Promise<CallFollow | undefined>>();
  private watch: TraceSession | undefined;
  private ended!: () => void;
  /** Resolves when a `--linkedid` call has ended (never for a pattern). */
  readonly callOver = new Promise<void>((resolve) => (this.ended = resolve));

  private constructor(
    private readonly options: FollowSessionOptions,
    private readonly client: AmiClient,
    private readonly listener: FollowListener,
  ) {}

  static async open(options: FollowSessionOptions, listener: FollowListener): Promise<FollowSession> {
    const client = new AmiClient({ ...options.client, endpoint: options.target.endpoint, name: options.target.name, events: false, reconnect: true });
    await client.connect();
    if (options.follow?.family === undefined) {
      // The family the server's loaded routine reads (ChanLog unless generated with --family).
      const { family, note } = await serverFamily(client).catch((err: unknown) => {
        client.close();
        throw err;
      });
      if (note) listener.notice?.(`-- ${options.target.name}: note: ${note}`);
      options = { ...options, follow: { ...options.follow, family } };
    }
    const session = new FollowSession(options, client, listener);
    try {
      if (options.selector.kind === 'linkedid') await session.begin(options.selector.linkedid);
      session.watch = await TraceSession.open(
        { target: options.target, selector: options.selector, sources: NO_SOURCES, ...(options.client ? { client: options.client } : {}) },
        {
          step: () => {},
          callStarted: (call) => void session.begin(call.linkedid),
          callEnded: (call) =>
            void session
              .release(call.linkedid)
              .catch((err: unknown) => listener.notice?.(`-- ${call.server}: could not put back the key of call ${call.linkedid}: ${err instanceof Error ? err.message : String(err)}`))
              .then(() => options.selector.kind === 'linkedid' && session.ended()),
          ...(listener.notice ? { notice: listener.notice } : {}),
        },
      );
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }

  /** Settles when the watch stops on its own (a server that refuses to take it back). */
  get done(): Promise<void> {
    return this.watch?.done ?? Promise.resolve();
  }

  private begin(linkedid: string): Promise<CallFollow | undefined> {
    let pending = this.follows.get(linkedid);
    if (pending) return pending;
    const call = { server: this.options.target.name, linkedid };
    pending = CallFollow.start(this.client, linkedid, this.options.follow).then(
      (follow) => {
        this.listener.followed?.(call, follow.keyName);
        return follow;
      },
      (err: unknown) => {
        this.listener.notice?.(`-- ${call.server}: could not follow call ${linkedid}: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      },
    );
    this.follows.set(linkedid, pending);
    return pending;
  }

  private async release(linkedid: string): Promise<void> {
    const pending = this.follows.get(linkedid);
    if (!pending) return;
    this.follows.delete(linkedid);
    const follow = await pending;
    if (!follow) return;
    await follow.stop();
    this.listener.released?.({ server: this.options.target.name, linkedid }, follow.keyName);
  }

  /** Puts every followed call's key back, then closes the sessions. */
  async close(): Promise<void> {
    this.watch?.close();
    try {
      for (const linkedid of [...this.follows.keys()]) await this.release(linkedid);
    } finally {
      this.client.close();
    }
  }
}
