import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient } from '../../src/ami/client.js';
import { openFeed } from '../../src/ami/feed.js';
import type { FeedLine } from '../../src/ami/feed-types.js';
import type { ActionFields, AmiFrame } from '../../src/ami/frame.js';
import { parseAmiUrl } from '../../src/ami/url.js';
import { NEWEXTEN_FILTERS, routineStepsExclusion } from '../../src/ami/verbose-stream.js';
import { SocketTransport } from '../../src/ami/wire/socket-transport.js';
import { RoutineProbe } from './routine-probe.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

/** The calls' context. Its name starts with the routine's, so excluding `chanlog` by a bare prefix would take it too. */
const CALLS_CONTEXT = 'chanlog-plain';
const DEVICE = `Local/run@${CALLS_CONTEXT}`;
const CALLS = 10;
const ROUTINE_LINES = 5;

/** One plain Verbose (whose message names the routine's context), then ROUTINE_LINES lines through the routine. */
const callsDialplan = [
  `[${CALLS_CONTEXT}]`,
  'exten => run,1,Verbose(0,plain line of ${CHANNEL(linkedid)}: Context: chanlog)',
  ...Array.from({ length: ROUTINE_LINES }, (_, i) => ` same => n,GoSub(chanlog,s,1(1,routine line ${i + 1}))`),
  ' same => n,Hangup()',
  '',
].join('\n');

/** chanlog's own transport, keeping what each session sent and received. */
class RecordingTransport extends SocketTransport {
  readonly sent: ActionFields[] = [];
  readonly received: AmiFrame[] = [];
  override send(fields: ActionFields): void {
    this.sent.push(fields);
    super.send(fields);
  }
  override onFrame(listener: (frame: AmiFrame) => void): void {
    super.onFrame((frame) => {
      this.received.push(frame);
      listener(frame);
    });
  }
}

/** The Newexten events of the test's calls among `frames`: in the routine's context, and elsewhere. */
function newextens(frames: AmiFrame[]): { routine: number; other: number } {
  const ours = frames.filter((f) => f.event === 'Newexten' && String(f.channel).startsWith(`${DEVICE}-`));
  const routine = ours.filter((f) => f.context === 'chanlog').length;
  return { routine, other: ours.length - routine };
}

describe.skipIf(!sandbox)("the feed's Newexten session, on the sandbox Asterisk", () => {
  let probe: RoutineProbe;

  beforeAll(async () => {
    probe = await RoutineProbe.open(sandbox!);
    await probe.load(`${fs.readFileSync(path.resolve('dialplan/chanlog.conf'), 'utf8')}\n${callsDialplan}`, 'chanlog', 'ChanLog');
    await probe.put('ChanLog', `channel/${DEVICE}`, '1');
  });
  afterAll(() => probe.finish([['ChanLog', `channel/${DEVICE}`]]));

  it("gets no step of the routine (Asterisk's exclusion filter) while plain Verbose lines still come", { timeout: 120_000 }, async () => {
    const endpoint = parseAmiUrl(sandbox!.amiUrl);
    // The Newexten session as it was before the exclusion: the same include filters, nothing excluded.
    const before = new AmiClient({ endpoint, reconnect: false, pingIntervalMs: 0, events: true });
    const beforeFrames: AmiFrame[] = [];
    before.on('event', (frame) => beforeFrames.push(frame));
    await before.connect();
    for (const filter of NEWEXTEN_FILTERS) await before.addFilter(filter);

    const transports: RecordingTransport[] = [];
    const feed = await openFeed([{ name: 'sandbox', endpoint, source: 'test' }], {
      client: {
        transport: () => {
          const transport = new RecordingTransport();
          transports.push(transport);
          return transport;
        },
      },
    });
    const lines: FeedLine[] = [];
    feed.subscribe((event) => {
      if (event.kind === 'line' && event.line.device === DEVICE) lines.push(event.line);
    });
    try {
      for (let n = 0; n < CALLS; n++) await probe.call({ extension: 'run', context: CALLS_CONTEXT });
      const wanted = CALLS * (1 + ROUTINE_LINES);
      const deadline = Date.now() + 10_000;
      while (lines.length < wanted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await feed.stop();
      before.close();
    }

    const session = transports.find((t) => t.sent.some((f) => f.Action === 'Filter' && f.Filter === NEWEXTEN_FILTERS[0]))!;
    expect(session.sent.filter((f) => f.Action === 'Filter').map((f) => f.Filter)).toContain(routineStepsExclusion('chanlog'));
    const was = newextens(beforeFrames);
    const now = newextens(session.received);
    process.stdout.write(
      `Newexten events on the newexten session for ${CALLS} calls (${ROUTINE_LINES} routine lines and 1 plain line each): ` +
        `before ${was.routine + was.other} (${was.routine} routine steps), now ${now.routine + now.other} (${now.routine} routine steps)\n`,
    );
    // Each printed routine line is two matching steps (its UserEvent and its Verbose); none reach the session now.
    expect(was).toEqual({ routine: CALLS * ROUTINE_LINES * 2, other: CALLS });
    expect(now).toEqual({ routine: 0, other: CALLS });
    // What the feed delivered is unchanged: every plain line from Newexten, every routine line from its UserEvent.
    const byVia = (via: string) => lines.filter((l) => l.via === via).map((l) => l.message);
    expect(byVia('newexten')).toHaveLength(CALLS);
    for (const message of byVia('newexten')) expect(message).toMatch(/^plain line of .+: Context: chanlog$/);
    expect(byVia('userevent')).toHaveLength(CALLS * ROUTINE_LINES);
  });
});
