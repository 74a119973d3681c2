import type { ServerTarget } from './connection.js';
import { openFeed } from './feed.js';
import { describeFeedEvent } from './feed-notices.js';
import type { FeedEvent, FeedLine, FeedOptions } from './feed-types.js';
import { formatJson, formatLine } from './line-format.js';

/** Which lines `chanlog tail` prints. Every given criterion must hold. */
export interface TailFilter {
  /** Only lines that came through the routine at this ChanLog level or below. */
  maxLevel?: number;
  channel?: RegExp;
  device?: RegExp;
  /** Searched in the message. */
  grep?: RegExp;
}

export interface TailOptions extends Pick<FeedOptions, 'locator' | 'client' | 'channelRefreshMs'> {
  filter: TailFilter;
  json: boolean;
}

/** Where tail writes: lines to one place (stdout), notices such as gaps to another (stderr). */
export interface TailOutput {
  line(text: string): void;
  notice(text: string): void;
}

export interface TailSession {
  stop(): Promise<void>;
  /** Settles when stopped (resolves) or when a server refuses to take us back after a reconnect (rejects). */
  done: Promise<void>;
}

export function matchesFilter(line: FeedLine, filter: TailFilter): boolean {
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

/**
 * Writes a feed's events the way `chanlog tail` and the demo show them:
 * matching lines as text or JSON, and lost / gap / failed / reconnecting
 * notices in the same words everywhere.
 */
export function feedPrinter(options: { filter: TailFilter; json: boolean }, output: TailOutput): (event: FeedEvent) => void {
  return (event) => {
    if (event.kind === 'line') {
      if (matchesFilter(event.line, options.filter)) output.line(options.json ? formatJson(event.line) : formatLine(event.line));
      return;
    }
    const notice = describeFeedEvent(event);
    if (notice) output.notice(notice);
  };
}

/**
 * Streams what the dialplan logs on every target until stopped, through
 * the feed (one set of sessions per server, reconnected on their own).
 */
export async function startTail(targets: ServerTarget[], options: TailOptions, output: TailOutput): Promise<TailSession> {
  const { filter, json, ...feedOptions } = options;
  const feed = await openFeed(targets, feedOptions);
  let settle: { resolve(): void; reject(err: Error): void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const print = feedPrinter({ filter, json }, output);
  let stopped = false;
  const finish = async (err?: Error) => {
    if (stopped) return;
    stopped = true;
    await feed.stop();
    if (err) settle!.reject(err);
    else settle!.resolve();
  };
  feed.subscribe((event) => {
    print(event);
    if (event.kind === 'failed') void finish(event.error);
  });
  for (const server of feed.servers) output.notice(`-- streaming what the dialplan logs on ${server}`);
  return { stop: () => finish(), done };
}
