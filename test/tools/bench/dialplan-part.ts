import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxCli, sandboxDown, sandboxUp } from '../../../src/sandbox/sandbox.js';
import { InstancePaths } from '../../../src/sandbox/paths.js';
import { processGone, sleep, waitFor } from '../../../src/sandbox/process.js';
import { launcherNodeOptions } from '../../../src/util/package-root.js';
import { generateBigDialplan } from './dialplan-generator.js';
import { shippedCliMain } from './shipped-cli.js';
import type { BenchPart, BenchRow } from './table.js';

const LINES = Number(process.env.CHANLOG_BENCH_LINES ?? 600_000);
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process, in milliseconds, from /proc/PID/stat. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** Waits until the process has used no CPU for a while: the reload has finished. */
async function settledCpu(pid: number): Promise<number> {
  let last = cpuMs(pid);
  for (;;) {
    await sleep(500);
    const now = cpuMs(pid);
    if (now === last) return now;
    last = now;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Runs `chanlog show FILE > /dev/null` as its own process (as an admin
 * would time it); its CPU time and peak memory.
 */
async function measureShow(file: string): Promise<{ cpuMs: number; maxRssKb: number }> {
  const report = path.join(os.tmpdir(), `chanlog-bench-${process.pid}.json`);
  const devNull = fs.openSync('/dev/null', 'w');
  try {
    // With the launcher's Node options (`--single-threaded`): measured as an admin's `chanlog` runs.
    const options = launcherNodeOptions();
    const child = spawn(process.execPath, [...options, path.join(here, 'measure-process.js'), report, shippedCliMain(), 'show', file], { stdio: ['ignore', devNull, 'inherit'] });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`chanlog show exited ${code}`);
  } finally {
    fs.closeSync(devNull);
  }
  const measured = JSON.parse(fs.readFileSync(report, 'utf8')) as { userMs: number; systemMs: number; maxRssKb: number };
  fs.rmSync(report, { force: true });
  return { cpuMs: measured.userMs + measured.systemMs, maxRssKb: measured.maxRssKb };
}

/** `chanlog show ARGS...` run to completion: its output as latin1 text (not timed). */
async function showOutput(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [shippedCliMain(), 'show', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`chanlog show exited ${code}`);
  return Buffer.concat(chunks).toString('latin1');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const RUNS = Number(process.env.CHANLOG_BENCH_RUNS ?? 5);

/**
 * The parser benchmark: a generated 600,000-line dialplan; the CPU time of
 * `chanlog show` on it, against the CPU time the sandbox Asterisk itself
 * spends in `dialplan reload` of the same file over an empty dialplan (read
 * from /proc/PID/stat around the reload), with peak memory of both.
 */
export const dialplanPart: BenchPart = {
  name: 'dialplan',
  description: `chanlog show on a ${LINES.toLocaleString('en-US')}-line dialplan vs Asterisk's own dialplan reload (CPU, memory)`,
  async run(log) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-bench-dialplan-'));
    const file = path.join(dir, 'extensions.conf');
    const text = generateBigDialplan(LINES);
    fs.writeFileSync(file, text);
    log(`dialplan: ${LINES.toLocaleString('en-US')} lines, ${(text.length / 1e6).toFixed(1)} MB in ${file}`);

    const rows: BenchRow[] = [];
    const instance = `bench-${process.pid}`;
    const info = await sandboxUp({ instance, profile: { modules: ['pbx_config.so'], usersConf: false, extensionsConf: '' } });
    const paths = new InstancePaths(info.root, instance);
    try {
      const cliOptions = { instance, root: info.root };
      const etcFile = path.join(paths.etc, 'extensions.conf');
      /** Loads `source` (or an empty dialplan) with `dialplan reload`; the CPU total once it has settled. */
      const reloadWith = async (source: string | undefined): Promise<number> => {
        if (source === undefined) fs.writeFileSync(etcFile, '');
        else fs.copyFileSync(source, etcFile);
        const reload = await sandboxCli(cliOptions, 'dialplan reload');
        if (!/reloaded/i.test(reload.output)) throw new Error(`dialplan reload: ${reload.output.trim() || 'no answer'}`);
        return settledCpu(info.pid);
      };
      // The machine's noise is large and comes in waves: the two sides take turns, RUNS
      // rounds of one Asterisk reload and one chanlog run, and the best of each is kept.
      const asteriskRuns: number[] = [];
      const runs: { cpuMs: number; maxRssKb: number }[] = [];
      let rssGrowth = 0;
      let sample = '';
      for (let run = 0; run < RUNS; run++) {
        const before = await reloadWith(undefined); // start from an empty dialplan
        const rssBefore = rssKb(info.pid, 'VmRSS');
        asteriskRuns.push((await reloadWith(file)) - before);
        rssGrowth = rssKb(info.pid, 'VmRSS') - rssBefore;
        if (run === 0) sample = (await sandboxCli(cliOptions, 'dialplan show tenant-0-outbound')).output;
        // chanlog runs on the machine as Asterisk had it: with the other side idle and small
        // (an Asterisk holding the big dialplan slows a process beside it by ~10% here).
        await reloadWith(undefined);
        runs.push(await measureShow(file));
      }
      const asteriskCpu = Math.min(...asteriskRuns);
      log(`asterisk: dialplan reload ${asteriskRuns.join(', ')} ms CPU over ${RUNS} runs, RSS +${(rssGrowth / 1024).toFixed(0)} MB`);
      const best = runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
      log(`chanlog show: ${runs.map((r) => r.cpuMs.toFixed(0)).join(', ')} ms CPU over ${RUNS} runs`);
      // The same context, printed by both, must agree: the benchmark measures equal work.
      const agree = (await showOutput([file, 'tenant-0-outbound'])) === sample;
      const outputBytes = Buffer.byteLength(await showOutput([file]), 'latin1');
      rows.push(
        { part: 'dialplan', measure: 'lines / bytes', value: `${LINES.toLocaleString('en-US')} / ${(text.length / 1e6).toFixed(1)} MB` },
        { part: 'dialplan', measure: `Asterisk dialplan reload CPU (best of ${RUNS})`, value: `${asteriskCpu.toFixed(0)} ms` },
        { part: 'dialplan', measure: 'Asterisk memory for the dialplan', value: `${(rssGrowth / 1024).toFixed(0)} MB (RSS growth)` },
        { part: 'dialplan', measure: `chanlog show CPU (best of ${RUNS}, whole process)`, value: `${best.cpuMs.toFixed(0)} ms` },
        { part: 'dialplan', measure: 'chanlog show peak memory', value: `${(best.maxRssKb / 1024).toFixed(0)} MB` },
        { part: 'dialplan', measure: 'chanlog show output', value: `${(outputBytes / 1e6).toFixed(1)} MB` },
        { part: 'dialplan', measure: 'ratio chanlog / Asterisk CPU', value: `${(best.cpuMs / asteriskCpu).toFixed(2)} (goal <= 1.0, limit 1.5)` },
        { part: 'dialplan', measure: 'ratio of the medians', value: (median(runs.map((r) => r.cpuMs)) / median(asteriskRuns)).toFixed(2) },
        { part: 'dialplan', measure: 'same `dialplan show tenant-0-outbound`', value: agree ? 'yes' : 'NO' },
      );
    } finally {
      await sandboxDown({ instance, root: info.root });
      await waitFor(() => processGone(info.pid), 5_000);
      fs.rmSync(paths.dir, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
