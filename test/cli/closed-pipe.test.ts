import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectQuiet, runClosingEarly } from '../helpers/closing-reader.js';

/**
 * `chanlog ... | head`: the reader goes away while chanlog still has output.
 * Each case closes the reading end at once or after the first chunk and
 * expects the command to end by itself, quietly, with its own exit code.
 */
let dir: string;
let warnings: string;
let errors: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-pipe-'));
  // About 3,000 diagnostics and several hundred KB of output: far more than a pipe holds.
  const unknownApps = ['[c]', ...Array.from({ length: 3000 }, (_, i) => `exten => ${1000 + i},1,Foo(x)\n same => n,Hangup()`)];
  warnings = path.join(dir, 'warnings.conf');
  fs.writeFileSync(warnings, unknownApps.join('\n') + '\n');
  const badGotos = ['[c]', ...Array.from({ length: 3000 }, (_, i) => `exten => ${1000 + i},1,Goto(nowhere,s,1)`)];
  errors = path.join(dir, 'errors.conf');
  fs.writeFileSync(errors, badGotos.join('\n') + '\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each case starts the CLI once or twice; on a busy machine that is more than the default 5 s.
describe('a closed stdout ends the command quietly', { timeout: 120_000 }, () => {
  it.each(['at-once', 'after-first-chunk'] as const)('lint with warnings only: exit 0 (reader closed %s)', async (when) => {
    expectQuiet(await runClosingEarly(['lint', warnings], when), 0);
  });

  it('lint keeps its failure code when the file has errors', async () => {
    const ended = await runClosingEarly(['lint', errors], 'after-first-chunk');
    expect(ended.read).toBeGreaterThan(0);
    expectQuiet(ended, 1);
  });

  it.each([
    ['lint --list', ['lint', '--list']],
    ['lint --json', ['lint', '--json', 'WARNINGS']],
    ['show', ['show', 'WARNINGS']],
    ['show --json', ['show', '--json', 'WARNINGS']],
    ['generate', ['generate']],
  ])('%s: exit 0', async (_name, args) => {
    const resolved = args.map((a) => (a === 'WARNINGS' ? warnings : a));
    expectQuiet(await runClosingEarly(resolved, 'at-once'), 0);
    expectQuiet(await runClosingEarly(resolved, 'after-first-chunk'), 0);
  });
});

// tail with a reader that goes away is tested with real lines on the sandbox (test/integration/tail-output.test.ts):
// the recorded capture here predates the routine's UserEvent, so the feed accepts none of its lines.
