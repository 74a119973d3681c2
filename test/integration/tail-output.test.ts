import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAmiUrl } from '../../src/ami/url.js';
import { waitFor } from '../../src/sandbox/process.js';
import { originateLoad, RawSession } from '../tools/bench/raw-session.js';
import { CLI, peakRss } from '../helpers/cli.js';
import { LOAD_MESSAGE } from '../helpers/load.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

describe.skipIf(!sandbox)('chanlog tail and a reader that is slow or goes away', () => {
  let driver: RawSession;

  beforeAll(async () => {
    driver = await RawSession.open(parseAmiUrl(sandbox!.amiUrl), false);
    await driver.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '2' });
  });
  afterAll(async () => {
    // Load calls still running would log into the next file's dialplan reloads: end them here.
    await driver.action({ Action: 'Hangup', Channel: '/^Local\\/[0-9]+@chanlog-load-/' }).catch(() => {}); // none left is fine
    await new Promise((r) => setTimeout(r, 500));
    await driver.action({ Action: 'DBDel', Family: 'ChanLog', Key: 'all' });
    driver.close();
  });

  function startTail() {
    const child = spawn(process.execPath, [CLI, 'tail', '--json', '--device', 'Local/*@chanlog-load'], {
      env: { ...process.env, CHANLOG_AMI_URL: sandbox!.amiUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    return { child, exited, stderr: () => stderr };
  }

  it('drops lines with a counted notice instead of growing, when the reader does not keep up', { timeout: 120_000 }, async () => {
    const tail = startTail();
    try {
      expect(await waitFor(() => tail.stderr().includes('-- streaming'), 20_000, 50), tail.stderr()).toBe(true);
      tail.child.stdout.pause(); // the reader stops reading: the pipe fills, then tail's queue
      // 20,000 JSON lines are several times tail's 4 MiB queue, so lines must be dropped whatever the line size.
      const calls = 20;
      const lines = 1000;
      await originateLoad(driver, LOAD_MESSAGE, { calls, lines, first: 500 });
      const dropped = () => [...tail.stderr().matchAll(/^-- (\d+) lines? dropped: output too slow$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      // The calls run side by side for about ten seconds; wait until Asterisk has had time to send them all.
      await new Promise((r) => setTimeout(r, 20_000));
      const peak = peakRss(tail.child.pid!) ?? NaN;
      let received = 0;
      let partial = '';
      tail.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop()!;
        received += parts.filter((p) => (JSON.parse(p) as { message: string }).message.startsWith(`${LOAD_MESSAGE} call `)).length;
      });
      tail.child.stdout.resume();
      expect(await waitFor(() => received + dropped() >= calls * lines, 30_000, 50), `${received} received, ${dropped()} dropped; ${tail.stderr()}`).toBe(true);
      expect(dropped()).toBeGreaterThan(0);
      expect(received + dropped()).toBe(calls * lines);
      expect(peak).toBeLessThan(200);
      tail.child.kill('SIGINT');
      expect(await tail.exited).toBe(0);
    } finally {
      tail.child.kill('SIGKILL');
    }
  });

  it('ends quietly with exit 0 when its reader goes away (`| head -1`)', { timeout: 60_000 }, async () => {
    const tail = startTail();
    try {
      expect(await waitFor(() => tail.stderr().includes('-- streaming'), 20_000, 50), tail.stderr()).toBe(true);
      const firstLine = new Promise((resolve) => tail.child.stdout.once('data', resolve));
      await originateLoad(driver, LOAD_MESSAGE, { calls: 1, lines: 300, first: 700 });
      await firstLine;
      tail.child.stdout.destroy(); // like head after its line: the read end closes
      expect(await tail.exited).toBe(0);
      expect(tail.stderr()).not.toMatch(/\n\s+at |EPIPE|Error/);
    } finally {
      tail.child.kill('SIGKILL');
    }
  });
});
