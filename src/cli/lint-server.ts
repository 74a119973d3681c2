import { withClients } from '../ami/connection.js';
import { majorOf, readServerNames, type ServerReading } from '../ami/registered-names.js';
import { usageError } from '../errors.js';
import { ASTERISK_MAJORS, type AsteriskVersion, type RegisteredNames } from '../dialplan/index.js';
import { terminalSafe } from '../util/safe-text.js';
import { connectionTargets, ONE_SHOT, type ConnectionFlags } from './ami-options.js';

/** What `chanlog lint --ami` learnt from its server. */
export interface LintServer {
  name: string;
  reading: ServerReading;
  /** The lint version the server's own version maps to, when it was read. */
  asterisk?: AsteriskVersion;
  registered?: RegisteredNames;
}

/**
 * Whether a connection option was given. Only then does lint talk to a
 * server: CHANLOG_AMI_URL or a config file alone do not make it, so a lint
 * run in CI gives the same output wherever it runs.
 */
export function wantsServer(flags: ConnectionFlags): boolean {
  return [flags.ami, flags.server, flags.managerConf, flags.user, flags.amiCa, flags.amiFingerprint].some((flag) => flag !== undefined);
}

/** Connects to the one server the connection options name and reads its version and registered names. */
export async function readLintServer(flags: ConnectionFlags): Promise<LintServer> {
  const targets = connectionTargets(flags);
  if (targets.length !== 1) {
    throw usageError(`lint checks against one server, and ${targets.length} are chosen (${targets.map((t) => t.name).join(', ')}): name one with --server NAME or a single --ami`);
  }
  const name = targets[0]!.name;
  const reading = await withClients(targets, ONE_SHOT, ([client]) => readServerNames(client!));
  const major = 'text' in reading.version ? majorOf(reading.version.text) : undefined;
  return {
    name,
    reading,
    ...(major !== undefined ? { asterisk: nearestKnown(major) } : {}),
    ...('registered' in reading.names ? { registered: { server: name, ...reading.names.registered } } : {}),
  };
}

/** The newest version chanlog has tables for that is not newer than `major` (the oldest one below them all). */
function nearestKnown(major: number): AsteriskVersion {
  const atOrBelow = ASTERISK_MAJORS.filter((known) => Number(known) <= major);
  return atOrBelow.at(-1) ?? ASTERISK_MAJORS[0]!;
}

/** The versions lint was given besides the server's: `--asterisk`, and the lint config's `asterisk =`. */
export interface GivenVersions {
  explicit?: AsteriskVersion;
  configured?: AsteriskVersion;
}

/**
 * The version to lint for: `--asterisk` wins (the admin said so), then the
 * server's own, then the lint config's, then the default.
 */
export function chooseVersion(server: LintServer | undefined, given: GivenVersions, fallback: AsteriskVersion): AsteriskVersion {
  return given.explicit ?? server?.asterisk ?? given.configured ?? fallback;
}

/**
 * What the admin should know about the server's part in this run: what was
 * read, what could not be and what is used instead, and where the version
 * chosen differs from the server's. Text from the server is escaped.
 */
export function serverNotes(server: LintServer, asterisk: AsteriskVersion, given: GivenVersions): string[] {
  const { name, reading } = server;
  const notes: string[] = [];
  if ('unread' in reading.version) {
    notes.push(`${name}: its Asterisk version was not read (${reading.version.unread}); linting for Asterisk ${asterisk}`);
  } else {
    const runs = `${name} runs Asterisk ${reading.version.text}`;
    if (server.asterisk === undefined) notes.push(`${runs}, which names no major version chanlog reads; linting for Asterisk ${asterisk}`);
    else if (given.explicit !== undefined && given.explicit !== server.asterisk) notes.push(`${runs}; --asterisk ${asterisk} chooses the version rules`);
    else if (String(majorOf(reading.version.text)) !== server.asterisk) notes.push(`${runs}; chanlog has the tables of ${ASTERISK_MAJORS.join(', ')}: linting with ${asterisk}'s`);
    else notes.push(`${runs}: linting for Asterisk ${asterisk}`);
    if (given.explicit === undefined && given.configured !== undefined && given.configured !== server.asterisk) {
      notes.push(`the lint config's asterisk = ${given.configured} gives way to the version ${name} runs`);
    }
  }
  if ('unread' in reading.names) {
    notes.push(`${name}: its registered applications and functions were not read (${reading.names.unread}); checking against what Asterisk ${asterisk} documents instead`);
  } else {
    const { applications, functions } = reading.names.registered;
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    notes.push(`${name}: its ${count(applications.length, 'registered application')} and ${count(functions.length, 'function')} decide which exist`);
  }
  return notes.map((note) => `note: ${terminalSafe(note)}\n`);
}
