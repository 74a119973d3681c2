import { usageError } from '../errors.js';
import { globToRegExp } from './glob.js';

/**
 * A name pattern typed by a user: `/regex/flags` is a regular expression
 * (searched, not anchored); anything else is a glob matched against the
 * whole name (`PJSIP/10*`, `Local/7002@*`).
 */
export function parseNamePattern(text: string, what: string): RegExp {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (!regex) return globToRegExp(text);
  return compileRegExp(regex[1]!, regex[2]!, what);
}

/** A regular expression from the command line, refused with a clear message when it does not compile. */
export function compileRegExp(source: string, flags: string, what: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw usageError(`${what}: not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`);
  }
}
