import { EXIT_CODES } from './exit-codes.js';

/**
 * What a closed stdout means for a command-line tool: the reader has what it
 * wanted (`chanlog lint x.conf | head -3`), so the command ends quietly, with
 * the exit code it has set so far (0 if none), never a stack trace and never
 * a hang. Without this, a write after the reader left raises an unhandled
 * EPIPE 'error' (a stack trace), and a streaming command (`tail`, `start`)
 * would go on writing into nothing.
 *
 * The exit waits for setImmediate so that a one-shot command whose own
 * writer saw the same error (writeStdout) sets its exit code first: promise
 * continuations run before it. Any other output failure (a full disk) is
 * one line on stderr and exit code 1.
 */
export function endQuietlyOnClosedStdout(): void {
  let ending = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (ending) return;
    ending = true;
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') {
      process.stderr.write(`chanlog: cannot write the output: ${err.message}\n`);
      process.exitCode = EXIT_CODES.failure;
    }
    setImmediate(() => process.exit(process.exitCode ?? 0));
  });
  // Nobody may be left to read a message on stderr either; the exit code still tells.
  process.stderr.on('error', () => {});
}
