import { checkChannelName, checkLevel, checkLinkedid, FAMILY, keyInFamily, keyPath, levelKey, scopeOfKey, type LevelScope } from '../chanlog/keys.js';
import { chooseFamily, findRoutines, type DialplanStep, type FamilyChoice, type FoundRoutine } from '../chanlog/discover.js';
import { ROUTINE_CONTEXT } from '../chanlog/routine.js';
import type { AmiClient } from './client.js';
import { AmiError, isRefusal } from './errors.js';
import { asDbGetResponse, asDbGetTreeResponse } from './events.js';
import { getHeader, type AmiFrame } from './frame.js';

export interface StoredLevel {
  /** The AstDB key under the family: `all`, `channel/<name>` or `call/<linkedid>`. */
  key: string;
  value: string;
}

export interface LevelRequest {
  scope: LevelScope;
  /** For `set`: the level text, already checked. */
  level?: string;
}

/**
 * Reads `all [LEVEL]`, `device NAME [LEVEL]`, `channel NAME [LEVEL]` or `call LINKEDID [LEVEL]` as
 * typed after `chanlog level set|get|clear`, and checks every part, so a bad
 * name or level is refused before any connection is made.
 */
export function parseLevelRequest(words: string[], withLevel: boolean): LevelRequest {
  const lv = withLevel ? ' LEVEL' : '';
  const usage = `expected: all${lv} | device NAME${lv} | channel NAME${lv} | call LINKEDID${lv}`;
  const [kind, ...rest] = words;
  let scope: LevelScope;
  if (kind === 'all') scope = { kind: 'all' };
  else if (kind === 'device' || kind === 'channel') {
    if (rest.length === 0) throw new AmiError(`${kind} needs a NAME; ${usage}`, 'input');
    scope = { kind, name: rest.shift()! };
  } else if (kind === 'call') {
    if (rest.length === 0) throw new AmiError(`call needs a LINKEDID; ${usage}`, 'input');
    scope = { kind, linkedid: rest.shift()! };
  } else throw new AmiError(kind === undefined ? usage : `unknown scope ${JSON.stringify(kind)}; ${usage}`, 'input');
  if (rest.length !== (withLevel ? 1 : 0)) throw new AmiError(usage, 'input');
  checkScope(scope);
  if (!withLevel) return { scope };
  const level = rest[0]!;
  const problem = checkLevel(level);
  if (problem) throw new AmiError(problem, 'input');
  return { scope, level };
}

/** `ChanLog/channel/PJSIP/100`, as messages name a key. */
export function scopeKeyName(scope: LevelScope, family: string = FAMILY): string {
  return keyPath(levelKey(scope, family)).slice(1);
}

/** Refuses a scope whose name could not be a channel or device, before anything reaches AMI. */
export function checkScope(scope: LevelScope): void {
  if (scope.kind === 'all') return;
  const problem = scope.kind === 'call' ? checkLinkedid(scope.linkedid) : checkChannelName(scope.name, scope.kind);
  if (problem) throw new AmiError(problem, 'input');
}

/**
 * Writes a level and reads it back; resolves with the stored value once
 * confirmed. `family` is the one the server's routine reads (discover.ts).
 */
export async function setLevel(client: AmiClient, scope: LevelScope, level: string, family: string = FAMILY): Promise<string> {
  checkScope(scope);
  const problem = checkLevel(level);
  if (problem) throw new AmiError(problem, 'input');
  const { key } = levelKey(scope, family);
  await client.action('DBPut', { Family: family, Key: key, Val: String(Number(level)) });
  const stored = await getLevel(client, scope, family);
  if (stored !== String(Number(level))) {
    throw new AmiError(`wrote ${family}/${key} = ${level} but read back ${stored ?? 'nothing'}`, 'refused');
  }
  return stored;
}

/** The stored level, or undefined when the key is not set. */
export async function getLevel(client: AmiClient, scope: LevelScope, family: string = FAMILY): Promise<string | undefined> {
  checkScope(scope);
  return readKey(client, family, levelKey(scope, family).key);
}

/** One AstDB value exactly as stored, or undefined when the key is not set. */
export async function readKey(client: AmiClient, family: string, key: string): Promise<string | undefined> {
  try {
    const result = await client.list('DBGet', { Family: family, Key: key });
    const answer = result.events.map(asDbGetResponse).find((e) => e !== undefined);
    return answer?.value;
  } catch (err) {
    if (isRefusal(err, /not found/i)) return undefined;
    throw err;
  }
}

/** Removes a level; resolves with the value it had, or undefined when it was not set. Confirms by reading back. */
export async function clearLevel(client: AmiClient, scope: LevelScope, family: string = FAMILY): Promise<string | undefined> {
  checkScope(scope);
  const { key } = levelKey(scope, family);
  const before = await getLevel(client, scope, family);
  if (before === undefined) return undefined;
  await client.action('DBDel', { Family: family, Key: key });
  if ((await getLevel(client, scope, family)) !== undefined) throw new AmiError(`${family}/${key} is still set after DBDel`, 'refused');
  return before;
}

/**
 * Every stored ChanLog key. Uses DBGetTree where Asterisk has it (16.28+,
 * 18.14+, 19.6+) and falls back to the CLI `database show` elsewhere.
 */
export async function listLevels(client: AmiClient, options: { viaCli?: boolean; family?: string } = {}): Promise<StoredLevel[]> {
  const family = options.family ?? FAMILY;
  let levels: StoredLevel[];
  try {
    if (options.viaCli) return keepChanLogKeys(await listLevelsByCli(client, family), family);
    const result = await client.list('DBGetTree', { Family: family });
    levels = result.events.flatMap((frame) => {
      const entry = asDbGetTreeResponse(frame);
      return entry ? [{ key: keyInFamily(entry.key, family), value: entry.value }] : [];
    });
  } catch (err) {
    if (isRefusal(err, /not found|no entries/i)) return [];
    // Asterisk before 16.28 / 18.14 / 19.6 has no DBGetTree.
    if (!isRefusal(err, /invalid\/unknown command/i)) throw err;
    levels = await listLevelsByCli(client, family);
  }
  return keepChanLogKeys(levels, family);
}

/**
 * DBGetTree's prefix match treats _ and % as wildcards; keep only our family's keys. The keys are
 * already relative to the family: read back from their full path, so a key that itself starts with
 * the family's name (`/ChanLog/ChanLog/all`) is not taken for another (`all`).
 */
function keepChanLogKeys(levels: StoredLevel[], family: string): StoredLevel[] {
  return levels.filter((l) => scopeOfKey(keyPath({ family, key: l.key }), family) !== undefined).sort((a, b) => a.key.localeCompare(b.key));
}

async function listLevelsByCli(client: AmiClient, family: string): Promise<StoredLevel[]> {
  const lines = await client.command(`database show ${family}`);
  const levels: StoredLevel[] = [];
  for (const line of lines) {
    const match = /^(\/\S+)\s*:\s?(.*)$/.exec(line);
    if (match && match[1]!.startsWith(`/${family}/`)) levels.push({ key: keyInFamily(match[1]!, family), value: match[2]!.trimEnd() });
  }
  return levels;
}

/** The loaded dialplan's steps, of one context or of all, from ShowDialPlan (for findRoutines()); [] when the context is not loaded. */
export async function loadedSteps(client: AmiClient, context?: string): Promise<DialplanStep[]> {
  let events: AmiFrame[];
  try {
    events = (await client.list('ShowDialPlan', context === undefined ? {} : { Context: context })).events;
  } catch (err) {
    if (isRefusal(err, /did not find context|no dialplan/i)) return [];
    throw err;
  }
  return events.flatMap((frame) => {
    if (getHeader(frame, 'event') !== 'ListDialplan' || getHeader(frame, 'application') === undefined) return [];
    const header = (name: string) => getHeader(frame, name) ?? '';
    return [{ context: header('context'), extension: header('extension'), priority: header('priority'), application: header('application'), appData: header('appdata') }];
  });
}

/** The routines in the server's loaded dialplan (findRoutines()): the default context's, or every context's when that is not a routine. */
export async function loadedRoutines(client: AmiClient): Promise<FoundRoutine[]> {
  const usual = findRoutines(await loadedSteps(client, ROUTINE_CONTEXT));
  return usual.length > 0 ? usual : findRoutines(await loadedSteps(client));
}

/**
 * The AstDB family the server's routine reads, found in its loaded dialplan
 * (loadedRoutines()).
 * Falls back to the default family, with a note, when the manager user may
 * not send ShowDialPlan (write=config) or no routine is loaded.
 */
export async function serverFamily(client: AmiClient): Promise<FamilyChoice> {
  try {
    return chooseFamily(await loadedRoutines(client));
  } catch (err) {
    if (!isRefusal(err, /permission denied/i)) throw err;
    return { family: FAMILY, note: `ShowDialPlan is not allowed (write=config), so the routine's family is not known; using ${FAMILY}` };
  }
}

/**
 * The family each server's routine reads (serverFamily), found once per
 * server and asked again only after a failed look-up: what the console's
 * levels pane and its follow/trace keys read and write.
 */
export class ServerFamilies {
  private readonly families = new Map<string, Promise<string>>();

  of(server: string, client: AmiClient): Promise<string> {
    let family = this.families.get(server);
    if (!family) {
      family = serverFamily(client).then((choice) => choice.family);
      family.catch(() => this.families.delete(server));
      this.families.set(server, family);
    }
    return family;
  }
}
