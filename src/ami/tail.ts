import { AmiClient, type ReconnectInfo } from './client.js';
import type { ServerTarget } from './connection.js';
import { formatLine, formatTime } from './line-format.js';
import type { SourceLocator, SourceRef } from './source-locator.js';
import { VerboseStream, type VerboseLine } from './verbose-stream.js';

/** Which lines `chanlog tail` prints. Every given criterion must hold. */
export interface TailFilter {
  /** Only lines that came through the routine at this ChanLog level or below. */
  maxLevel?: number;
  channel?: RegExp;
  device?: RegExp;
  /** Searched in the message. */
  grep?: RegExp;
}

/** A printed line with the dialplan source of its step and of the routine's caller, when a locator knows them. */
export type TailLine = VerboseLine & { source?: SourceRef; callerSource?: SourceRef };

export interface TailOptions {
  filter: TailFilter;
  json: boolean;
  locator?: SourceLocator;
  /** Client settings (tests shorten the backoff). */
  client?: { pingIntervalMs?: number; backoffInitialMs?: number; backoffMaxMs?: number };
}

/** Where tail writes: lines to one place (stdout), notices such as gaps to another (stderr). */
export interface TailOutput {
  line(text: string): void;
  notice(text: string): void;
}

export interface TailSession {
  stop(): void;
  /** Settles when stopped (resolves) or when a server refuses to take us back after a reconnect (rejects). */
  done: Promise<void>;
}

export function matchesFilter(line: VerboseLine, filter: TailFilter): boolean {
  if (filter.maxLevel !== undefined && (line.chanlogLevel === undefined || line.chanlogLevel > filter.maxLevel)) return false;
  if (filter.channel && !testRegExp(filter.channel, line.channel)) return false;
  if (filter.device && !testRegExp(filter.device, line.device)) return false;
  if (filter.grep && !testRegExp(filter.grep, line.message)) return false;
  return true;
}

/** `test` that ignores a `g` or `y` flag's state, so one line's match does not move the next one's start. */
function testRegExp(regex: RegExp, text: string): boolean {
  regex.lastIndex = 0;
  return regex.test(text);
}

export function locateLine(line: VerboseLine, locator: SourceLocator | undefined): TailLine {
  if (!locator) return line;
  const source = locator.locate(line.context, line.extension, line.priority);
  const callerSource = line.caller ? locator.locate(line.caller.context, line.caller.extension, line.caller.priority) : undefined;
  return { ...line, ...(source ? { source } : {}), ...(callerSource ? { callerSource } : {}) };
}

export function describeGap(server: string, gap: ReconnectInfo): string {
  const seconds = (gap.gapMs / 1000).toFixed(1);
  return `-- gap: ${server}: disconnected from ${formatTime(gap.since)} to ${formatTime(gap.until)} (${seconds} s, ${gap.attempts} attempt${gap.attempts === 1 ? '' : 's'}); lines logged in between are missing`;
}

/**
 * Streams the Verbose output of every target until stopped: one client
 * per server, each with its server-side filters (re-applied after a
 * reconnect), lines filtered here and written one at a time.
 */
export async function startTail(targets: ServerTarget[], options: TailOptions, output: TailOutput): Promise<TailSession> {
  const clients = targets.map((t) => new AmiClient({ ...options.client, endpoint: t.endpoint, name: t.name, reconnect: true }));
  let stopped = false;
  let settle: { resolve(): void; reject(err: Error): void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const finish = (err?: Error) => {
    if (stopped) return;
    stopped = true;
    for (const client of clients) client.close();
    if (err) settle!.reject(err);
    else settle!.resolve();
  };
  const stop = () => finish();

  const write = (line: VerboseLine) => {
    if (!matchesFilter(line, options.filter)) return;
    const located = locateLine(line, options.locator);
    output.line(options.json ? JSON.stringify(located) : formatLine(located));
  };

  try {
    await Promise.all(
      clients.map(async (client) => {
        client.on('disconnected', (reason) =>
          output.notice(`-- lost the connection to ${client.name}${reason ? ` (${reason.message})` : ''}; reconnecting`),
        );
        client.on('reconnected', (gap) => output.notice(describeGap(client.name, gap)));
        client.on('failed', (err) => finish(err));
        await client.connect();
        const stream = new VerboseStream(client);
        stream.on('line', write);
        await stream.start();
        output.notice(`-- streaming Verbose output from ${client.name}`);
      }),
    );
  } catch (err) {
    stop();
    throw err;
  }
  return { stop, done };
}
