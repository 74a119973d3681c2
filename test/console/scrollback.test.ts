import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedLine } from '../../src/ami/feed-types.js';
import { formatJson } from '../../src/ami/line-format.js';
import type { LogEntry } from '../../src/console/log-entry.js';
import { Scrollback } from '../../src/console/scrollback.js';

function routineLine(i: number, overrides: Partial<FeedLine> = {}): FeedLine {
  return {
    time: new Date(1_765_000_000_000 + i),
    server: 'pbx1',
    channel: `PJSIP/10${i % 3}-0000000${i % 3}`,
    device: `PJSIP/10${i % 3}`,
    uniqueid: `1765000000.${i % 3}`,
    linkedid: '1765000000.0',
    context: 'chanlog',
    extension: 's',
    priority: 3,
    application: 'Verbose',
    chanlogLevel: i % 5,
    caller: { context: 'from-internal', extension: '_1XX', priority: 7 },
    verboseLevel: 0,
    message: `line ${i}`,
    via: 'userevent',
    ...overrides,
  };
}

/** A plain Log() line as the Newexten path builds it: no level, no caller, a level name. */
function plainLogLine(i: number): FeedLine {
  return {
    time: new Date(1_765_000_000_000 + i),
    server: 'pbx2',
    channel: 'Local/500@demo-00000001;2',
    device: 'Local/500@demo',
    uniqueid: '1765000001.7',
    linkedid: '1765000001.6',
    context: 'demo',
    extension: '500',
    priority: 2,
    application: 'Log',
    verboseLevel: 'NOTICE',
    message: `plain ${i}`,
    via: 'newexten',
    source: { file: '/etc/asterisk/extensions.conf', line: 40 + i },
    callerSource: { file: '/etc/asterisk/extensions.conf', line: 12 },
  };
}

function push(scrollback: Scrollback, line: FeedLine): number {
  return scrollback.push({ kind: 'line', line });
}

function lineAt(scrollback: Scrollback, seq: number): FeedLine | undefined {
  const entry = scrollback.get(seq);
  return entry?.kind === 'line' ? entry.line : undefined;
}

describe('Scrollback', () => {
  it('gives back each line as pushed, down to the JSON text `tail --json` and a save print', () => {
    const scrollback = new Scrollback(10);
    const lines: FeedLine[] = [
      routineLine(1),
      plainLogLine(2),
      routineLine(3, { message: '' }),
      routineLine(4, { message: 'commas, "quotes" \\ ; $x é ✓ 🎉 \r\n\t\u0000\u001b[31m' }),
      routineLine(5, { message: 'lone \ud800 surrogate and \udc00 another' }),
      routineLine(6, { message: 'x'.repeat(200_000) }),
      routineLine(7, { time: new Date(Number.NaN), priority: 2 ** 40, chanlogLevel: -3 }),
      // A marker line, fields in the order the feed writes them (the JSON text keeps that order).
      {
        time: new Date(8),
        server: 'pbx2',
        channel: 'SIP/old-1',
        device: 'SIP/old',
        uniqueid: '1.2',
        linkedid: '1.1',
        context: 'routine-old',
        extension: 's',
        priority: 4,
        application: 'Verbose',
        chanlogLevel: 2,
        verboseLevel: 4,
        message: 'from an older routine',
        via: 'marker',
        source: { file: 'extensions.conf', line: 9 },
      },
    ];
    const seqs = lines.map((line) => push(scrollback, line));
    lines.forEach((line, i) => {
      const back = lineAt(scrollback, seqs[i]!)!;
      expect(back).toEqual(line);
      expect(formatJson(back)).toBe(formatJson(line));
    });
  });

  it('keeps the last `capacity` entries, numbered in order, whatever was pushed', () => {
    const line = fc.record({
      channel: fc.constantFrom('PJSIP/100-00000001', 'SIP/a-1', 'Local/1@x-0;2', ''),
      // Any UTF-16 code unit, lone surrogates included.
      message: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 80 }),
      level: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
      notice: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.array(line, { maxLength: 40 }), (capacity, items) => {
        const scrollback = new Scrollback(capacity);
        const pushed: LogEntry[] = items.map((item, i) =>
          item.notice
            ? { kind: 'notice', time: new Date(i), server: 's', tone: 'gap', text: item.message }
            : { kind: 'line', line: routineLine(i, { channel: item.channel, message: item.message, chanlogLevel: item.level }) },
        );
        for (const entry of pushed) scrollback.push(entry);
        // An undefined chanlogLevel is the same as none: toEqual treats them alike, as JSON does.
        expect(scrollback.end).toBe(pushed.length);
        expect(scrollback.first).toBe(Math.max(0, pushed.length - capacity));
        expect(scrollback.get(scrollback.first - 1)).toBeUndefined();
        expect(scrollback.get(scrollback.end)).toBeUndefined();
        for (let seq = scrollback.first; seq < scrollback.end; seq++) expect(scrollback.get(seq)).toEqual(pushed[seq]);
      }),
    );
  });

  it('forgets the strings of lines it dropped: a long run over ever-new channels stays bounded', () => {
    const scrollback = new Scrollback(100);
    for (let i = 0; i < 20_000; i++) push(scrollback, routineLine(i, { channel: `PJSIP/x-${i}`, uniqueid: `u.${i}`, linkedid: `l.${i}` }));
    // 100 kept lines x 3 fresh values each, plus the values every line shares.
    expect(scrollback.stringsHeld).toBeLessThanOrEqual(100 * 3 + 10);
    expect(lineAt(scrollback, 19_999)!.channel).toBe('PJSIP/x-19999');
    expect(lineAt(scrollback, 19_900)!.uniqueid).toBe('u.19900');
    expect(lineAt(scrollback, 19_899)).toBeUndefined();
  });

  it('keeps its message bytes in step with what it holds', () => {
    const scrollback = new Scrollback(50);
    const big = 'é'.repeat(5_000);
    for (let i = 0; i < 2_000; i++) push(scrollback, routineLine(i, { message: `${i} ${big}` }));
    // 50 messages of ~10 kB: a few 64 KiB chunks, not the 20 MB that 2,000 of them would take.
    expect(scrollback.messageBytesHeld).toBeLessThan(50 * 10_010 + 2 * 64 * 1024);
    expect(lineAt(scrollback, 1_999)!.message).toBe(`1999 ${big}`);
    expect(lineAt(scrollback, 1_950)!.message).toBe(`1950 ${big}`);
  });

  it('refuses a capacity that is not a whole number of at least 1', () => {
    expect(() => new Scrollback(0)).toThrow(/whole number >= 1/);
    expect(() => new Scrollback(2.5)).toThrow(/whole number >= 1/);
  });
});
