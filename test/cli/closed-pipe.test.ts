import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAsterisk, type FakeAsterisk } from '../../src/bench/fake-asterisk.js';
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

describe('a closed stdout ends a streaming command', { timeout: 120_000 }, () => {
  let fake: FakeAsterisk | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('tail stops when its reader goes away, with exit 0', async () => {
    // A recorded session in which calls log through the routine; the server then stays open and silent.
    const capture = fs.readFileSync(new URL('../fixtures/ami/sandbox-22.10-load.ami', import.meta.url));
    fake = await startFakeAsterisk({ secret: 's', capture });
    const ended = await runClosingEarly(['tail', '--ami', `ami://u:s@127.0.0.1:${fake.port}`], 'at-once');
    expectQuiet(ended, 0);
  });
});
