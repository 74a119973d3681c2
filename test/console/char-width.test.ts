import blessed from 'blessed';
import { describe, expect, it } from 'vitest';
import { charWidth, displayWidth, wrapWidth } from '../../src/console/screen.js';

describe('charWidth', () => {
  it("agrees with blessed's own table, asked once or many times, except emoji (two columns, as terminals draw them)", () => {
    const samples = [0x20, 0x41, 0x7e, 0x7f, 0x1b, 0x00, 0xe9, 0x300, 0x4e2d, 0xff21, 0x2713, 0x1f389, 0x1f600, 0x10ffff];
    const expected = new Map<number, number>([
      [0x20, 1], [0x41, 1], [0x7e, 1], [0xe9, 1], [0x300, 0], [0x4e2d, 2], [0xff21, 2], [0x2713, 1], [0x1f389, 2], [0x1f600, 2],
    ]);
    for (let round = 0; round < 3; round++) {
      for (const point of samples) {
        const width = charWidth(String.fromCodePoint(point));
        if (expected.has(point)) expect(width, `U+${point.toString(16)}`).toBe(expected.get(point));
        // blessed draws with the same function: what it asks and what the console measures never differ.
        expect((blessed as unknown as { unicode: { charWidth(p: number): number } }).unicode.charWidth(point)).toBe(width);
      }
    }
  });

  it('measures and wraps text of any script by columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('é✓🎉中')).toBe(1 + 1 + 2 + 2);
    expect(wrapWidth('中中中', 4)).toEqual(['中中', '中']);
    expect(wrapWidth('ab🎉cd', 3)).toEqual(['ab', '🎉c', 'd']);
  });
});
