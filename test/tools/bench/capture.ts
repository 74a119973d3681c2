import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../../src/util/package-root.js';

/** The capture recorded from the sandbox Asterisk 22 (`npm run bench -- record FILE` makes a new one). */
export function fixtureCapturePath(): string {
  return path.join(packageRoot(), 'test', 'fixtures', 'ami', 'sandbox-22.10-load.ami');
}

/**
 * A large capture for the benchmark, made at run time from the small
 * recorded one (large files are not committed): its frames repeated until
 * `targetBytes`, with the channel names' unique suffix changed in each copy
 * so the copies read as other calls.
 */
export function buildLargeCapture(recorded: Buffer, targetBytes: number): Buffer {
  const text = recorded.toString('utf8');
  const end = text.lastIndexOf('\r\n\r\n');
  const frames = end < 0 ? '' : text.slice(0, end + 4);
  if (frames === '') throw new Error('the recorded capture holds no complete frame');
  const copies: Buffer[] = [];
  let size = 0;
  for (let copy = 0; size < targetBytes; copy++) {
    const suffix = copy.toString(16).padStart(4, '0');
    const piece = Buffer.from(frames.replace(/(@[A-Za-z0-9_-]+-)[0-9a-f]{4}([0-9a-f]{4};[12])/g, `$1${suffix}$2`));
    copies.push(piece);
    size += piece.length;
  }
  return Buffer.concat(copies);
}

/** Writes a capture to a temporary file and returns its path (for a child process to serve). */
export function writeTempCapture(bytes: Buffer, dir: string): string {
  const file = path.join(dir, 'capture.ami');
  fs.writeFileSync(file, bytes);
  return file;
}
