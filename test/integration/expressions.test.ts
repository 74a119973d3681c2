import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsteriskOracle } from '../tools/oracle/oracle.js';
import { importChanlogDialplan, type ChanlogDialplanApi } from '../conformance/chanlog-side.js';
import { briefDiff } from '../conformance/compare.js';
import { expressionsFile, generateExpressions, splitResults } from '../conformance/generate-expressions.js';
import { runCase } from '../conformance/run-case.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

/**
 * The differential test of `$[...]`: generated expressions (a fixed seed,
 * test/conformance/generate-expressions.ts) go through the real Asterisk
 * and through chanlog, whole files compared as in the conformance test,
 * and each expression's value and log lines compared on their own for the
 * agreement figures printed at the end.
 *
 * CHANLOG_EXPRESSION_FILES (default 10) files of CHANLOG_EXPRESSION_COUNT
 * (default 100) expressions, from seed CHANLOG_EXPRESSION_SEED (default 1);
 * CHANLOG_EXPRESSION_TRANSCENDENTAL=1 adds LOG, LOG2, LOG10, EXP10, COS
 * and TAN (whose glibc results are not always correctly rounded).
 */
const FILES = Number(process.env.CHANLOG_EXPRESSION_FILES ?? 10);
const PER_FILE = Number(process.env.CHANLOG_EXPRESSION_COUNT ?? 100);
const FIRST_SEED = Number(process.env.CHANLOG_EXPRESSION_SEED ?? 1);
const TRANSCENDENTAL = process.env.CHANLOG_EXPRESSION_TRANSCENDENTAL === '1';

const totals = { expressions: 0, sameValue: 0, sameWarnings: 0, files: 0, identicalFiles: 0 };
const differences: string[] = [];

describe.skipIf(!sandbox)('generated expressions evaluate as in Asterisk 22', () => {
  const oracle = new AsteriskOracle({ root: sandbox?.root ?? '' });
  let api: ChanlogDialplanApi | undefined;

  beforeAll(async () => {
    await oracle.start();
    const imported = await importChanlogDialplan();
    if ('api' in imported) api = imported.api;
  }, 120_000);
  afterAll(async () => {
    await oracle.stop();
    process.stdout.write(
      `\nexpressions: ${totals.expressions} tried, ${totals.sameValue} identical values, ${totals.sameWarnings} identical log sequences; ` +
        `${totals.identicalFiles}/${totals.files} files identical\n${differences.slice(0, 20).join('\n')}\n`,
    );
  });

  it.for(Array.from({ length: FILES }, (_, i) => FIRST_SEED + i))('seed %i', async (seed) => {
    const expressions = generateExpressions(seed, PER_FILE, { transcendental: TRANSCENDENTAL });
    const outcome = await runCase(oracle, api, new Map([['extensions.conf', expressionsFile(expressions)]]));
    expect(api, 'chanlog dialplan module').toBeDefined();
    const { chanlog, comparison } = outcome;
    const asterisk = splitResults(expressions.length, outcome.oracle.show, comparison!.expectedWarnings);
    const ours = splitResults(expressions.length, chanlog!.show, chanlog!.warnings);
    expressions.forEach((e, i) => {
      totals.expressions++;
      const sameValue = asterisk[i]!.value === ours[i]!.value;
      const sameWarnings = JSON.stringify(asterisk[i]!.warnings) === JSON.stringify(ours[i]!.warnings);
      if (sameValue) totals.sameValue++;
      if (sameWarnings) totals.sameWarnings++;
      if (!sameValue || !sameWarnings) differences.push(JSON.stringify({ seed, expression: e, asterisk: asterisk[i], chanlog: ours[i] }));
    });
    totals.files++;
    if (comparison!.identical) totals.identicalFiles++;
    expect(comparison!.showEqual, `dialplan show differs (- Asterisk, + chanlog):\n${briefDiff(outcome.oracle.show, chanlog!.show)}`).toBe(true);
    expect(chanlog!.warnings).toEqual(comparison!.expectedWarnings);
  });
});
