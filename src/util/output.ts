import fs from 'node:fs';

/**
 * Writes to stdout and resolves when the data is handed over, waiting for
 * 'drain' on a slow pipe. A reader that goes away (`| head`) is not an
 * error: the output simply ends. A closed stream never emits 'drain', so
 * the wait also ends on 'error' and 'close'.
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
      if (closed || stdout.destroyed) return;
      if (!stdout.write(chunk)) await writable(stdout);
    }
  } finally {
    stdout.off('error', onError);
  }
}

/** Resolves on 'drain', or when the stream fails or closes (then no 'drain' will come). */
function writable(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      stream.off('drain', settle).off('error', settle).off('close', settle);
      resolve();
    };
    stream.on('drain', settle).on('error', settle).on('close', settle);
  });
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
