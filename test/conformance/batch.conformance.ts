import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { AsteriskOracle } from '../tools/oracle/oracle.js';
import { defaultSandboxRoot } from '../../src/sandbox/paths.js';
import { importChanlogDialplan, type ChanlogDialplanApi } from './chanlog-side.js';
import { writeCaseReport } from './compare.js';
import { asteriskSampleCases, fixtureCases } from './corpus.js';
import { generateCase } from './generate.js';
import { runCase, type CaseOutcome } from './run-case.js';

/**
 * `npm run conformance`: a large differential run. Environment:
 *
 *   CHANLOG_CONFORMANCE_RANDOM  generated files (default 2000)
 *   CHANLOG_CONFORMANCE_SEED    first seed (default 100000, away from npm test's)
 *   CHANLOG_CONFORMANCE_CORPUS  0 to leave out the fixture corpus (default 1)
 *   CHANLOG_CONFORMANCE_KEEP    failing cases written out (default 25)
 *   CHANLOG_CONFORMANCE_JOBS    oracles in parallel (default 1; the machine has 2 cores)
 *   CHANLOG_CONFORMANCE_OUT     output directory (default .conformance)
 *   CHANLOG_DIALPLAN_MODULE     the parser module (default src/dialplan/index.ts)
 *
 * Prints a summary (files, identical show, identical warnings, ...) and
 * writes it to OUT/summary.txt and OUT/summary.json; the first KEEP failing
 * cases go to OUT/cases/<name>/ (inputs, both outputs, diffs). Without the
 * parser it still runs every file through the oracle and reports on that.
 * Needs root (the sandbox chroot).
 */
const env = process.env;
const RANDOM = Number(env.CHANLOG_CONFORMANCE_RANDOM ?? 2000);
const FIRST_SEED = Number(env.CHANLOG_CONFORMANCE_SEED ?? 100_000);
const WITH_CORPUS = env.CHANLOG_CONFORMANCE_CORPUS !== '0';
const KEEP = Number(env.CHANLOG_CONFORMANCE_KEEP ?? 25);
const JOBS = Math.max(1, Number(env.CHANLOG_CONFORMANCE_JOBS ?? 1));
const OUT = path.resolve(env.CHANLOG_CONFORMANCE_OUT ?? '.conformance');

interface BatchCase {
  name: string;
  files: () => ReadonlyMap<string, Buffer | string>;
}

it('conformance batch against the real Asterisk', async () => {
  if (process.getuid?.() !== 0) throw new Error('npm run conformance needs root: the oracle runs Asterisk in the sandbox chroot');
  const root = defaultSandboxRoot(env);
  const cases: BatchCase[] = [
    ...(WITH_CORPUS ? [...fixtureCases(), ...asteriskSampleCases(root)].map((c) => ({ name: c.name, files: () => c.files })) : []),
    ...Array.from({ length: RANDOM }, (_, i) => ({ name: `random/${FIRST_SEED + i}`, files: () => generateCase(FIRST_SEED + i).files })),
  ];
  const imported = await importChanlogDialplan();
  const api: ChanlogDialplanApi | undefined = 'api' in imported ? imported.api : undefined;
  fs.rmSync(path.join(OUT, 'cases'), { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });

  const oracles = Array.from({ length: JOBS }, (_, k) => new AsteriskOracle({ root, instance: `oracle-${process.pid}-${k}` }));
  const outcomes: Array<{ name: string; outcome?: CaseOutcome; error?: string }> = [];
  const started = Date.now();
  let next = 0;
  let kept = 0;
  try {
    await Promise.all(oracles.map((o) => o.start()));
    await Promise.all(
      oracles.map(async (oracle) => {
        for (let index = next++; index < cases.length; index = next++) {
          const c = cases[index]!;
          const files = c.files();
          try {
            const outcome = await runCase(oracle, api, files);
            outcomes[index] = { name: c.name, outcome };
            if (outcome.comparison && !outcome.comparison.identical && kept < KEEP) {
              kept++;
              writeCaseReport(path.join(OUT, 'cases', c.name.replace(/\//g, '_')), { name: c.name, files, oracle: outcome.oracle, chanlog: outcome.chanlog!, comparison: outcome.comparison });
            }
          } catch (err) {
            outcomes[index] = { name: c.name, error: err instanceof Error ? err.message : String(err) };
          }
          if ((index + 1) % 200 === 0) process.stdout.write(`conformance: ${index + 1}/${cases.length} files\n`);
        }
      }),
    );
  } finally {
    await Promise.all(oracles.map((o) => o.stop()));
  }

  const summary = summarise(outcomes, api ? undefined : 'missing' in imported ? imported.missing : '', (Date.now() - started) / 1000);
  fs.writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  fs.writeFileSync(path.join(OUT, 'summary.txt'), summary.text);
  process.stdout.write(`\n${summary.text}\n`);
  expect(summary.oracleErrors).toBe(0);
});

function summarise(outcomes: Array<{ name: string; outcome?: CaseOutcome; error?: string }>, parserMissing: string | undefined, seconds: number) {
  const done = outcomes.filter((o) => o.outcome).map((o) => ({ name: o.name, ...o.outcome! }));
  const compared = done.filter((o) => o.comparison);
  const count = (p: (o: (typeof compared)[number]) => boolean) => compared.filter(p).length;
  const pct = (n: number) => (compared.length ? `${((100 * n) / compared.length).toFixed(1)}%` : '-');
  const showOk = count((o) => o.comparison!.showEqual);
  const warnOk = count((o) => o.comparison!.warningsSequenceEqual);
  const warnSet = count((o) => o.comparison!.warningsMultisetEqual);
  const abortOk = count((o) => o.comparison!.abortedEqual);
  const identical = count((o) => o.comparison!.identical);
  const threw = count((o) => Boolean(o.chanlog?.error));
  const times = done.map((o) => o.oracle.elapsedMs);
  const sources = new Map<string, number>();
  for (const o of done) for (const w of o.oracle.warnings) sources.set(w.source, (sources.get(w.source) ?? 0) + 1);
  const errors = outcomes.filter((o) => o.error);
  const lines = [
    `files: ${outcomes.length} (${done.filter((o) => o.oracle.aborted).length} refused by Asterisk, ${done.filter((o) => o.oracle.crashedOnReplace).length} crashed it on replacement), ${seconds.toFixed(0)} s`,
    `oracle: mean ${(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)).toFixed(0)} ms per file, max ${Math.max(0, ...times)} ms; ${errors.length} oracle errors`,
    parserMissing !== undefined
      ? `chanlog: NOT COMPARED: ${parserMissing}`
      : [
          `compared: ${compared.length}`,
          `identical dialplan show: ${showOk} (${pct(showOk)})`,
          `identical warnings (sequence): ${warnOk} (${pct(warnOk)}); same warnings in any order: ${warnSet} (${pct(warnSet)})`,
          `same abort verdict: ${abortOk} (${pct(abortOk)})`,
          `identical in every respect: ${identical} (${pct(identical)}); chanlog threw: ${threw}`,
          `failing cases written: ${Math.min(KEEP, compared.length - identical)} under ${path.join(OUT, 'cases')}`,
        ].join('\n'),
    `warning sources seen (Asterisk): ${[...sources].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s}×${n}`).join(' ')}`,
    ...errors.slice(0, 10).map((e) => `oracle error on ${e.name}: ${e.error}`),
  ];
  return {
    files: outcomes.length,
    compared: compared.length,
    identicalShow: showOk,
    identicalWarnings: warnOk,
    sameWarningsAnyOrder: warnSet,
    sameAbort: abortOk,
    identical,
    chanlogThrew: threw,
    refusedByAsterisk: done.filter((o) => o.oracle.aborted).length,
    crashedOnReplace: done.filter((o) => o.oracle.crashedOnReplace).map((o) => o.name),
    oracleErrors: errors.length,
    failing: compared.filter((o) => !o.comparison!.identical).map((o) => o.name),
    text: lines.join('\n') + '\n',
  };
}
