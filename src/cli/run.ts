import { CommanderError } from 'commander';
import { ChanlogError } from '../errors.js';
import { redactSecrets } from '../ami/url.js';
import { EXIT_CODES, EXIT_USAGE, exitCodeForSignal } from './exit-codes.js';

/** How long a finished command may take to let go of the process before it is ended anyway. */
const EXIT_GRACE_MS = 500;

/**
 * Runs a command's action and turns any failure into a message on stderr
 * and an exit code: a ChanlogError as written, with its kind's exit code;
 * anything else as one line, a failure (the stack only with
 * CHANLOG_DEBUG=1), never a raw stack trace. Every
 * line goes through redactSecrets: no AMI secret is printed, whatever
 * the message quotes.
 */
export function reportFailure(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander has printed its own message (or the help) already.
    return err.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (err instanceof ChanlogError) {
    process.stderr.write(redactSecrets(`chanlog: ${err.message}\n`));
    for (const line of err.details) process.stderr.write(redactSecrets(`  ${line}\n`));
    return EXIT_CODES[err.errorKind];
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(redactSecrets(`chanlog: unexpected error: ${message}\n`));
  if (process.env.CHANLOG_DEBUG && err instanceof Error && err.stack) process.stderr.write(redactSecrets(`${err.stack}\n`));
  else process.stderr.write('  (set CHANLOG_DEBUG=1 for details)\n');
  return EXIT_CODES.failure;
}

/**
 * Wraps an async command action so its failure sets the exit code instead
 * of throwing. Once the action has finished, the process ends within
 * EXIT_GRACE_MS whatever is still open: a command has reported, and no
 * socket or timer a misbehaving server left behind may keep it running.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      process.exitCode = reportFailure(err);
    }
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  };
}

/**
 * Ctrl-C (and SIGTERM), installed once for every command. A command that
 * stops gracefully on it has its own listener (`tail` ends its stream with
 * exit 0); otherwise, and on a second Ctrl-C in any case, the process ends
 * at once, connecting or not, with the shell's code for the signal.
 */
export function installInterruptHandling(): void {
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    const commandHandles = process.listenerCount(signal) > 1;
    if (commandHandles && interrupts === 1) return;
    process.exit(exitCodeForSignal(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
