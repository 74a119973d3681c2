import { deviceOfChannel } from '../chanlog/keys.js';
import type { ChannelEventName, ChannelSnapshot } from './events.js';
import type { ChannelInfo } from './feed-types.js';

/** What a channel list or event says about where a channel is now. */
type Place = Pick<ChannelInfo, 'channel' | 'linkedid' | 'state' | 'context' | 'extension' | 'priority' | 'application'>;

const PLACE_FIELDS = ['channel', 'linkedid', 'state', 'context', 'extension', 'priority', 'application'] as const satisfies ReadonlyArray<keyof Place>;

function samePlace(a: Place, b: Place): boolean {
  for (const field of PLACE_FIELDS) if (a[field] !== b[field]) return false;
  return true;
}

export type ChannelChange = 'new' | 'update' | 'hangup';

/** How a line's ids compare with what the registry knows. */
export type ChannelCheck = 'known' | 'unknown' | 'mismatch';

/**
 * Lines of a hung-up channel can still be on their way on another session
 * (the `Newexten` session lags the lines session under load), and a
 * channel's dialplan can even go on running after Asterisk announced its
 * Hangup (seen on Asterisk 22 with a Local channel whose Originate failed:
 * its ;2 half logged for a minute afterwards). They are accepted until the
 * channel has been quiet this long after its Hangup.
 */
const GONE_RETENTION_MS = 30_000;
/** How stale a gone channel's deadline may get before a line for it moves it on. */
const GONE_REFRESH_MS = 1_000;

interface Entry {
  info: ChannelInfo;
  /** When the registry first heard of it (a refresh forgets only channels it knew before asking). */
  seenAt: number;
}

/**
 * The live channels of one server, by Uniqueid, as Asterisk announced them
 * on the trusted session (Newchannel / Newstate / Hangup) and in the
 * CoreShowChannels answers. A line is accepted only for a channel known
 * here with the same Uniqueid and Linkedid.
 */
export class ChannelRegistry {
  private readonly live = new Map<string, Entry>();
  /** Uniqueid of a channel that hung up recently, to its Linkedid and when it is forgotten. */
  private readonly gone = new Map<string, { channel: string; linkedid: string; until: number }>();

  constructor(
    private readonly server: string,
    private readonly onChange: (change: ChannelChange, channel: ChannelInfo) => void,
    /** A hung-up channel is forgotten for good: what was kept for its late lines can go. */
    private readonly onForget: (channel: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** A lifecycle event from the trusted session. */
  apply(event: Exclude<ChannelEventName, 'CoreShowChannel'>, snapshot: ChannelSnapshot): void {
    if (event === 'Hangup') {
      this.hangup(snapshot.uniqueid, snapshot.channel, snapshot.linkedid);
      return;
    }
    const entry = this.live.get(snapshot.uniqueid);
    if (!entry) {
      if (this.gone.has(snapshot.uniqueid)) return; // a late Newstate after its Hangup
      this.add(snapshot);
      return;
    }
    // Built without `...` spreads: this runs for every Newstate (see stepOf in events.ts).
    const { info } = entry;
    this.update(entry, {
      channel: snapshot.channel || info.channel,
      linkedid: snapshot.linkedid || info.linkedid,
      state: snapshot.state || info.state,
      context: info.context,
      extension: info.extension,
      priority: info.priority,
      application: info.application,
    });
  }

  /**
   * The answer of a CoreShowChannels sent at `askedAt`: where each channel
   * is now. Channels the registry knew before asking and that the answer
   * no longer lists have hung up unseen (during a reconnect, typically).
   */
  refresh(snapshots: ChannelSnapshot[], askedAt: number): void {
    const listed = new Set<string>();
    for (const snapshot of snapshots) {
      listed.add(snapshot.uniqueid);
      const entry = this.live.get(snapshot.uniqueid);
      if (!entry) {
        if (!this.gone.has(snapshot.uniqueid)) this.add(snapshot);
        continue;
      }
      this.update(entry, snapshot);
    }
    for (const [uniqueid, entry] of this.live) {
      if (!listed.has(uniqueid) && entry.seenAt < askedAt) this.hangup(uniqueid, entry.info.channel, entry.info.linkedid);
    }
    this.expireGone();
  }

  /** Whether a line with these ids is for a channel Asterisk announced; a hung-up channel's line keeps it remembered. */
  check(uniqueid: string, linkedid: string): ChannelCheck {
    const live = this.live.get(uniqueid);
    if (live) return live.info.linkedid === linkedid ? 'known' : 'mismatch';
    const gone = this.gone.get(uniqueid);
    if (!gone) return 'unknown';
    if (gone.linkedid !== linkedid) return 'mismatch';
    // Moved to the end with a new deadline, keeping the map in deadline order; at most once a second,
    // not for every line: a Map re-insert per line is old-generation garbage on a busy server.
    const until = this.now() + GONE_RETENTION_MS;
    if (until - gone.until >= GONE_REFRESH_MS) {
      this.gone.delete(uniqueid);
      gone.until = until;
      this.gone.set(uniqueid, gone);
    }
    return 'known';
  }

  channels(): ChannelInfo[] {
    return [...this.live.values()].map((entry) => entry.info);
  }

  private add(snapshot: ChannelSnapshot): void {
    const now = this.now();
    const info = this.infoOf(snapshot.uniqueid, snapshot, new Date(now - (snapshot.durationSeconds ?? 0) * 1000));
    this.live.set(snapshot.uniqueid, { info, seenAt: now });
    this.onChange('new', info);
  }

  /** A new info object only when the place changed: listeners may keep the one they were given. */
  private update(entry: Entry, place: Place): void {
    const before = entry.info;
    if (samePlace(before, place)) return;
    entry.info = this.infoOf(before.uniqueid, place, before.created);
    this.onChange('update', entry.info);
  }

  private infoOf(uniqueid: string, place: Place, created: Date): ChannelInfo {
    return {
      server: this.server,
      device: deviceOfChannel(place.channel),
      uniqueid,
      channel: place.channel,
      linkedid: place.linkedid,
      state: place.state,
      context: place.context,
      extension: place.extension,
      priority: place.priority,
      application: place.application,
      created,
    };
  }

  /** A channel that hangs up before a refresh listed it still existed: its late lines are accepted too. */
  private hangup(uniqueid: string, channel: string, linkedid: string): void {
    this.expireGone();
    const entry = this.live.get(uniqueid);
    this.live.delete(uniqueid);
    this.gone.set(uniqueid, { channel: entry?.info.channel ?? channel, linkedid: entry?.info.linkedid ?? linkedid, until: this.now() + GONE_RETENTION_MS });
    if (entry) this.onChange('hangup', entry.info);
  }

  /** Entries are added in time order, so the expired ones are at the front. */
  private expireGone(): void {
    const now = this.now();
    for (const [uniqueid, { channel, until }] of this.gone) {
      if (until > now) return;
      this.gone.delete(uniqueid);
      this.onForget(channel);
    }
  }
}
