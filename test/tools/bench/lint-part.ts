import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launcherNodeOptions } from '../../../src/util/package-root.js';
import { shippedCliMain } from './shipped-cli.js';
import type { BenchPart, BenchRow } from './table.js';

const LINES = 60_000;
const ROUNDS = 3;
const here = path.dirname(fileURLToPath(import.meta.url));

/** A dialplan of LINES lines where every third line names an unknown application: 20,000 diagnostics. */
function writeDialplan(file: string): void {
  const lines = ['[big]'];
  for (let i = 1; i < LINES; i++) lines.push(i % 3 === 0 ? `exten => ${i},1,Dail(PJSIP/${i})` : `exten => ${i},1,NoOp(line ${i})`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** CPU milliseconds of one whole `chanlog lint` run (start-up included), its output sent to a file. */
function lintCpuMs(dir: string, file: string, args: string[]): number {
  const report = path.join(dir, 'report.json');
  const out = fs.openSync(path.join(dir, 'out'), 'w');
  spawnSync(process.execPath, [...launcherNodeOptions(), path.join(here, 'measure-process.js'), report, shippedCliMain(), 'lint', ...args, file], { stdio: ['ignore', out, 'ignore'] });
  fs.closeSync(out);
  const { userMs, systemMs } = JSON.parse(fs.readFileSync(report, 'utf8')) as { userMs: number; systemMs: number };
  return userMs + systemMs;
}

/**
 * `chanlog lint` text output against `--json` on the same file with many
 * diagnostics: the text form looks up each diagnostic's line in an index
 * built once, so the two should cost the same order (the text adds the
 * excerpt and caret). Best of ROUNDS, taking turns.
 */
export const lintPart: BenchPart = {
  name: 'lint',
  description: `chanlog lint text vs --json CPU on a ${LINES.toLocaleString('en-US')}-line file with 20,000 diagnostics`,
  async run(log) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-bench-lint-'));
    try {
      const file = path.join(dir, 'extensions.conf');
      writeDialplan(file);
      let text = Infinity;
      let json = Infinity;
      for (let round = 1; round <= ROUNDS; round++) {
        json = Math.min(json, lintCpuMs(dir, file, ['--json']));
        text = Math.min(text, lintCpuMs(dir, file, []));
        log(`lint round ${round}: json ${json.toFixed(0)} ms, text ${text.toFixed(0)} ms`);
      }
      const rows: BenchRow[] = [
        { part: 'lint', measure: 'lint --json CPU (best)', value: `${json.toFixed(0)} ms` },
        { part: 'lint', measure: 'lint text CPU (best)', value: `${text.toFixed(0)} ms` },
        { part: 'lint', measure: 'text / json', value: (text / json).toFixed(2) },
      ];
      return rows;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
