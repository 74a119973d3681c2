import { FAMILY } from '../chanlog/keys.js';
import type { AmiClient } from './client.js';
import { AmiError, isRefusal } from './errors.js';
import { asDbGetTreeResponse } from './events.js';
import { readKey } from './levels.js';

/**
 * Levels chanlog sets for a while (`level set ... --for 30m`, `level
 * follow`, the console's follow key) carry an expiry recorded beside them,
 * so that after a crash `level list` shows what is overdue and `level gc`
 * removes it. In the same family, under keys the routine never reads (it
 * reads `all`, `channel/...` and `call/...` only):
 *
 * - `expiry/<key>` = the epoch second the level `<key>` ends;
 * - `previous/<key>` = the value `<key>` had before chanlog overwrote it,
 *   which `gc` puts back instead of deleting the key.
 */
export const EXPIRY_PREFIX = 'expiry/';
export const PREVIOUS_PREFIX = 'previous/';

export interface ExpiryRecord {
  /** The level's key under the family: `channel/PJSIP/100`, `call/1733412345.42`. */
  key: string;
  expires: Date;
  /** The value to put back when it expires, when chanlog overwrote one. */
  previous?: string;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `30m`, `2h`, `1d`, `1h30m` in milliseconds; undefined when it is not one (or is zero). */
export function parseDuration(text: string): number | undefined {
  if (!/^([0-9]{1,6}[smhd])+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)([smhd])/g)) total += Number(amount) * UNITS[unit!]!;
  return total > 0 ? total : undefined;
}

/** Writes a value and reads it back exactly. */
export async function putKey(client: AmiClient, family: string, key: string, value: string): Promise<void> {
  await client.action('DBPut', { Family: family, Key: key, Val: value });
  const stored = await readKey(client, family, key);
  if (stored !== value) throw new AmiError(`wrote ${family}/${key} = ${value} but read back ${stored ?? 'nothing'}`, 'refused');
}

/** Removes a key if it is set, and confirms it is gone. */
export async function deleteKey(client: AmiClient, family: string, key: string): Promise<void> {
  if ((await readKey(client, family, key)) === undefined) return;
  await client.action('DBDel', { Family: family, Key: key });
  if ((await readKey(client, family, key)) !== undefined) throw new AmiError(`${family}/${key} is still set after DBDel`, 'refused');
}

/** Puts a key back to what it was: the value, or not set at all. */
export async function restoreKey(client: AmiClient, family: string, key: string, value: string | undefined): Promise<void> {
  if (value === undefined) await deleteKey(client, family, key);
  else await putKey(client, family, key, value);
}

/** Records that the level `key` ends at `expires`. */
export async function recordExpiry(client: AmiClient, key: string, expires: Date, family = FAMILY): Promise<void> {
  await putKey(client, family, `${EXPIRY_PREFIX}${key}`, String(Math.ceil(expires.getTime() / 1000)));
}

/** The level `key` no longer ends (set for good, or cleared): its records go. */
export async function forgetExpiry(client: AmiClient, key: string, family = FAMILY): Promise<void> {
  await deleteKey(client, family, `${EXPIRY_PREFIX}${key}`);
  await deleteKey(client, family, `${PREVIOUS_PREFIX}${key}`);
}

/** Every expiry record of the family, by the level's key. */
export async function readExpiries(client: AmiClient, family = FAMILY): Promise<Map<string, ExpiryRecord>> {
  const expiries = await readSubtree(client, family, EXPIRY_PREFIX);
  const previous = await readSubtree(client, family, PREVIOUS_PREFIX);
  const records = new Map<string, ExpiryRecord>();
  for (const [key, value] of expiries) {
    // A value that is not an epoch second counts as already expired: gc cleans it up.
    const seconds = /^[0-9]{1,12}$/.test(value) ? Number(value) : 0;
    const before = previous.get(key);
    records.set(key, { key, expires: new Date(seconds * 1000), ...(before !== undefined ? { previous: before } : {}) });
  }
  return records;
}

/** `prefix`'s keys under the family (DBGetTree), with the prefix taken off. */
async function readSubtree(client: AmiClient, family: string, prefix: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const start = `/${family}/${prefix}`;
  try {
    const list = await client.list('DBGetTree', { Family: family, Key: prefix.replace(/\/$/, '') });
    for (const frame of list.events) {
      const entry = asDbGetTreeResponse(frame);
      // DBGetTree's prefix match treats _ and % as wildcards: keep exactly ours.
      if (entry && entry.key.startsWith(start)) result.set(entry.key.slice(start.length), entry.value);
    }
  } catch (err) {
    // Nothing there, or an Asterisk without DBGetTree (before 16.28 / 18.14 / 19.6): no records to show.
    if (!isRefusal(err, /not found|no entries|invalid\/unknown command/i)) throw err;
  }
  return result;
}

export interface CollectedLevel {
  key: string;
  /** `removed`: the level is gone; `restored`: it holds its earlier value again. */
  outcome: 'removed' | 'restored';
  value?: string;
}

/** Removes every level whose expiry has passed (putting back an earlier value where one was recorded), and its records. */
export async function collectExpired(client: AmiClient, now = new Date(), family = FAMILY): Promise<CollectedLevel[]> {
  const collected: CollectedLevel[] = [];
  for (const record of (await readExpiries(client, family)).values()) {
    if (record.expires > now) continue;
    await restoreKey(client, family, record.key, record.previous);
    await forgetExpiry(client, record.key, family);
    collected.push(record.previous === undefined ? { key: record.key, outcome: 'removed' } : { key: record.key, outcome: 'restored', value: record.previous });
  }
  return collected;
}

/**
 * Sets a level for `forMs`: the expiry is recorded first (a crash right
 * after still leaves a record for gc), and a value the key held for good
 * before is kept in `previous/<key>`, to be put back when it expires.
 */
export async function setLevelFor(client: AmiClient, key: string, value: string, forMs: number, family = FAMILY, now = new Date()): Promise<void> {
  const records = await readExpiries(client, family);
  const current = await readKey(client, family, key);
  // Already temporary: its recorded earlier value stays the one to put back.
  if (!records.has(key) && current !== undefined && current !== value) await putKey(client, family, `${PREVIOUS_PREFIX}${key}`, current);
  await recordExpiry(client, key, new Date(now.getTime() + forMs), family);
  await putKey(client, family, key, value);
}
