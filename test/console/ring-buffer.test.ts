import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/console/ring-buffer.js';

describe('RingBuffer', () => {
  it('numbers items and forgets the oldest once full', () => {
    const ring = new RingBuffer<string>(3);
    expect(['a', 'b', 'c', 'd', 'e'].map((x) => ring.push(x))).toEqual([0, 1, 2, 3, 4]);
    expect([ring.first, ring.end, ring.size]).toEqual([2, 5, 3]);
    expect([ring.get(1), ring.get(2), ring.get(4), ring.get(5)]).toEqual([undefined, 'c', 'e', undefined]);
  });

  it('refuses a capacity that is not a whole number >= 1', () => {
    expect(() => new RingBuffer(0)).toThrow(/capacity/);
    expect(() => new RingBuffer(1.5)).toThrow(/capacity/);
  });
});
