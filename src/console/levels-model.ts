import type { ChannelInfo } from '../ami/feed-types.js';
import type { StoredLevel } from '../ami/levels.js';
import { levelKey, type LevelScope } from '../chanlog/keys.js';

/** What the console last read from one server's AstDB. */
export interface LevelSnapshot {
  levels: StoredLevel[];
  readAt: Date;
  /** The AstDB family the levels were read from (the one the server's routine reads). */
  family?: string;
  /** Why the last reading failed (the levels shown are then from the reading before). */
  error?: string;
}

export type EffectiveSource = 'all' | 'device' | 'channel' | 'call';

export interface EffectiveLevel {
  level: number;
  from: EffectiveSource;
}

/** The keys the routine consults for one channel, each with the scope it belongs to. */
export function scopesOf(channel: Pick<ChannelInfo, 'channel' | 'device' | 'linkedid'>): Array<{ from: EffectiveSource; scope: LevelScope }> {
  return [
    { from: 'all', scope: { kind: 'all' } },
    { from: 'device', scope: { kind: 'device', name: channel.device } },
    { from: 'channel', scope: { kind: 'channel', name: channel.channel } },
    { from: 'call', scope: { kind: 'call', linkedid: channel.linkedid } },
  ];
}

/** A stored value the routine reads as a level (a whole number); anything else counts as unset. */
export function storedLevel(snapshot: LevelSnapshot | undefined, scope: LevelScope): number | undefined {
  const key = levelKey(scope).key;
  const value = snapshot?.levels.find((l) => l.key === key)?.value;
  return value !== undefined && /^[0-9]+$/.test(value) ? Number(value) : undefined;
}

/** The level a channel's lines print at: the highest of the keys the routine consults, and which key gave it. */
export function effectiveLevel(snapshot: LevelSnapshot | undefined, channel: Pick<ChannelInfo, 'channel' | 'device' | 'linkedid'>): EffectiveLevel | undefined {
  let best: EffectiveLevel | undefined;
  for (const { from, scope } of scopesOf(channel)) {
    const level = storedLevel(snapshot, scope);
    if (level !== undefined && (!best || level >= best.level)) best = { level, from };
  }
  return best;
}
