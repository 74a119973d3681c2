import fs from 'node:fs';

/**
 * Writes to stdout and resolves when the data is handed over, waiting for
 * 'drain' on a slow pipe. A reader that goes away (`| head`) is not an
 * error: the output simply ends.
 */
export async function writeStdout(chunks: Iterable<Buffer | string>): Promise<void> {
  const stdout = process.stdout;
  let closed = false;
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') closed = true;
    else throw err;
  };
  stdout.on('error', onError);
  try {
    for (const chunk of chunks) {
      if (closed) return;
      if (!stdout.write(chunk)) await new Promise<void>((resolve) => stdout.once('drain', resolve));
    }
  } finally {
    stdout.off('error', onError);
  }
}

/**
 * Writes to stdout at once (the chunk may be a reused buffer). A pipe that
 * is not ready (EAGAIN) is waited for; a reader that went away (EPIPE) ends
 * the output quietly. Returns false once the reader is gone.
 */
export function writeStdoutSync(chunk: Uint8Array): boolean {
  let offset = 0;
  while (offset < chunk.length) {
    try {
      offset += fs.writeSync(1, chunk, offset, chunk.length - offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return false;
      if (code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // the reader is slow: wait a moment
    }
  }
  return true;
}

/** How much output may wait for a slow reader before lines are dropped. */
const DEFAULT_QUEUE_BYTES = 4 * 1024 * 1024;

export interface BoundedWriterOptions {
  /** Bytes that may wait in the stream's buffer; beyond it new lines are dropped. */
  limitBytes?: number;
  /** Lines were dropped since the last report; called once the reader has caught up. */
  onDropped(count: number): void;
  /** The reader went away (EPIPE, or another write error): nothing more will be written. */
  onClosed(): void;
}

/**
 * A line writer for a stream that never grows memory without bound: the
 * stream's own buffer is the queue, and while it holds more than the limit
 * (the reader is slower than the lines come) new lines are dropped and
 * counted, reported once the reader catches up. A reader that goes away
 * (`| head`) closes it quietly.
 */
export class BoundedWriter {
  private dropped = 0;
  private isClosed = false;
  private readonly limitBytes: number;

  constructor(
    private readonly stream: NodeJS.WritableStream & { writableLength: number },
    private readonly options: BoundedWriterOptions,
  ) {
    this.limitBytes = options.limitBytes ?? DEFAULT_QUEUE_BYTES;
    // EPIPE is the usual one (`| head`); any other write error ends the output the same way.
    stream.on('error', () => this.close());
    stream.on('drain', () => this.reportDropped());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Writes one line (a newline is added), or drops it when the reader is too far behind. */
  line(text: string): void {
    if (this.isClosed) return;
    if (this.stream.writableLength >= this.limitBytes) {
      this.dropped++;
      return;
    }
    this.stream.write(`${text}\n`);
  }

  /** Reports lines dropped and not yet reported (at the end of the output). */
  reportDropped(): void {
    if (this.dropped === 0) return;
    const count = this.dropped;
    this.dropped = 0;
    this.options.onDropped(count);
  }

  private close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.options.onClosed();
  }
}
