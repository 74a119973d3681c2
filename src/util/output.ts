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
