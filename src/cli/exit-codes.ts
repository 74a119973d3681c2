import type { ErrorKind } from '../errors.js';

/**
 * The process's exit code for each kind of error library code reports: the
 * one place an error kind becomes an exit code. 0 is success; a command
 * that finishes may also return 1 for what it found (lint's errors, a
 * failed doctor check).
 */
export const EXIT_CODES: Readonly<Record<ErrorKind, number>> = {
  failure: 1,
  usage: 2,
};

/** Exit code for a command line the user got wrong (unknown option, bad value). */
export const EXIT_USAGE = EXIT_CODES.usage;

/** The shell's exit code for a command ended by Ctrl-C or SIGTERM (128 + the signal's number). */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}
