import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InstancePaths } from '../../../src/sandbox/paths.js';
import { sandboxDown, sandboxUp } from '../../../src/sandbox/sandbox.js';
import { packageRoot } from '../../../src/util/package-root.js';
import { measuredChanlog, readReport, waitForFile } from './console-live.js';
import { TmuxConsole } from './console-terminal.js';
import { recordCapture } from './record.js';
import { thousands, type BenchPart, type BenchRow } from './table.js';

const TOTAL_LINES = 300_000;
const SCROLLBACK = 100_000;
const here = path.dirname(fileURLToPath(import.meta.url));

/** Only what the feed's lines session asks Asterisk for (its filters): the routine's UserEvent and the channel lifecycle. */
function linesSessionFrames(capture: Buffer): { text: string; lines: number } {
  const frames = capture.toString('utf8').split('\r\n\r\n').filter((f) => /^Event: (UserEvent|Newchannel|Newstate|Hangup)\r?$/m.test(f));
  return { text: `${frames.join('\r\n\r\n')}\r\n\r\n`, lines: frames.filter((f) => /^UserEvent: ChanLog\r?$/m.test(f)).length };
}

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/**
 * 300,000 lines through `chanlog console --scrollback 100000` in tmux: a
 * capture recorded from the sandbox Asterisk at run time (4 calls x 1000
 * lines), cut to what the feed's lines session receives, replayed by a
 * fake manager port until 300,000 lines were sent. Peak memory (maxRSS),
 * and resident memory as the lines pass 100k, 200k and 300k: flat once the
 * scrollback is full.
 */
export const consoleMemoryPart: BenchPart = {
  name: 'console-memory',
  description: `chanlog console memory: ${thousands(TOTAL_LINES)} replayed lines, ${thousands(SCROLLBACK)}-line scrollback (needs root and tmux)`,
  async run(log) {
    if (process.getuid?.() !== 0) return [{ part: 'console-memory', measure: 'skipped', value: 'needs root (the sandbox Asterisk records the capture)' }];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-console-memory-'));
    const instance = `bench-console-memory-${process.pid}`;
    const files = { capture: path.join(dir, 'lines.ami'), report: path.join(dir, 'console.json'), stats: path.join(dir, 'stats.json') };
    let terminal: TmuxConsole | undefined;
    let server: ReturnType<typeof spawn> | undefined;
    try {
      log(`console-memory: recording a capture from sandbox instance ${instance}`);
      const info = await sandboxUp({ instance, dialplan: path.join(packageRoot(), 'test', 'fixtures', 'ami', 'load.conf') });
      let recorded: Buffer;
      try {
        recorded = await recordCapture(info.endpoint, { loadCalls: 4, lines: 1000, demoCalls: 0 }, 120_000);
      } finally {
        await sandboxDown({ instance });
        fs.rmSync(new InstancePaths(info.root, instance).dir, { recursive: true, force: true });
      }
      const { text, lines: perCopy } = linesSessionFrames(recorded);
      if (perCopy === 0) throw new Error('the recorded capture holds no routine line');
      fs.writeFileSync(files.capture, text);
      const copies = Math.ceil(TOTAL_LINES / perCopy);
      const total = copies * perCopy;
      const secret = 'bench-secret';
      server = spawn(process.execPath, [path.join(here, 'console-replay-server.js'), files.capture, secret, String(copies)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      server.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const deadline = Date.now() + 10_000;
      while (!/^\d+\n/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const port = Number(/^(\d+)\n/.exec(output)?.[1]);
      log(`console-memory: ${copies} copies of ${perCopy} lines (${thousands(total)}) into the console`);
      terminal = TmuxConsole.start(measuredChanlog(files.report, ['console', '--scrollback', String(SCROLLBACK)]), {
        width: 160,
        height: 48,
        env: { CHANLOG_AMI_URL: `ami://bench:${secret}@127.0.0.1:${port}`, CHANLOG_CONSOLE_STATS: files.stats },
      });
      const samples: Array<{ sent: number; rss: number }> = [];
      let pid: number | undefined;
      const started = Date.now();
      for (;;) {
        pid ??= terminal.programPid();
        const sent = ((output.match(/^copy \d+$/gm) ?? []).length) * perCopy;
        if (pid) samples.push({ sent, rss: rssMb(pid) });
        if (output.includes('done') || Date.now() - started > 600_000) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      // The console reads what is still in flight: until its rate shows 0 lines/s twice.
      let quiet = 0;
      for (let i = 0; i < 120 && quiet < 2; i++) {
        await new Promise((r) => setTimeout(r, 1_000));
        quiet = / 0 lines\/s /.test(terminal.capture()) ? quiet + 1 : 0;
        if (pid) samples.push({ sent: total, rss: rssMb(pid) });
      }
      const seconds = (Date.now() - started) / 1000;
      terminal.keys('q');
      await waitForFile(files.stats, 30_000);
      await waitForFile(files.report, 30_000);
      const stats = JSON.parse(fs.readFileSync(files.stats, 'utf8')) as { linesReceived: number; linesInScrollback: number };
      const report = readReport(files.report);
      const at = (lines: number) => {
        const sample = samples.find((s) => s.sent >= lines);
        return sample ? `${sample.rss.toFixed(0)} MB` : 'n/a';
      };
      const rows: BenchRow[] = [
        { part: 'console-memory', measure: 'lines received / in the scrollback', value: `${thousands(stats.linesReceived)} of ${thousands(total)} / ${thousands(stats.linesInScrollback)}` },
        { part: 'console-memory', measure: 'wall time', value: `${seconds.toFixed(1)} s` },
        { part: 'console-memory', measure: 'peak memory (maxRSS, target < 150 MB)', value: `${(report.maxRssKb / 1024).toFixed(0)} MB` },
        { part: 'console-memory', measure: 'resident at 100k / 200k / 300k lines sent', value: `${at(SCROLLBACK)} / ${at(2 * SCROLLBACK)} / ${at(total)}` },
        { part: 'console-memory', measure: 'console CPU time', value: `${((report.userMs + report.systemMs) / 1000).toFixed(2)} s` },
      ];
      return rows;
    } finally {
      terminal?.kill();
      server?.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
