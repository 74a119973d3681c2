/**
 * The AstDB key scheme of the ChanLog routine: the one place that says
 * where levels live, used by the generator (the routine reads these keys)
 * and by the AMI commands (which write them).
 *
 * - `ChanLog/all`: the level for every channel.
 * - `ChanLog/channel/<channel>`: the level for one channel, by its full name
 *   (`PJSIP/100-0000002a`), or for a device, by the channel name without its
 *   unique suffix (`PJSIP/100`): the routine checks both.
 * - `ChanLog/call/<linkedid>`: the level for every channel of one call
 *   (`CHANNEL(linkedid)`), legs that join later included.
 *
 * `ChanLog` is the default family; `chanlog generate --family` makes a
 * routine that reads another one, and every function here takes the family
 * the server actually runs (see discover.ts).
 */
export const FAMILY = 'ChanLog';
export const ALL_KEY = 'all';
export const CHANNEL_PREFIX = 'channel/';
export const CALL_PREFIX = 'call/';

/** Levels are whole numbers in this range; a message prints when its level is at or below the stored one. */
export const LEVEL_MIN = 0;
export const LEVEL_MAX = 9;

export type LevelScope =
  | { kind: 'all' }
  | { kind: 'device'; name: string }
  | { kind: 'channel'; name: string }
  | { kind: 'call'; linkedid: string };

export interface DbKey {
  family: string;
  key: string;
}

export function levelKey(scope: LevelScope, family: string = FAMILY): DbKey {
  switch (scope.kind) {
    case 'all':
      return { family, key: ALL_KEY };
    case 'call':
      return { family, key: `${CALL_PREFIX}${scope.linkedid}` };
    default:
      return { family, key: `${CHANNEL_PREFIX}${scope.name}` };
  }
}

/** The full AstDB path, as `database show` prints it: `/ChanLog/channel/PJSIP/100`. */
export function keyPath(key: DbKey): string {
  return `/${key.family}/${key.key}`;
}

/** A key under the family, from its full path (`/ChanLog/all`, as DBGetTree and `database show` give it) or `ChanLog/all`; any other key as it is. */
export function keyInFamily(key: string, family: string = FAMILY): string {
  return key.startsWith(`/${family}/`) ? key.slice(family.length + 2) : key.startsWith(`${family}/`) ? key.slice(family.length + 1) : key;
}

/** Reads a key back into a scope; device and channel keys look alike, so both are "channel or device". */
export function scopeOfKey(
  key: string,
  family: string = FAMILY,
): { kind: 'all' } | { kind: 'channel-or-device'; name: string } | { kind: 'call'; linkedid: string } | undefined {
  const relative = keyInFamily(key, family);
  if (relative === ALL_KEY) return { kind: 'all' };
  if (relative.startsWith(CHANNEL_PREFIX) && relative.length > CHANNEL_PREFIX.length) {
    return { kind: 'channel-or-device', name: relative.slice(CHANNEL_PREFIX.length) };
  }
  if (relative.startsWith(CALL_PREFIX) && relative.length > CALL_PREFIX.length) {
    return { kind: 'call', linkedid: relative.slice(CALL_PREFIX.length) };
  }
  return undefined;
}

/** Why a level text is not acceptable, or undefined. */
export function checkLevel(text: string): string | undefined {
  if (!/^[0-9]+$/.test(text)) return `level must be a whole number from ${LEVEL_MIN} to ${LEVEL_MAX}, not ${JSON.stringify(text)}`;
  const value = Number(text);
  if (value < LEVEL_MIN || value > LEVEL_MAX) return `level must be from ${LEVEL_MIN} to ${LEVEL_MAX}, not ${value}`;
  return undefined;
}

/**
 * Why a channel or device name is not acceptable, or undefined. Names are
 * `TECH/RESOURCE` as Asterisk shows them; nothing that could break out of an
 * AMI header or an AstDB key passes.
 */
export function checkChannelName(name: string, what: 'channel' | 'device'): string | undefined {
  if (/[\r\n]/.test(name)) return `${what} name holds a line break`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return `${what} name holds a control character`;
  if (/\s/.test(name)) return `${what} name holds white space: ${JSON.stringify(name)}`;
  if (!/^[A-Za-z0-9_]+\/\S+$/.test(name)) return `${what} name must look like TECH/RESOURCE (e.g. PJSIP/100), not ${JSON.stringify(name)}`;
  return undefined;
}

/**
 * Why a linkedid is not acceptable, or undefined. Asterisk's are uniqueids
 * (`1733412345.42`, or whatever an Originate's ChannelId set); nothing that
 * could break out of an AMI header or an AstDB key passes.
 */
export function checkLinkedid(linkedid: string): string | undefined {
  if (!/^[A-Za-z0-9._-]{1,150}$/.test(linkedid)) return `linkedid must be letters, digits, ".", "_" or "-" (e.g. 1733412345.42), not ${JSON.stringify(linkedid)}`;
  return undefined;
}

/**
 * The device of a channel: its name without the unique suffix that Asterisk
 * appends after the last `-` (and anything after it, such as `;2` on Local
 * channels). `Local/dev-a@ctx-0000004a;2` is device `Local/dev-a@ctx`; the
 * routine computes the same thing in dialplan.
 */
export function deviceOfChannel(channel: string): string {
  const dash = channel.lastIndexOf('-');
  return dash > 0 ? channel.slice(0, dash) : channel;
}
