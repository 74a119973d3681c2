import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../src/ami/client.js';
import type { AmiFrame } from '../../src/ami/frame.js';
import { VerboseLineDecoder, type VerboseLine } from '../../src/ami/verbose-stream.js';
import { startFakeAsterisk, type FakeAsterisk } from '../tools/bench/fake-asterisk.js';
import { splitFrames } from '../helpers/frames.js';

// Recorded from the sandbox Asterisk 22.10.1 (`npm run bench -- record`): every event of a
// session while two load calls and one demo call logged through the routine.
const CAPTURE = fs.readFileSync(new URL('../fixtures/ami/sandbox-22.10-load.ami', import.meta.url));
const endpoint = { host: '127.0.0.1', username: 'u', secret: 's', tls: false };

let fake: FakeAsterisk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Replayed {
  events: AmiFrame[];
  lines: VerboseLine[];
  malformed: string[];
}

/** Streams `bytes` through the real client (chanlog's frame layer underneath) and collects what comes out. */
async function replay(bytes: Buffer, chunkSizes?: number[]): Promise<Replayed> {
  fake = await startFakeAsterisk({ secret: 's', capture: bytes, closeAfter: true, ...(chunkSizes ? { chunkSizes } : {}) });
  const client = new AmiClient({ endpoint: { ...endpoint, port: fake.port }, reconnect: false, pingIntervalMs: 0 });
  const decoder = new VerboseLineDecoder('replay');
  const out: Replayed = { events: [], lines: [], malformed: [] };
  client.on('event', (frame) => {
    out.events.push(frame);
    const line = decoder.decode(frame);
    if (line) out.lines.push(line);
  });
  client.on('malformed', (_frame, why) => out.malformed.push(why));
  const closed = new Promise((resolve) => client.once('disconnected', resolve));
  await client.connect();
  await closed;
  client.close();
  return out;
}

/** What Verbose printed, read from the capture independently: AppData after the level and comma. */
function expectedMessages(bytes: Buffer): string[] {
  return splitFrames(bytes)
    .filter((f) => f.event?.[0] === 'Newexten' && f.application?.[0] === 'Verbose')
    .map((f) => f.appdata![0]!.replace(/^[^,]*,/, ''));
}

describe('replaying a recorded capture through the client', () => {
  const reference = splitFrames(CAPTURE).filter((f) => f.event !== undefined);

  it.each([
    ['in one write', undefined],
    ['cut at odd sizes, across frame and UTF-8 boundaries', [1, 2, 3, 5, 7, 11, 13, 17, 1021]],
    ['in 4 KiB reads', [4096]],
  ])('loses, merges and alters no frame when sent %s', async (_how, sizes) => {
    const { events, lines, malformed } = await replay(CAPTURE, sizes);
    expect(malformed).toEqual([]);
    expect(events.length).toBe(reference.length);
    expect(events.map((e) => e.event)).toEqual(reference.map((f) => f.event![0]));
    expect(events.map((e) => e.uniqueid ?? '')).toEqual(reference.map((f) => f.uniqueid?.[0] ?? ''));
    expect(lines.map((l) => l.message)).toEqual(expectedMessages(CAPTURE));
    expect(lines.filter((l) => l.message.includes('é ✓ 🎉')).length).toBe(16);
    expect(lines.filter((l) => l.caller?.context === 'chanlog-load').length).toBe(16);
  });
});

describe('malformed input around recorded frames', () => {
  const frames = CAPTURE.toString('utf8').split('\r\n\r\n').filter((f) => /^Event: Newexten\r\n/.test(f) && /Application: Verbose/.test(f));
  const good = frames[0]! + '\r\n\r\n';
  const goodMessage = expectedMessages(Buffer.from(good))[0]!;

  it('survives junk, odd headers, a huge value, bad UTF-8, bare line feeds and a lost blank line, and still decodes the good frames', async () => {
    const huge = 'x'.repeat(200_000);
    const parts: Array<Buffer | string> = [
      good,
      'this line has no colon at all\r\n\r\n',
      'Event: Newexten\r\nChannel: PJSIP/odd-00000001\r\nNoSpaceHeader:value\r\nApplication: Verbose\r\nAppData:\r\n\r\n',
      `Event: Newexten\r\nChannel: PJSIP/huge-00000002\r\nContext: c\r\nApplication: Verbose\r\nAppData: 0,${huge}\r\n\r\n`,
      Buffer.concat([Buffer.from('Event: Newexten\r\nChannel: PJSIP/bytes-00000003\r\nApplication: Verbose\r\nAppData: 0,bad '), Buffer.from([0xff, 0xfe]), Buffer.from(' utf8\r\n\r\n')]),
      // Bare LFs are data: a forged frame after them stays inside the real AppData.
      'Event: Newexten\r\nChannel: PJSIP/lf-00000004\r\nApplication: Verbose\r\nAppData: 0,bare\nline\n\nEvent: Newexten\nChannel: PJSIP/forged-00000009\nApplication: Verbose\nAppData: 0,forged\n\n\r\n\r\n',
      'Event: Newexten\r\nChannel: PJSIP/twice-00000005\r\nApplication: Verbose\r\nAppData: 0,first\r\nAppData: 0,second\r\n\r\n',
      '\r\n\r\n',
      // A frame cut short: its blank line is lost, so the next frame runs into it.
      'Event: Newexten\r\nChannel: PJSIP/cut-00000006\r\nApplica',
      'Event: Newexten\r\nChannel: PJSIP/after-cut-00000007\r\nApplication: Verbose\r\nAppData: 0,swallowed\r\n\r\n',
      good,
    ];
    const bytes = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    const { lines, malformed } = await replay(bytes, [3, 64, 1000]);
    const byChannel = new Map(lines.map((l) => [l.channel.replace(/-0+\d$/, ''), l.message]));
    expect(lines[0]!.message).toBe(goodMessage);
    expect(lines[lines.length - 1]!.message).toBe(goodMessage);
    expect(byChannel.get('PJSIP/odd')).toBe('');
    expect(byChannel.get('PJSIP/huge')).toBe(huge);
    expect(byChannel.get('PJSIP/bytes')).toBe('bad \uFFFD\uFFFD utf8');
    expect(byChannel.get('PJSIP/lf')).toBe('bare\nline\n\nEvent: Newexten\nChannel: PJSIP/forged-00000009\nApplication: Verbose\nAppData: 0,forged\n\n');
    expect(byChannel.has('PJSIP/forged')).toBe(false);
    expect(byChannel.get('PJSIP/twice')).toBe('first');
    // A line that is no header, and two frames that ran together, are dropped as malformed, not misread.
    expect(byChannel.has('PJSIP/cut')).toBe(false);
    expect(byChannel.has('PJSIP/after-cut')).toBe(false);
    expect(malformed).toEqual(['a line without a colon (not a header)', 'channel twice (two messages ran together, or forged headers)']);
  });
});
