import { checkChannelName, checkLevel, FAMILY, levelKey, scopeOfKey, type LevelScope } from '../chanlog/keys.js';
import type { AmiClient } from './client.js';
import { AmiError } from './errors.js';
import { asDbGetResponse, asDbGetTreeResponse } from './events.js';

export interface StoredLevel {
  /** The AstDB key under the ChanLog family: `all` or `channel/<name>`. */
  key: string;
  value: string;
}

/** Refuses a scope whose name could not be a channel or device, before anything reaches AMI. */
export function checkScope(scope: LevelScope): void {
  if (scope.kind === 'all') return;
  const problem = checkChannelName(scope.name, scope.kind);
  if (problem) throw new AmiError(problem, 'input');
}

/** Writes a level and reads it back; resolves with the stored value once confirmed. */
export async function setLevel(client: AmiClient, scope: LevelScope, level: string): Promise<string> {
  checkScope(scope);
  const problem = checkLevel(level);
  if (problem) throw new AmiError(problem, 'input');
  const { family, key } = levelKey(scope);
  await client.action('DBPut', { Family: family, Key: key, Val: String(Number(level)) });
  const stored = await getLevel(client, scope);
  if (stored !== String(Number(level))) {
    throw new AmiError(`wrote ${family}/${key} = ${level} but read back ${stored ?? 'nothing'}`, 'refused');
  }
  return stored;
}

/** The stored level, or undefined when the key is not set. */
export async function getLevel(client: AmiClient, scope: LevelScope): Promise<string | undefined> {
  checkScope(scope);
  const { family, key } = levelKey(scope);
  try {
    const result = await client.list('DBGet', { Family: family, Key: key });
    const answer = result.events.map(asDbGetResponse).find((e) => e !== undefined);
    return answer?.value;
  } catch (err) {
    if (err instanceof AmiError && err.kind === 'refused' && /not found/i.test(err.message)) return undefined;
    throw err;
  }
}

/** Removes a level; resolves true if it was set. Confirms by reading back. */
export async function clearLevel(client: AmiClient, scope: LevelScope): Promise<boolean> {
  checkScope(scope);
  const { family, key } = levelKey(scope);
  const before = await getLevel(client, scope);
  if (before === undefined) return false;
  await client.action('DBDel', { Family: family, Key: key });
  if ((await getLevel(client, scope)) !== undefined) throw new AmiError(`${family}/${key} is still set after DBDel`, 'refused');
  return true;
}

/**
 * Every stored ChanLog key. Uses DBGetTree where Asterisk has it (16.28+,
 * 18.14+, 19.6+) and falls back to the CLI `database show` elsewhere.
 */
export async function listLevels(client: AmiClient): Promise<StoredLevel[]> {
  let levels: StoredLevel[];
  try {
    const result = await client.list('DBGetTree', { Family: FAMILY });
    levels = result.events.flatMap((frame) => {
      const entry = asDbGetTreeResponse(frame);
      return entry ? [{ key: stripFamily(entry.key), value: entry.value }] : [];
    });
  } catch (err) {
    if (!(err instanceof AmiError) || err.kind !== 'refused') throw err;
    if (/not found|no entries/i.test(err.message)) return [];
    levels = await listLevelsByCli(client);
  }
  // DBGetTree's prefix match treats _ and % as wildcards; keep only our family's keys.
  return levels.filter((l) => scopeOfKey(l.key) !== undefined).sort((a, b) => a.key.localeCompare(b.key));
}

async function listLevelsByCli(client: AmiClient): Promise<StoredLevel[]> {
  const lines = await client.command(`database show ${FAMILY}`);
  const levels: StoredLevel[] = [];
  for (const line of lines) {
    const match = /^(\/\S+)\s*:\s?(.*)$/.exec(line);
    if (match && match[1]!.startsWith(`/${FAMILY}/`)) levels.push({ key: stripFamily(match[1]!), value: match[2]!.trimEnd() });
  }
  return levels;
}

function stripFamily(key: string): string {
  return key.replace(new RegExp(`^/?${FAMILY}/`), '');
}
