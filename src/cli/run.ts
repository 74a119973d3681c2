import { CommanderError } from 'commander';
import { ChanlogError, EXIT_USAGE } from '../errors.js';
import { redactUrl } from '../ami/url.js';

/**
 * Runs a command's action and turns any failure into a message on stderr
 * and an exit code: a ChanlogError as written, anything else as one line
 * (the stack only with CHANLOG_DEBUG=1), never a raw stack trace.
 */
export function reportFailure(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander has printed its own message (or the help) already.
    return err.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (err instanceof ChanlogError) {
    process.stderr.write(`chanlog: ${err.message}\n`);
    for (const line of err.details) process.stderr.write(`  ${line}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`chanlog: unexpected error: ${redactUrl(message)}\n`);
  if (process.env.CHANLOG_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('  (set CHANLOG_DEBUG=1 for details)\n');
  return 1;
}

/** Wraps an async command action so its failure sets the exit code instead of throwing. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      process.exitCode = reportFailure(err);
    }
  };
}
