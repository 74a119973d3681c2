/**
 * An error meant for the person at the keyboard: its message is complete and
 * readable on its own, so the CLI prints it without a stack trace and exits
 * with `exitCode`.
 */
export class ChanlogError extends Error {
  readonly exitCode: number;
  /** Extra lines shown under the message (a log tail, a hint). */
  readonly details: string[];

  constructor(message: string, options: { exitCode?: number; details?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ChanlogError';
    this.exitCode = options.exitCode ?? 1;
    this.details = options.details ?? [];
  }
}

/** Exit code for a command line the user got wrong (unknown option, bad value). */
export const EXIT_USAGE = 2;

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
