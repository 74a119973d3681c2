import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InstancePaths } from '../../../src/sandbox/paths.js';
import { sandboxDown, sandboxUp } from '../../../src/sandbox/sandbox.js';
import { launcherNodeOptions, launcherPath, packageRoot } from '../../../src/util/package-root.js';
import { TmuxConsole } from './console-terminal.js';
import { LOAD_MESSAGE } from './record.js';
import { originateLoad, RawSession } from './raw-session.js';
import { thousands, type BenchPart, type BenchRow } from './table.js';

const CALLS = 50;
const LINES = 200;
const here = path.dirname(fileURLToPath(import.meta.url));

/** What measure-process.js wrote: a whole process's CPU time and peak memory. */
export interface ProcessReport {
  userMs: number;
  systemMs: number;
  maxRssKb: number;
}

/** `node [launcher options] measure-process.js REPORT chanlog ARGS...`: chanlog as an admin runs it, measured whole. */
export function measuredChanlog(report: string, args: string[]): string[] {
  return [process.execPath, ...launcherNodeOptions(), path.join(here, 'measure-process.js'), report, launcherPath(), ...args];
}

export function readReport(file: string): ProcessReport {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ProcessReport;
}

export async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file) || fs.statSync(file).size === 0) {
    if (Date.now() > deadline) throw new Error(`${file} was not written within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `chanlog console` in a pseudo-terminal (tmux, 160x48) and `chanlog tail
 * --json` side by side on one sandbox Asterisk while 50 calls log 200
 * lines each (paced by Wait(0.01)): how many lines reached the console's
 * buffer (its count, written on exit), and the CPU time of both whole
 * processes, start-up included, with the launcher's Node options.
 */
export const consoleLivePart: BenchPart = {
  name: 'console-live',
  description: `chanlog console in tmux next to chanlog tail --json while ${CALLS} calls log ${LINES} lines each (needs root and tmux)`,
  async run(log) {
    if (process.getuid?.() !== 0) return [{ part: 'console-live', measure: 'skipped', value: 'needs root (the sandbox Asterisk)' }];
    const instance = `bench-console-${process.pid}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-console-bench-'));
    const files = { consoleReport: path.join(dir, 'console.json'), tailReport: path.join(dir, 'tail.json'), stats: path.join(dir, 'stats.json') };
    log(`console-live: starting sandbox instance ${instance}`);
    const info = await sandboxUp({ instance, dialplan: path.join(packageRoot(), 'test', 'fixtures', 'ami', 'load.conf') });
    const driver = await RawSession.open(info.endpoint, false);
    const filter = ['--device', 'Local/*@chanlog-load'];
    const [node, ...tailArgs] = measuredChanlog(files.tailReport, ['tail', '--json', ...filter]);
    const tail = spawn(node!, tailArgs, {
      env: { ...process.env, CHANLOG_AMI_URL: info.amiUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const terminal = TmuxConsole.start(measuredChanlog(files.consoleReport, ['console', ...filter]), {
      width: 160,
      height: 48,
      env: { CHANLOG_AMI_URL: info.amiUrl, CHANLOG_CONSOLE_STATS: files.stats },
    });
    try {
      let tailLines = 0;
      let stderr = '';
      tail.stdout.setEncoding('utf8').on('data', (chunk: string) => (tailLines += chunk.split('\n').length - 1));
      tail.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await driver.waitFor(() => stderr.includes('-- streaming'), 'tail ready', 20_000);
      if (!(await terminal.until((s) => s.includes('connected') && s.includes('FOLLOWING'), 20_000))) throw new Error(`the console did not start:\n${terminal.capture()}`);
      await driver.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '2' });
      log(`console-live: ${CALLS} calls x ${LINES} lines`);
      const started = Date.now();
      await originateLoad(driver, LOAD_MESSAGE, { calls: CALLS, lines: LINES, first: 1000 });
      const expected = CALLS * LINES;
      const shown = () => Number(/ ([\d,]+) shown/.exec(terminal.capture())?.[1]?.replace(/,/g, '') ?? 0);
      // Until both have every line, or neither got another one for 8 s (a line lost upstream never comes).
      let last = { count: -1, at: Date.now() };
      await driver
        .waitFor(
          () => {
            const count = tailLines + shown();
            if (count !== last.count) last = { count, at: Date.now() };
            return (tailLines >= expected && shown() >= expected) || Date.now() - last.at > 8_000;
          },
          `${expected} lines in both`,
          180_000,
        )
        .catch(() => {});
      const seconds = (Math.min(Date.now(), last.at) - started) / 1000;
      await new Promise((r) => setTimeout(r, 1_000)); // the last frames and a quiet second
      terminal.keys('q');
      await waitForFile(files.stats, 20_000);
      await waitForFile(files.consoleReport, 20_000);
      tail.kill('SIGINT');
      await new Promise((r) => tail.on('close', r));
      await waitForFile(files.tailReport, 10_000);
      const stats = JSON.parse(fs.readFileSync(files.stats, 'utf8')) as { linesReceived: number; frames: number };
      const consoleRun = readReport(files.consoleReport);
      const tailRun = readReport(files.tailReport);
      const cpu = (r: ProcessReport) => (r.userMs + r.systemMs) / 1000;
      const rows: BenchRow[] = [
        { part: 'console-live', measure: 'lines in the console buffer', value: `${thousands(stats.linesReceived)} of ${thousands(expected)}` },
        { part: 'console-live', measure: 'lines printed by chanlog tail --json', value: `${thousands(tailLines)} of ${thousands(expected)}` },
        { part: 'console-live', measure: 'wall time of the load', value: `${seconds.toFixed(1)} s` },
        { part: 'console-live', measure: 'console frames drawn (whole run)', value: `${thousands(stats.frames)} (throttled to <= 30/s)` },
        { part: 'console-live', measure: 'console CPU time (incl. start-up)', value: `${cpu(consoleRun).toFixed(2)} s` },
        { part: 'console-live', measure: 'chanlog tail --json CPU time (incl. start-up)', value: `${cpu(tailRun).toFixed(2)} s` },
        { part: 'console-live', measure: 'console / tail CPU (target <= 2)', value: (cpu(consoleRun) / cpu(tailRun)).toFixed(2) },
        { part: 'console-live', measure: 'peak memory console / tail (maxRSS)', value: `${(consoleRun.maxRssKb / 1024).toFixed(0)} MB / ${(tailRun.maxRssKb / 1024).toFixed(0)} MB` },
      ];
      return rows;
    } finally {
      terminal.kill();
      tail.kill('SIGKILL');
      driver.close();
      await sandboxDown({ instance });
      fs.rmSync(new InstancePaths(info.root, instance).dir, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
