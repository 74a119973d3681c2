import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AmiFrame } from '../../src/ami/frame.js';
import { DEFAULT_LIMITS, FrameLimitError, FrameParser, type FrameLimits } from '../../src/ami/wire/frame-parser.js';
import { splitFrames } from '../helpers/frames.js';

// Recorded from the sandbox Asterisk 22.10.1: every event of a session while load calls logged.
const CAPTURE = fs.readFileSync(new URL('../fixtures/ami/sandbox-22.10-load.ami', import.meta.url));
const GREETING = 'Asterisk Call Manager/9.0.0\r\n';

interface Parsed {
  greeting: string | undefined;
  frames: AmiFrame[];
  malformed: string[];
  error: Error | undefined;
  midFrame: boolean;
  /** The most text the parser carried between two chunks (its buffer). */
  carriedMax: number;
}

/** Feeds bytes cut into `chunks` as the socket does (UTF-8 decoded across cuts) and collects what comes out. */
function parse(bytes: Buffer, cuts: number[] = [], limits: FrameLimits = DEFAULT_LIMITS, isLarge: (id: string) => boolean = () => false): Parsed {
  const out: Parsed = { greeting: undefined, frames: [], malformed: [], error: undefined, midFrame: false, carriedMax: 0 };
  const parser = new FrameParser(
    { greeting: (line) => (out.greeting = line), frame: (frame) => out.frames.push(frame), malformed: (_frame, why) => out.malformed.push(why) },
    limits,
    isLarge,
  );
  const decoder = new StringDecoder('utf8');
  const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  let from = 0;
  try {
    for (const to of [...points, bytes.length]) {
      parser.push(decoder.write(bytes.subarray(from, to)));
      out.carriedMax = Math.max(out.carriedMax, (parser as unknown as { carried: string }).carried.length);
      from = to;
    }
  } catch (err) {
    out.error = err as Error;
  }
  out.midFrame = parser.midFrame;
  return out;
}

interface Header {
  name: string;
  value: string;
}

/** What the parser must make of these headers: names lower-cased, a repeated one an array. */
function expectedFrame(headers: Header[]): Record<string, unknown> {
  const frame: Record<string, unknown> = {};
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    const previous = Object.hasOwn(frame, key) ? frame[key] : undefined;
    const next = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    Object.defineProperty(frame, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return frame;
}

const serialize = (frames: Header[][]) => Buffer.from(GREETING + frames.map((f) => f.map((h) => `${h.name}: ${h.value}\r\n`).join('') + '\r\n').join(''));

/** Values as dialplan data makes them: any characters, bare LFs and CRs, NULs, forged frames glued with bare LFs. Never CR LF. */
const value = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('\n', '\n\n', '\r', '\0', ' ', ':', 'é ✓ 🎉', '\nEvent: Newexten\nChannel: PJSIP/forged-00000001\n\n', '\x1b]0;title\x07'),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''))
  .filter((text) => !text.includes('\r\n') && Buffer.from(text).toString() === text); // no lone surrogates

const name = fc.oneof(
  fc.constantFrom('Event', 'Channel', 'Uniqueid', 'AppData', 'Output', 'constructor', '__proto__', 'toString', 'X-Odd Name'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/),
);

/** A frame: distinct names (case-insensitively), then some repeated `Output` lines. */
const frame = fc
  .tuple(
    fc.uniqueArray(fc.record({ name, value }), { minLength: 1, maxLength: 8, selector: (h) => h.name.toLowerCase() }),
    fc.array(value, { maxLength: 3 }),
  )
  .map(([headers, outputs]) => [...headers.filter((h) => h.name.toLowerCase() !== 'output'), ...outputs.map((v) => ({ name: 'Output', value: v }))])
  .filter((headers) => headers.length > 0);

const cutsIn = (maxLength: number) => fc.array(fc.integer({ min: 1, max: Math.max(1, maxLength) }), { maxLength: 40 });

/**
 * An independent reading of a whole stream for the junk property: after the
 * greeting line, blocks end at CR LF CR LF, lines at CR LF, `Name: value`.
 * A frame the parser yields must be one of these.
 */
function blocksOf(bytes: Buffer): Array<Record<string, unknown>> {
  const text = bytes.toString('utf8');
  const afterGreeting = text.indexOf('\r\n');
  if (afterGreeting < 0) return [];
  return text
    .slice(afterGreeting + 2)
    .split('\r\n\r\n')
    .slice(0, -1)
    .map((block) =>
      expectedFrame(
        block
          .split('\r\n')
          .filter((line) => line !== '')
          .map((line) => {
            const colon = line.indexOf(':');
            return { name: line.slice(0, colon), value: line.slice(line[colon + 1] === ' ' ? colon + 2 : colon + 1) };
          }),
      ),
    );
}

describe('the AMI frame parser', () => {
  it('yields exactly the frames sent, however the bytes are cut, with bare LFs, CRs, NULs and forged frames kept inside their values', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 12 }), cutsIn(2000), (frames, cuts) => {
        const bytes = serialize(frames);
        const result = parse(bytes, cuts);
        expect(result.error).toBeUndefined();
        expect(result.greeting).toBe(GREETING.slice(0, -2));
        const unique = ['event', 'response', 'actionid', 'channel', 'uniqueid', 'linkedid'];
        const expected = frames.map(expectedFrame);
        // Generated frames never repeat a unique header, so none is malformed and all arrive, in order.
        expect(expected.every((f) => unique.every((u) => !Array.isArray(f[u])))).toBe(true);
        expect(result.malformed).toEqual([]);
        expect(result.frames).toEqual(expected);
        expect(result.frames.every((f) => Object.getPrototypeOf(f) === Object.prototype)).toBe(true);
        expect(result.midFrame).toBe(false);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('never yields a frame that is not in the stream, whatever junk (random bytes, CR LFs, lines without colons) lies between frames', () => {
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
      fc.constantFrom('\r\n', '\r\n\r\n', 'no colon here\r\n', ': empty name\r\n', '\n\n', '\r', 'Event: Half').map((s) => Buffer.from(s)),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(frame.map((f) => serialize([f]).subarray(GREETING.length)), junk), { maxLength: 14 }), cutsIn(1500), (pieces, cuts) => {
        const bytes = Buffer.concat([Buffer.from(GREETING), ...pieces]);
        const whole = parse(bytes);
        const cut = parse(bytes, cuts);
        // Streaming changes nothing: the same frames as when read in one piece.
        expect(cut.frames).toEqual(whole.frames);
        expect(cut.malformed).toEqual(whole.malformed);
        const blocks = blocksOf(bytes);
        for (const yielded of cut.frames) expect(blocks).toContainEqual(yielded);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('yields nothing of a frame the connection cut short, and says it was cut mid-frame', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 5 }), frame, fc.nat(), cutsIn(800), (complete, last, at, cuts) => {
        const lastBytes = serialize([last]).subarray(GREETING.length);
        // Cut anywhere before its final CR LF CR LF, so the frame is not complete.
        const truncated = lastBytes.subarray(0, 1 + (at % (lastBytes.length - 3)));
        const result = parse(Buffer.concat([serialize(complete), truncated]), cuts);
        expect(result.frames).toEqual(complete.map(expectedFrame));
        expect(result.midFrame).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the recorded capture, cut at random, exactly as an independent reading of it', () => {
    const reference = splitFrames(CAPTURE).map((f) => Object.fromEntries(Object.entries(f).map(([key, values]) => [key, values.length === 1 ? values[0] : values])));
    const bytes = Buffer.concat([Buffer.from(GREETING), CAPTURE]);
    fc.assert(
      fc.property(cutsIn(bytes.length), (cuts) => {
        const result = parse(bytes, cuts);
        expect(result.malformed).toEqual([]);
        expect(result.frames).toEqual(reference);
      }),
      { numRuns: 10 },
    );
  }, 60_000);

  it('drops a frame with a unique header twice, and a frame with a line that is no header, naming why', () => {
    const bytes = Buffer.from(
      `${GREETING}Event: A\r\nUniqueid: 1\r\nUniqueid: 2\r\n\r\nEvent: B\r\nnot a header\r\n\r\nEvent: C\r\nOutput: 1\r\nOutput: 2\r\n\r\n`,
    );
    const result = parse(bytes);
    expect(result.frames).toEqual([{ event: 'C', output: ['1', '2'] }]);
    expect(result.malformed).toEqual(['uniqueid twice (two messages ran together, or forged headers)', 'a line without a colon (not a header)']);
  });

  describe('limits', () => {
    const small: FrameLimits = { greeting: 64, event: 4096, response: 8192, largeResponse: 65536 };

    it('fails on an endless line, a flood of headers or an endless greeting, never carrying more than the limit and one chunk', () => {
      const chunk = 1000;
      const cases: Array<[string, Buffer]> = [
        ['endless line', Buffer.concat([Buffer.from(`${GREETING}Event: Flood\r\nData: `), Buffer.alloc(200_000, 'x')])],
        ['endless headers', Buffer.from(`${GREETING}Event: Flood\r\n${'X: y\r\n'.repeat(40_000)}`)],
        ['endless greeting', Buffer.alloc(200_000, 'G')],
        ['bare LFs, no CR', Buffer.from(`${GREETING}Event: Flood\n${'X: y\n'.repeat(40_000)}`)],
      ];
      for (const [what, bytes] of cases) {
        const cuts = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => (i + 1) * chunk);
        const result = parse(bytes, cuts, small);
        expect(result.error, what).toBeInstanceOf(FrameLimitError);
        expect(result.frames, what).toEqual([]);
        expect(result.carriedMax, what).toBeLessThanOrEqual(small.largeResponse + chunk);
      }
      expect(parse(cases[0]![1], [], small).error!.message).toBe('the server sent an event over 4096 bytes without its end');
      expect(parse(cases[2]![1], [], small).error!.message).toBe('the server sent a greeting over 64 bytes without its end');
    });

    it('allows a large response only to an action marked large (a Command), and stays failed after a limit', () => {
      const body = 'Output: ' + 'y'.repeat(70) + '\r\n';
      const response = (id: string) => `Response: Success\r\nActionID: ${id}\r\nMessage: Command output follows\r\n${body.repeat(300)}\r\n`;
      const marked = parse(Buffer.from(GREETING + response('big')), [], small, (id) => id === 'big');
      expect(marked.error).toBeUndefined();
      expect((marked.frames[0]!.output as string[]).length).toBe(300);
      const unmarked = parse(Buffer.from(GREETING + response('other') + 'Event: After\r\n\r\n'), [], small, (id) => id === 'big');
      expect(unmarked.error?.message).toBe('the server sent a response over 8192 bytes without its end');
      expect(unmarked.frames).toEqual([]);
    });
  });
});
