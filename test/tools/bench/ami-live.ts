import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { InstancePaths } from '../../../src/sandbox/paths.js';
import { sandboxDown, sandboxUp } from '../../../src/sandbox/sandbox.js';
import { execFile } from '../../../src/util/exec.js';
import { launcherPath, packageRoot } from '../../../src/util/package-root.js';
import { LOAD_MESSAGE } from './record.js';
import { originateLoad, RawSession } from './raw-session.js';
import { thousands, type BenchPart, type BenchRow } from './table.js';

const CALLS = 50;
const LINES = 200;

/** CPU seconds (user + system) and peak resident memory of a live process, from /proc. */
export async function processUsage(pid: number): Promise<{ cpuSeconds: number; peakMb: number }> {
  const ticks = Number((await execFile('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds, peakMb: hwm ? Number(hwm[1]) / 1024 : NaN };
}

/**
 * The real thing, measured: a sandbox Asterisk of the bench's own, 50 calls
 * each logging 200 lines through the routine paced by Wait(0.01), and
 * `chanlog tail --json` as a separate process counting what it prints.
 */
export const amiLivePart: BenchPart = {
  name: 'ami-live',
  description: `chanlog tail --json on the sandbox Asterisk while ${CALLS} calls log ${LINES} lines each (needs root)`,
  async run(log) {
    if (process.getuid?.() !== 0) return [{ part: 'ami-live', measure: 'skipped', value: 'needs root (the sandbox Asterisk)' }];
    const instance = `bench-${process.pid}`;
    log(`ami-live: starting sandbox instance ${instance}`);
    const info = await sandboxUp({ instance, dialplan: path.join(packageRoot(), 'test', 'fixtures', 'ami', 'load.conf') });
    const driver = await RawSession.open(info.endpoint, false);
    const tail = spawn(process.execPath, [launcherPath(), 'tail', '--json', '--device', 'Local/*@chanlog-load'], {
      env: { ...process.env, CHANLOG_AMI_URL: info.amiUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let lines = 0;
      let intact = 0;
      let stderr = '';
      let partial = '';
      tail.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop()!;
        for (const text of parts) {
          lines++;
          const line = JSON.parse(text) as { message: string; channel: string };
          const call = / call (\d+) line \d+$/.exec(line.message)?.[1];
          if (call && line.message.startsWith(`${LOAD_MESSAGE} call `) && line.channel.startsWith(`Local/${call}@chanlog-load-`)) intact++;
        }
      });
      tail.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await driver.waitFor(() => stderr.includes('-- streaming'), 'tail ready', 20_000);
      await driver.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '2' });
      const started = Date.now();
      log(`ami-live: ${CALLS} calls x ${LINES} lines`);
      await originateLoad(driver, LOAD_MESSAGE, { calls: CALLS, lines: LINES, first: 1000 });
      await driver.waitFor(() => lines >= CALLS * LINES, `${CALLS * LINES} lines (got ${lines})`, 180_000).catch(() => {});
      const seconds = (Date.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 500));
      const usage = await processUsage(tail.pid!);
      const asterisk = await processUsage(info.pid).catch(() => undefined);
      const rows: BenchRow[] = [
        { part: 'ami-live', measure: 'lines received (intact)', value: `${thousands(lines)} of ${thousands(CALLS * LINES)} (${thousands(intact)})` },
        { part: 'ami-live', measure: 'wall time, lines/s', value: `${seconds.toFixed(1)} s, ${thousands(lines / seconds)}` },
        { part: 'ami-live', measure: 'chanlog tail CPU time (incl. start-up)', value: `${usage.cpuSeconds.toFixed(2)} s` },
        { part: 'ami-live', measure: 'chanlog tail peak memory (VmHWM)', value: `${usage.peakMb.toFixed(0)} MB` },
      ];
      if (asterisk) rows.push({ part: 'ami-live', measure: 'Asterisk peak memory (VmHWM)', value: `${asterisk.peakMb.toFixed(0)} MB` });
      // Lost, refused or dropped lines and reconnects, as tail reported them.
      const notices = stderr.split('\n').filter((line) => line.startsWith('-- ') && !line.startsWith('-- streaming'));
      if (notices.length > 0) rows.push({ part: 'ami-live', measure: 'chanlog tail notices', value: notices.slice(0, 5).join(' | ') });
      return rows;
    } finally {
      tail.kill('SIGINT');
      driver.close();
      await sandboxDown({ instance });
      fs.rmSync(new InstancePaths(info.root, instance).dir, { recursive: true, force: true });
    }
  },
};
