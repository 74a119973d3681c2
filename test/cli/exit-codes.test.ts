import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { ChanlogError, usageError } from '../../src/errors.js';
import { AmiError } from '../../src/ami/errors.js';

const src = path.resolve(import.meta.dirname, '../../src');

/**
 * Places outside src/cli/ allowed to end the process with a code of their
 * own, each with why. The chroot build, on Ctrl-C or SIGTERM, must remove
 * its half-built tree and end at once with the shell's code for the signal
 * (no error message: the user asked it to stop), before the build's
 * promise chain could report anything.
 */
const ALLOWED: Record<string, string[]> = {
  'sandbox/chroot.ts': ["process.exit(signal === 'SIGINT' ? 130 : 143);"],
};

/** Every line of src/ outside cli/ that names an exit code: `exitCode`, `process.exit`, `EXIT_...`. */
function exitCodeLines(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const name of fs.readdirSync(src, { recursive: true }) as string[]) {
    if (!name.endsWith('.ts') || name.startsWith(`cli${path.sep}`)) continue;
    const lines = fs
      .readFileSync(path.join(src, name), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /\bexitCode\b|\bprocess\.exit\b|\bEXIT_[A-Z]/.test(line));
    if (lines.length > 0) found.set(name.split(path.sep).join('/'), lines);
  }
  return found;
}

describe('exit codes', () => {
  it('are chosen only in src/cli/: library code reports an error kind', () => {
    expect(Object.fromEntries(exitCodeLines())).toEqual(ALLOWED);
  });

  it('come from one table, kind by kind', () => {
    expect(EXIT_CODES).toEqual({ failure: 1, usage: 2 });
    expect(new ChanlogError('x').errorKind).toBe('failure');
    expect(usageError('x').errorKind).toBe('usage');
    expect(new AmiError('x', 'input').errorKind).toBe('usage');
    for (const kind of ['connection', 'auth', 'timeout', 'refused', 'closed'] as const) expect(new AmiError('x', kind).errorKind).toBe('failure');
  });
});
