import type { ChannelRegistry } from './channel-registry.js';
import type { FeedLine } from './feed-types.js';

/**
 * At most this many lines wait for their channel to be announced; beyond it
 * new ones are refused at once (a flood of forged lines then costs the
 * genuine early lines at most one refresh period, never memory).
 */
const MAX_HELD = 10_000;

interface Held {
  line: FeedLine;
  arrived: number;
}

/**
 * Lets a line through only for a channel the registry knows with the same
 * Uniqueid and Linkedid. The sessions are separate sockets, so a channel's
 * first `Newexten` can arrive before its `Newchannel`, and a channel that
 * existed before we connected is known only once CoreShowChannels answers:
 * a line for an unknown channel waits (in order, bounded) until the channel
 * is announced, or is refused once a CoreShowChannels asked after it
 * arrived still does not list it.
 */
export class LineGate {
  /** Held lines by Uniqueid, each list in arrival order. */
  private readonly held = new Map<string, Held[]>();
  private heldCount = 0;

  constructor(
    private readonly registry: ChannelRegistry,
    private readonly deliver: (line: FeedLine) => void,
    private readonly refuse: (count: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  offer(line: FeedLine): void {
    const waiting = this.held.get(line.uniqueid);
    const check = this.registry.check(line.uniqueid, line.linkedid);
    if (check === 'mismatch') return this.refuse(1);
    if (check === 'known' && !waiting) return this.deliver(line);
    if (this.heldCount >= MAX_HELD) return this.refuse(1);
    const entry = { line, arrived: this.now() };
    if (waiting) waiting.push(entry);
    else this.held.set(line.uniqueid, [entry]);
    this.heldCount++;
  }

  /** The registry learnt a channel: its held lines go out in order (or are refused if their ids do not match). */
  channelKnown(uniqueid: string): void {
    const waiting = this.held.get(uniqueid);
    if (!waiting) return;
    this.held.delete(uniqueid);
    this.heldCount -= waiting.length;
    for (const { line } of waiting) {
      if (this.registry.check(line.uniqueid, line.linkedid) === 'known') this.deliver(line);
      else this.refuse(1);
    }
  }

  /** Refuses every held line that arrived before `before` (a channel list asked since then does not have it). */
  expire(before: number): void {
    let refused = 0;
    for (const [uniqueid, waiting] of this.held) {
      const keep = waiting.filter((entry) => entry.arrived >= before);
      refused += waiting.length - keep.length;
      if (keep.length === 0) this.held.delete(uniqueid);
      else this.held.set(uniqueid, keep);
    }
    this.heldCount -= refused;
    if (refused > 0) this.refuse(refused);
  }

  get waiting(): number {
    return this.heldCount;
  }
}
