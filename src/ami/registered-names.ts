import type { RegisteredNames } from '../dialplan/index.js';
import type { AmiClient } from './client.js';
import { AmiError } from './errors.js';
import { getHeader } from './frame.js';
import { grantedBy, type ActionName } from './privileges.js';

/** What `chanlog lint --ami` learns from one server; each half says why when it could not be read. */
export interface ServerReading {
  /** CoreSettings' AsteriskVersion as the server sent it (untrusted text: print it escaped). */
  version: { text: string } | { unread: string };
  /** The applications and functions it has registered. */
  names: { registered: Omit<RegisteredNames, 'server'> } | { unread: string };
}

/**
 * Reads the server's version (CoreSettings) and the applications and
 * functions it has registered (`core show applications` and `core show
 * functions` over the Command action, the only way AMI offers). A refused
 * action (a manager user without the class) or output that is not the
 * listing Asterisk prints leaves that half unread, with the reason; a lost
 * connection or a timeout fails the whole reading.
 */
export async function readServerNames(client: AmiClient): Promise<ServerReading> {
  return { version: await readVersion(client), names: await readNames(client) };
}

/** A refusal becomes the reason a half is unread; anything else (connection, timeout) is thrown on. */
function refusalReason(err: unknown, action: ActionName): string {
  if (!(err instanceof AmiError) || err.kind !== 'refused') throw err;
  const denied = /permission denied/i.test(err.asteriskMessage ?? '');
  return denied ? `the manager user may not send ${action} (it needs ${grantedBy(action)})` : `${action} was refused: ${err.asteriskMessage ?? err.message}`;
}

async function readVersion(client: AmiClient): Promise<ServerReading['version']> {
  try {
    const text = getHeader(await client.action('CoreSettings'), 'asteriskversion');
    return text ? { text } : { unread: 'CoreSettings did not say (no AsteriskVersion)' };
  } catch (err) {
    return { unread: refusalReason(err, 'CoreSettings') };
  }
}

async function readNames(client: AmiClient): Promise<ServerReading['names']> {
  let applications: string[];
  let functions: { names: string[]; prefixes: string[] };
  try {
    applications = parseApplicationList(await client.command('core show applications'));
    functions = parseFunctionList(await client.command('core show functions'));
  } catch (err) {
    if (err instanceof ListingError) return { unread: err.message };
    return { unread: refusalReason(err, 'Command') };
  }
  return { registered: { applications, functions: functions.names, functionPrefixes: functions.prefixes } };
}

/** Output that is not the listing Asterisk prints: the names are not trusted as the truth then. */
export class ListingError extends Error {}

/** Width of the name column of `core show applications` (`"  %20s: %s"`, main/pbx_app.c). */
const APPLICATION_COLUMN = 20;
/** Width of the name column of `core show functions` (`"%-20.20s  ..."`, main/pbx_functions.c): longer names are cut. */
const FUNCTION_COLUMN = 20;

/**
 * The names of `core show applications` (the same text on Asterisk 16 to
 * 22): a header, one `  %20s: synopsis` line per application, and a footer
 * that counts them. A line of any other shape (a synopsis running onto a
 * second line) is skipped; the count must match, or the listing is not
 * trusted at all (a partial list would make loaded names look missing).
 */
export function parseApplicationList(lines: readonly string[]): string[] {
  if (lines.length === 1 && lines[0]!.trim() === 'There are no registered applications') return [];
  const start = lines.findIndex((line) => line.trim() === '-= Registered Asterisk Applications =-');
  if (start < 0) throw new ListingError('`core show applications` did not print its header');
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const footer = /^-= (\d+) Applications Registered =-$/.exec(line.trim());
    if (footer) return counted(names, Number(footer[1]), 'core show applications');
    const entry = /^ {2}( *)(\S+): /.exec(line);
    if (entry && entry[1]!.length === Math.max(0, APPLICATION_COLUMN - entry[2]!.length)) names.push(entry[2]!);
  }
  throw new ListingError('`core show applications` did not print its count');
}

/**
 * The names of `core show functions`: `Installed Custom Functions:`, a rule,
 * one `%-20.20s  %-35.35s  %s` line per function, and a count. A name that
 * fills its column may have been cut: it is also returned as a prefix.
 */
export function parseFunctionList(lines: readonly string[]): { names: string[]; prefixes: string[] } {
  const start = lines.findIndex((line) => line.trim() === 'Installed Custom Functions:');
  if (start < 0) throw new ListingError('`core show functions` did not print its header');
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const footer = /^(\d+) custom functions installed\.$/.exec(line.trim());
    if (footer) {
      counted(names, Number(footer[1]), 'core show functions');
      return { names, prefixes: names.filter((name) => name.length === FUNCTION_COLUMN) };
    }
    const name = line.slice(0, FUNCTION_COLUMN).trimEnd();
    if (/^\S+$/.test(name) && line.slice(FUNCTION_COLUMN, FUNCTION_COLUMN + 2) === '  ') names.push(name);
  }
  throw new ListingError('`core show functions` did not print its count');
}

function counted(names: string[], count: number, command: string): string[] {
  if (count !== names.length) throw new ListingError(`\`${command}\` counts ${count} names, but ${names.length} could be read`);
  return names;
}

/** The major version in CoreSettings' AsteriskVersion (`22.10.1+dfsg...`, `certified/18.9-cert7`), if it has one. */
export function majorOf(version: string): number | undefined {
  const major = /^(?:certified[/-])?(\d+)\./.exec(version.trim())?.[1];
  return major === undefined ? undefined : Number(major);
}
