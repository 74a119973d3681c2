/**
 * The names `chanlog generate` writes into a dialplan, checked before
 * anything is written: each must be something Asterisk accepts as it is and
 * that cannot change the meaning of the line it lands in.
 */

/** Asterisk's AST_MAX_CONTEXT is 80 bytes with the terminating NUL. */
export const MAX_CONTEXT_LENGTH = 79;
/** AstDB keys are `/family/key` strings; a family this long leaves room for the channel names after it. */
export const MAX_FAMILY_LENGTH = 79;

/** Letters, digits and `_ - .`: nothing a config line, an expression, a function argument or a key path would read specially. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]+$/;

/** extensions.conf sections that are not contexts. */
const RESERVED_SECTIONS = new Set(['general', 'globals']);

function checkPlainName(text: string, what: string, max: number): string | undefined {
  if (text.length === 0) return `${what} must not be empty`;
  if (text.length > max) return `${what} must be at most ${max} characters, not ${text.length}`;
  if (!PLAIN_NAME.test(text)) {
    return `${what} ${JSON.stringify(text)} may hold only letters, digits, "_", "-" and "." (no spaces, brackets, commas or "/")`;
  }
  return undefined;
}

export function checkContextName(name: string): string | undefined {
  const problem = checkPlainName(name, 'context name', MAX_CONTEXT_LENGTH);
  if (problem) return problem;
  if (RESERVED_SECTIONS.has(name.toLowerCase())) return `context name ${JSON.stringify(name)} is reserved: extensions.conf reads [${name}] as settings, not a context`;
  return undefined;
}

export function checkFamilyName(name: string): string | undefined {
  return checkPlainName(name, 'AstDB family', MAX_FAMILY_LENGTH);
}

/** Verbose() levels that `core set verbose` shows; 0 prints on every console. */
export const VERBOSE_LEVEL_MAX = 4;

export function checkVerboseLevel(text: string): string | undefined {
  if (!/^[0-9]$/.test(text) || Number(text) > VERBOSE_LEVEL_MAX) return `verbose level must be a whole number from 0 to ${VERBOSE_LEVEL_MAX}, not ${JSON.stringify(text)}`;
  return undefined;
}

/** Feature-code prefixes are what a phone can dial: digits, `*` and `#`. */
export function checkFeaturePrefix(text: string): string | undefined {
  if (!/^[0-9*#]{1,10}$/.test(text)) return `prefix must be 1 to 10 of the keys 0-9, * and # (e.g. *58), not ${JSON.stringify(text)}`;
  return undefined;
}

/** A comma-separated list of channel technologies as channel names start (`PJSIP`, `SIP`, `IAX2`, `Local`). */
export function checkTechnologies(text: string): string | undefined {
  const names = text.split(',');
  const bad = names.find((name) => !/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(name));
  if (bad !== undefined) return `technologies must be channel technology names separated by commas (e.g. PJSIP,SIP), not ${JSON.stringify(text)}`;
  return undefined;
}
