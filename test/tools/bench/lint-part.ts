import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launcherNodeOptions } from '../../../src/util/package-root.js';
import { generateBigDialplan } from './dialplan-generator.js';
import { shippedCliMain } from './shipped-cli.js';
import type { BenchPart, BenchRow } from './table.js';

const LINES = 60_000;
const BIG_LINES = 600_000;
const ROUNDS = 3;
const here = path.dirname(fileURLToPath(import.meta.url));

/** A dialplan of LINES lines where every third line names an unknown application: 20,000 diagnostics. */
function writeDialplan(file: string): void {
  const lines = ['[big]'];
  for (let i = 1; i < LINES; i++) lines.push(i % 3 === 0 ? `exten => ${i},1,Dail(PJSIP/${i})` : `exten => ${i},1,NoOp(line ${i})`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** CPU milliseconds of one whole `chanlog COMMAND ... FILE` run (start-up included), its output sent to a file. */
function cliCpuMs(dir: string, file: string, args: string[]): number {
  const report = path.join(dir, 'report.json');
  const out = fs.openSync(path.join(dir, 'out'), 'w');
  spawnSync(process.execPath, [...launcherNodeOptions(), path.join(here, 'measure-process.js'), report, shippedCliMain(), ...args, file], { stdio: ['ignore', out, 'ignore'] });
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
  description: `chanlog lint text vs --json CPU on a ${LINES.toLocaleString('en-US')}-line file with 20,000 diagnostics; lint vs show on a ${BIG_LINES.toLocaleString('en-US')}-line dialplan`,
  async run(log) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-bench-lint-'));
    try {
      const file = path.join(dir, 'extensions.conf');
      writeDialplan(file);
      let text = Infinity;
      let json = Infinity;
      for (let round = 1; round <= ROUNDS; round++) {
        json = Math.min(json, cliCpuMs(dir, file, ['lint', '--json']));
        text = Math.min(text, cliCpuMs(dir, file, ['lint']));
        log(`lint round ${round}: json ${json.toFixed(0)} ms, text ${text.toFixed(0)} ms`);
      }
      const rows: BenchRow[] = [
        { part: 'lint', measure: 'lint --json CPU (best)', value: `${json.toFixed(0)} ms` },
        { part: 'lint', measure: 'lint text CPU (best)', value: `${text.toFixed(0)} ms` },
        { part: 'lint', measure: 'text / json', value: (text / json).toFixed(2) },
      ];
      // The dialplan part's big multi-tenant file: lint must stay of the order of reading it (a per-line
      // search to the end of the file once made it quadratic: over an hour at this size).
      const big = path.join(dir, 'big.conf');
      fs.writeFileSync(big, generateBigDialplan(BIG_LINES));
      let lint = Infinity;
      let show = Infinity;
      for (let round = 1; round <= 2; round++) {
        lint = Math.min(lint, cliCpuMs(dir, big, ['lint', '--json']));
        show = Math.min(show, cliCpuMs(dir, big, ['show']));
        log(`lint round ${round} on ${BIG_LINES} lines: lint --json ${lint.toFixed(0)} ms, show ${show.toFixed(0)} ms`);
      }
      rows.push(
        { part: 'lint', measure: `lint --json / show CPU, ${BIG_LINES.toLocaleString('en-US')}-line dialplan`, value: `${(lint / show).toFixed(2)} (${lint.toFixed(0)} / ${show.toFixed(0)} ms)` },
      );
      return rows;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
