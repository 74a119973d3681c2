import { describe, expect, it } from 'vitest';
import { ChannelRegistry, type ChannelChange } from '../../src/ami/channel-registry.js';
import type { ChannelSnapshot } from '../../src/ami/events.js';
import type { FeedLine } from '../../src/ami/feed-types.js';
import { LineGate } from '../../src/ami/line-gate.js';

function snapshot(uniqueid: string, linkedid = uniqueid, extra: Partial<ChannelSnapshot> = {}): ChannelSnapshot {
  return { channel: `PJSIP/100-${uniqueid}`, uniqueid, linkedid, state: 'Ring', context: 'ivr', extension: '1', priority: 1, application: '', durationSeconds: undefined, ...extra };
}

function setup() {
  let now = 1_000_000;
  const changes: Array<[ChannelChange, string]> = [];
  const forgotten: string[] = [];
  const registry = new ChannelRegistry('pbx1', (change, channel) => changes.push([change, channel.uniqueid]), (channel) => forgotten.push(channel), () => now);
  const delivered: string[] = [];
  let refused = 0;
  const gate = new LineGate(registry, (line) => delivered.push(line.message), (count) => (refused += count), () => now);
  const line = (uniqueid: string, message: string, linkedid = uniqueid) => ({ uniqueid, linkedid, message }) as FeedLine;
  return {
    registry,
    gate,
    changes,
    forgotten,
    delivered,
    refused: () => refused,
    line,
    advance: (ms: number) => (now += ms),
    now: () => now,
  };
}

describe('ChannelRegistry', () => {
  it('knows a channel from Newchannel with its Linkedid; another Linkedid is a mismatch', () => {
    const t = setup();
    t.registry.apply('Newchannel', snapshot('1.1', '1.0'));
    expect(t.registry.check('1.1', '1.0')).toBe('known');
    expect(t.registry.check('1.1', '1.1')).toBe('mismatch');
    expect(t.registry.check('1.2', '1.2')).toBe('unknown');
  });

  it("keeps accepting a hung-up channel's lines while they keep coming, then forgets it", () => {
    const t = setup();
    t.registry.apply('Newchannel', snapshot('1.1'));
    t.registry.apply('Hangup', snapshot('1.1'));
    expect(t.changes).toEqual([
      ['new', '1.1'],
      ['hangup', '1.1'],
    ]);
    for (let i = 0; i < 5; i++) {
      t.advance(20_000);
      expect(t.registry.check('1.1', '1.1')).toBe('known'); // each line moves its deadline
    }
    t.advance(31_000);
    t.registry.refresh([], t.now());
    expect(t.registry.check('1.1', '1.1')).toBe('unknown');
    expect(t.forgotten).toEqual(['PJSIP/100-1.1']);
  });

  it('a refresh forgets channels it knew before asking and no longer lists, not one announced since', () => {
    const t = setup();
    t.registry.apply('Newchannel', snapshot('1.1'));
    t.advance(1);
    const askedAt = t.now();
    t.registry.apply('Newchannel', snapshot('1.2'));
    t.registry.refresh([snapshot('1.3', '1.3', { application: 'Wait' })], askedAt);
    expect(t.registry.channels().map((c) => c.uniqueid).sort()).toEqual(['1.2', '1.3']);
    expect(t.changes).toContainEqual(['hangup', '1.1']);
  });

  it('a stale list does not bring back a channel that hung up', () => {
    const t = setup();
    t.registry.apply('Newchannel', snapshot('1.1'));
    t.registry.apply('Hangup', snapshot('1.1'));
    t.registry.refresh([snapshot('1.1')], t.now());
    expect(t.registry.channels()).toEqual([]);
  });

  it('reports an update only when something changed', () => {
    const t = setup();
    t.registry.apply('Newchannel', snapshot('1.1'));
    t.registry.refresh([snapshot('1.1')], t.now());
    t.registry.refresh([snapshot('1.1', '1.1', { priority: 2 })], t.now());
    t.registry.apply('Newstate', snapshot('1.1', '1.1', { state: 'Up' }));
    expect(t.changes.map((c) => c[0])).toEqual(['new', 'update', 'update']);
    expect(t.registry.channels()[0]).toMatchObject({ priority: 2, state: 'Up' });
  });
});

describe('LineGate', () => {
  it('delivers lines of known channels, refuses a wrong Linkedid at once', () => {
    const t = setup();
    t.registry.apply('Newchannel', snapshot('1.1', '1.0'));
    t.gate.offer(t.line('1.1', 'ok', '1.0'));
    t.gate.offer(t.line('1.1', 'forged', '9.9'));
    expect(t.delivered).toEqual(['ok']);
    expect(t.refused()).toBe(1);
  });

  it('holds lines of an unknown channel in order until it is announced, and keeps later ones behind them', () => {
    const t = setup();
    t.gate.offer(t.line('1.1', 'a'));
    t.gate.offer(t.line('1.1', 'b'));
    expect(t.gate.waiting).toBe(2);
    t.registry.apply('Newchannel', snapshot('1.1'));
    t.gate.channelKnown('1.1');
    t.gate.offer(t.line('1.1', 'c'));
    expect(t.delivered).toEqual(['a', 'b', 'c']);
  });

  it('refuses held lines once a channel list asked after they arrived does not have their channel', () => {
    const t = setup();
    t.gate.offer(t.line('1.1', 'old'));
    t.advance(10);
    const askedAt = t.now();
    t.advance(10);
    t.gate.offer(t.line('1.2', 'newer'));
    t.gate.expire(askedAt);
    expect(t.refused()).toBe(1);
    expect(t.gate.waiting).toBe(1);
  });

  it('holds at most 10,000 lines: beyond it new ones are refused', () => {
    const t = setup();
    for (let i = 0; i < 10_005; i++) t.gate.offer(t.line(`1.${i % 7}`, `m${i}`));
    expect(t.gate.waiting).toBe(10_000);
    expect(t.refused()).toBe(5);
    t.registry.apply('Newchannel', snapshot('1.0'));
    t.gate.channelKnown('1.0');
    expect(t.delivered.slice(0, 3)).toEqual(['m0', 'm7', 'm14']);
    expect(t.gate.waiting).toBe(10_000 - t.delivered.length);
  });
});
