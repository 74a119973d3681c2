import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAmiUrl } from '../../src/ami/url.js';
import { originateLoad, RawSession } from '../tools/bench/raw-session.js';
import { LOAD_MESSAGE, loadLine, TailProcess } from '../helpers/load.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();
const CALLS = 50;
const LINES = 200;

interface JsonLine {
  channel: string;
  device: string;
  message: string;
  chanlogLevel?: number;
  caller?: { context: string; extension: string; priority: number };
}

/** What Asterisk itself logged to messages.log after `offset` (its VERBOSE lines are what Verbose printed). */
function verboseLogged(offset: number): string[] {
  const text = fs.readFileSync(sandbox!.messagesLog).subarray(offset).toString('utf8');
  return [...text.matchAll(/^\[[^\]]*\] VERBOSE\[[^\]]*\](?:\[[^\]]*\])? app_verbose\.c: (.*)$/gm)].map((m) => m[1]!);
}

describe.skipIf(!sandbox)('chanlog tail --json under a paced load of 50 channels x 200 lines', () => {
  const endpoint = sandbox ? parseAmiUrl(sandbox.amiUrl) : undefined;
  let driver: RawSession;

  beforeAll(async () => {
    driver = await RawSession.open(endpoint!, false);
    await driver.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '2' });
  });
  afterAll(async () => {
    await driver.action({ Action: 'DBDel', Family: 'ChanLog', Key: 'all' });
    driver.close();
  });

  it('receives all 10,000 lines, each with its channel and its message intact', { timeout: 180_000 }, async () => {
    const logOffset = fs.statSync(sandbox!.messagesLog).size;
    const tail = new TailProcess(['--json', '--device', 'Local/*@chanlog-load'], { CHANLOG_AMI_URL: sandbox!.amiUrl });
    try {
      expect(await tail.until(() => tail.stderr.includes('-- streaming'), 20_000), tail.stderr).toBe(true);
      const first = 1000;
      await originateLoad(driver, LOAD_MESSAGE, { calls: CALLS, lines: LINES, first });
      await tail.until(() => tail.lines.length >= CALLS * LINES, 120_000);
      await new Promise((r) => setTimeout(r, 1_000)); // anything extra (a duplicate) would show up now
      expect(await tail.interrupt()).toBe(0);

      const seen = new Map<string, number>();
      const wrong: string[] = [];
      for (const text of tail.lines) {
        const line = JSON.parse(text) as JsonLine;
        const match = / call (\d+) line (\d+)$/.exec(line.message);
        const [call, n] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
        const ok =
          match !== null &&
          line.message === loadLine(call, n) &&
          new RegExp(`^Local/${call}@chanlog-load-[0-9a-f]{8};2$`).test(line.channel) &&
          line.device === `Local/${call}@chanlog-load` &&
          line.chanlogLevel === 2 &&
          JSON.stringify(line.caller) === JSON.stringify({ context: 'chanlog-load', extension: String(call), priority: 2 });
        if (!ok) wrong.push(text);
        seen.set(`${call}/${n}`, (seen.get(`${call}/${n}`) ?? 0) + 1);
      }
      const missing: string[] = [];
      const repeated: string[] = [];
      for (let call = first; call < first + CALLS; call++) {
        for (let n = 1; n <= LINES; n++) {
          const count = seen.get(`${call}/${n}`) ?? 0;
          if (count === 0) missing.push(`${call}/${n}`);
          if (count > 1) repeated.push(`${call}/${n}`);
        }
      }
      const summary = `${tail.lines.length} lines; ${wrong.length} wrong, e.g. ${wrong.slice(0, 2).join(' | ')}; missing ${missing.length}, e.g. ${missing.slice(0, 5).join(' ')}; repeated ${repeated.length}; stderr: ${tail.stderr}`;
      expect({ received: tail.lines.length, wrong: wrong.length, missing: missing.length, repeated: repeated.length }, summary).toEqual({
        received: CALLS * LINES,
        wrong: 0,
        missing: 0,
        repeated: 0,
      });

      // And what Asterisk wrote to its own log is, line for line, what tail printed.
      // Asterisk's logger thread writes behind the events; give it time to catch up.
      const loadLogged = () => verboseLogged(logOffset).filter((m) => / call \d+ line \d+$/.test(m));
      await tail.until(() => loadLogged().length >= CALLS * LINES, 30_000);
      const logged = loadLogged();
      expect(logged.length).toBe(CALLS * LINES);
      expect(logged.sort()).toEqual(tail.lines.map((t) => (JSON.parse(t) as JsonLine).message).sort());
    } finally {
      tail.kill();
    }
  });
});

describe.skipIf(!sandbox)('chanlog tail with several servers', () => {
  it('labels every line with the server it came from', { timeout: 60_000 }, async () => {
    const endpoint = parseAmiUrl(sandbox!.amiUrl);
    const driver = await RawSession.open(endpoint, false);
    // The same Asterisk twice, under two names: each line must arrive once from each.
    const tail = new TailProcess(['--json', '--device', 'Local/*@chanlog-load', '--ami', `east=${sandbox!.amiUrl}`, '--ami', `west=${sandbox!.amiUrl}`], {});
    try {
      await driver.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '2' });
      expect(await tail.until(() => (tail.stderr.match(/-- streaming/g) ?? []).length === 2, 20_000), tail.stderr).toBe(true);
      await originateLoad(driver, LOAD_MESSAGE, { calls: 2, lines: 10, first: 300 });
      expect(await tail.until(() => tail.lines.length >= 40, 30_000), `${tail.lines.length} lines`).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(await tail.interrupt()).toBe(0);
      const lines = tail.lines.map((t) => JSON.parse(t) as JsonLine & { server: string });
      for (const server of ['east', 'west']) {
        const mine = lines.filter((l) => l.server === server).map((l) => l.message).sort();
        const expected = [300, 301].flatMap((call) => Array.from({ length: 10 }, (_, i) => loadLine(call, i + 1))).sort();
        expect(mine).toEqual(expected);
      }
      expect(lines.length).toBe(40);
    } finally {
      tail.kill();
      await driver.action({ Action: 'DBDel', Family: 'ChanLog', Key: 'all' }).catch(() => {});
      driver.close();
    }
  });
});

