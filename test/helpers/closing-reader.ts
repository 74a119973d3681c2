import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { CLI } from './cli.js';

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Bytes read before closing. */
  read: number;
}

/** Only what turns a hang into a failed test instead of a stuck run; not a timing assertion. */
const HANG_GUARD_MS = 60_000;

/**
 * Runs the real CLI with its stdout on a pipe whose reading end is closed,
 * either at once (before anything is written) or after the first chunk (as
 * `head` does), and reports how the command ended.
 */
export function runClosingEarly(args: string[], when: 'at-once' | 'after-first-chunk', env: NodeJS.ProcessEnv = {}): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    let read = 0;
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    if (when === 'at-once') child.stdout.destroy();
    else
      child.stdout.once('data', (chunk: Buffer) => {
        read = chunk.length;
        child.stdout.destroy();
      });
    const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stderr, read });
    });
  });
}

/** The command ended by itself, with `code`, and wrote no stack trace or EPIPE message. */
export function expectQuiet(ended: Ended, code: number): void {
  expect(ended.signal, 'the command was killed: it did not end by itself').toBeNull();
  expect(ended.code, ended.stderr).toBe(code);
  expect(ended.stderr).not.toMatch(/EPIPE|\n\s+at |unexpected error|Error:/);
}
