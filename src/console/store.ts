import type { ChannelInfo, FeedEvent, FeedLine, ServerStatus } from '../ami/feed-types.js';
import { describeFeedEvent } from '../ami/feed-notices.js';
import { Filters } from './filters.js';
import type { LogEntry } from './log-entry.js';
import { LogView } from './log-view.js';
import type { LevelSnapshot } from './levels-model.js';
import { Scrollback } from './scrollback.js';
import { Search } from './search.js';

export type NoticeTone = 'good' | 'bad' | 'info';

export const HANGUP_LINGER_MS = 5_000;

/** A call's key in the console's maps and sets: its server and linkedid. */
function callKey(call: { server: string; linkedid: string }): string {
  return `${call.server}\0${call.linkedid}`;
}

/** A channel's key: its server and name. */
export function channelKey(channel: { server: string; channel: string }): string {
  return `${channel.server}\0${channel.channel}`;
}

/**
 * Everything the panes draw, kept current by the feed: the scrollback and
 * its filtered view, live channels, each server's state, and the levels
 * read from AstDB. It never draws; it calls `onChange` so the app can
 * schedule one frame for any number of events.
 */
export class ConsoleStore {
  readonly buffer: Scrollback;
  readonly filters: Filters;
  readonly view: LogView;
  readonly search = new Search();
  readonly channels = new Map<string, ChannelInfo>();
  /** Channels that hung up, and when: they stay on the calls pane, dimmed, for HANGUP_LINGER_MS (a short call is seen at all). */
  readonly ended = new Map<string, number>();
  /** Calls (server NUL linkedid) that ran a watched line; forgotten with their last channel. */
  private readonly watchedCalls = new Set<string>();
  readonly servers = new Map<string, ServerStatus>();
  readonly levels = new Map<string, LevelSnapshot>();
  /** The last level change or refusal, for the levels pane. */
  levelNotice: { text: string; tone: NoticeTone } | undefined;
  /** A short message for the status line (a saved file, a bad pattern). */
  message: { text: string; tone: NoticeTone } | undefined;
  /** Lines received from the feed since start (also those that have left the scrollback). */
  linesReceived = 0;
  linesLost = 0;
  /** Events per second over all servers, and lines per second, measured by the app's ticker. */
  eventRate = 0;
  lineRate = 0;
  onChange: () => void = () => {};

  constructor(
    scrollback: number,
    servers: readonly ServerStatus[],
    filters = new Filters(),
    private readonly now: () => number = Date.now,
  ) {
    this.filters = filters;
    this.buffer = new Scrollback(scrollback);
    this.view = new LogView(this.buffer, (entry) => this.filters.accepts(entry));
    for (const status of servers) this.servers.set(status.name, status);
  }

  apply(event: FeedEvent): void {
    switch (event.kind) {
      case 'line':
        this.addLine(event.line);
        break;
      case 'lost':
        this.linesLost += event.count;
        this.addNotice({ kind: 'notice', time: new Date(), server: event.server, tone: 'lost', text: describeFeedEvent(event)! });
        break;
      case 'gap':
        this.addNotice({ kind: 'notice', time: event.until, server: event.server, tone: 'gap', text: describeFeedEvent(event)! });
        break;
      case 'failed':
        this.addNotice({ kind: 'notice', time: new Date(), server: event.server, tone: 'failed', text: describeFeedEvent(event)! });
        break;
      case 'status':
        this.updateStatus(event);
        break;
      case 'channel':
        this.updateChannel(event.change, event.channel);
        break;
    }
    this.onChange();
  }

  /** Channels of every server, grouped by call (linkedid), oldest call first, each call's channels by age. */
  calls(): ChannelInfo[][] {
    const groups = new Map<string, ChannelInfo[]>();
    for (const channel of this.channels.values()) {
      const key = callKey(channel);
      const group = groups.get(key);
      if (group) group.push(channel);
      else groups.set(key, [channel]);
    }
    const byAge = (a: ChannelInfo, b: ChannelInfo) => a.created.getTime() - b.created.getTime() || a.channel.localeCompare(b.channel);
    const list = [...groups.values()];
    for (const group of list) group.sort(byAge);
    return list.sort((a, b) => byAge(a[0]!, b[0]!));
  }

  /** Marks a call (server, linkedid) as having run a watched source line: the calls pane highlights it. */
  markWatched(server: string, linkedid: string): void {
    this.watchedCalls.add(callKey({ server, linkedid }));
    this.onChange();
  }

  /** Forgets every watched-line mark (the watches were cleared). */
  clearWatched(): void {
    this.watchedCalls.clear();
    this.onChange();
  }

  /** Whether this channel's call has run a watched line. */
  ranWatchedLine(channel: ChannelInfo): boolean {
    return this.watchedCalls.has(callKey(channel));
  }

  /** Whether the channel hung up (and is only still shown for a moment). */
  hasEnded(channel: ChannelInfo): boolean {
    return this.ended.has(channelKey(channel));
  }

  /** Forgets channels that hung up more than HANGUP_LINGER_MS ago. */
  pruneEnded(): void {
    const limit = this.now() - HANGUP_LINGER_MS;
    for (const [key, at] of this.ended) {
      if (at > limit) continue;
      this.ended.delete(key);
      this.channels.delete(key);
    }
    if (this.watchedCalls.size === 0) return;
    const live = new Set([...this.channels.values()].map(callKey));
    for (const call of this.watchedCalls) if (!live.has(call)) this.watchedCalls.delete(call);
  }

  /** Call after changing filters: rebuilds the view. */
  filtersChanged(): void {
    this.view.rebuild();
    this.onChange();
  }

  setMessage(text: string, tone: NoticeTone): void {
    this.message = { text, tone };
    this.onChange();
  }

  setLevels(server: string, snapshot: LevelSnapshot): void {
    this.levels.set(server, snapshot);
    this.onChange();
  }

  setLevelNotice(text: string, tone: NoticeTone): void {
    this.levelNotice = { text, tone };
    this.onChange();
  }

  private addLine(line: FeedLine): void {
    this.linesReceived++;
    const entry: LogEntry = { kind: 'line', line };
    this.view.add(this.buffer.push(entry), entry);
  }

  private addNotice(entry: LogEntry): void {
    this.view.add(this.buffer.push(entry), entry);
  }

  private updateStatus(event: Extract<FeedEvent, { kind: 'status' }>): void {
    const status = event.status;
    const before = this.servers.get(status.name);
    this.servers.set(status.name, status);
    if (before && before.state !== status.state && status.state === 'reconnecting') {
      // Its channels are unknown while it is away; the feed lists them again once it is back.
      for (const [key, channel] of this.channels) {
        if (channel.server !== status.name) continue;
        this.channels.delete(key);
        this.ended.delete(key);
      }
      this.addNotice({ kind: 'notice', time: status.since, server: status.name, tone: 'info', text: describeFeedEvent(event)! });
    }
  }

  private updateChannel(change: 'new' | 'update' | 'hangup', channel: ChannelInfo): void {
    const key = channelKey(channel);
    if (change === 'hangup') {
      if (this.channels.has(key)) this.ended.set(key, this.now());
      this.channels.set(key, channel);
    } else {
      this.ended.delete(key);
      this.channels.set(key, channel);
    }
  }
}
