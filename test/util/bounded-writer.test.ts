import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BoundedWriter } from '../../src/util/output.js';

/** A reader that takes one chunk every `delayMs`, like a slow consumer at the end of a pipe. */
function slowReader(delayMs: number) {
  const received: string[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk.toString());
      setTimeout(callback, delayMs);
    },
  });
  return { stream, received };
}

describe('BoundedWriter', () => {
  it('passes every line to a reader that keeps up', async () => {
    const { stream, received } = slowReader(0);
    const dropped: number[] = [];
    const out = new BoundedWriter(stream, { limitBytes: 10_000, onDropped: (n) => dropped.push(n), onClosed: () => {} });
    for (let i = 0; i < 100; i++) {
      out.line(`line ${i}`);
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => stream.end(r));
    expect(received.join('')).toBe(Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join(''));
    expect(dropped).toEqual([]);
  });

  it('drops and counts lines beyond the limit while the reader is behind, then reports them once it catches up', async () => {
    const { stream, received } = slowReader(2);
    const dropped: number[] = [];
    const out = new BoundedWriter(stream, { limitBytes: 4_000, onDropped: (n) => dropped.push(n), onClosed: () => {} });
    const line = 'x'.repeat(99);
    for (let i = 0; i < 10_000; i++) out.line(line);
    // Memory stays bounded: what waits is about the limit, not 10,000 lines.
    expect(stream.writableLength).toBeLessThanOrEqual(4_000 + 100);
    await new Promise<void>((resolve) => stream.once('drain', () => setImmediate(resolve)));
    const total = dropped.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(9_000);
    expect(received.join('').length / 100 + total).toBe(10_000);
    for (const chunk of received) expect(chunk).toBe(`${line}\n`);
  });

  it('closes quietly when the reader goes away', async () => {
    // A real pipe: the child reads one line and exits, like `| head -1`.
    const child = spawn(process.execPath, ['-e', 'process.stdin.once("data", () => process.exit(0))'], { stdio: ['pipe', 'ignore', 'ignore'] });
    let closed = 0;
    const out = new BoundedWriter(child.stdin, { onDropped: () => {}, onClosed: () => closed++ });
    const exited = new Promise((r) => child.on('exit', r));
    out.line('the one line it reads');
    await exited;
    for (let i = 0; i < 1000 && !out.closed; i++) {
      out.line('after the reader left');
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(out.closed).toBe(true);
    expect(closed).toBe(1);
  });
});
