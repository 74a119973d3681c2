/**
 * What kind of failure an error reports. Library code says which; only
 * src/cli/ turns a kind into an exit code (src/cli/exit-codes.ts).
 * - `usage`: what the user gave is wrong (an option, a value, a file named
 *   on the command line or in a config that cannot be used as asked).
 * - `failure`: the work itself failed (Asterisk refused, a connection or
 *   the sandbox failed, a file Asterisk would refuse to load).
 */
export type ErrorKind = 'usage' | 'failure';

/**
 * An error meant for the person at the keyboard: its message is complete and
 * readable on its own, so the CLI prints it without a stack trace.
 */
export class ChanlogError extends Error {
  readonly errorKind: ErrorKind;
  /** Extra lines shown under the message (a log tail, a hint). */
  readonly details: string[];

  constructor(message: string, options: { errorKind?: ErrorKind; details?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ChanlogError';
    this.errorKind = options.errorKind ?? 'failure';
    this.details = options.details ?? [];
  }
}

/** A ChanlogError for input the user got wrong (unknown option, bad value). */
export function usageError(message: string, options: { details?: string[] } = {}): ChanlogError {
  return new ChanlogError(message, { ...options, errorKind: 'usage' });
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
