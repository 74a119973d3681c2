import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAsterisk, type FakeAsterisk } from '../../src/bench/fake-asterisk.js';
import { CLI } from '../helpers/cli.js';

/**
 * `chanlog ... | head`: the reader goes away while chanlog still has output.
 * Each case runs the real CLI with its stdout on a pipe whose reading end
 * this test closes, either at once (before anything is written) or after
 * the first chunk (as `head` does), and expects the command to end by
 * itself, quietly, with its own exit code.
 */
interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Bytes read before closing. */
  read: number;
}

/** Bigger than a pipe's buffer: the writer must notice the reader left. */
const HANG_GUARD_MS = 60_000;

function runClosingEarly(args: string[], when: 'at-once' | 'after-first-chunk'): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = 0;
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    if (when === 'at-once') child.stdout.destroy();
    else
      child.stdout.once('data', (chunk: Buffer) => {
        read = chunk.length;
        child.stdout.destroy();
      });
    // Not a timing assertion: only what turns a hang into a failed test instead of a stuck run.
    const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stderr, read });
    });
  });
}

function expectQuiet(ended: Ended, code: number): void {
  expect(ended.signal, 'the command was killed: it did not end by itself').toBeNull();
  expect(ended.code, ended.stderr).toBe(code);
  expect(ended.stderr).not.toMatch(/EPIPE|\n\s+at |unexpected error|Error:/);
}

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

describe('a closed stdout ends the command quietly', () => {
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

describe('a closed stdout ends a streaming command', () => {
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
