import { checkLevel, FAMILY } from '../chanlog/keys.js';
import { LEVEL_MARKER_VARIABLE, ROUTINE_CONTEXT, routineSteps } from '../chanlog/routine.js';
import { AmiClient } from './client.js';
import type { ServerTarget } from './connection.js';
import { isRefusal } from './errors.js';
import { getHeader, getHeaders, type AmiFrame } from './frame.js';
import { listLevels } from './levels.js';
import { describeEndpoint } from './url.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  status: CheckStatus;
  what: string;
  detail: string;
  /** What to do about a warn or fail. */
  fix?: string;
}

export interface Diagnosis {
  server: string;
  address: string;
  checks: Check[];
}

/** The actions chanlog uses, what for, and the manager.conf `write` class that grants each. */
const NEEDED_ACTIONS: Array<{ action: string; use: string; write: string }> = [
  { action: 'DBPut', use: 'level set', write: 'system' },
  { action: 'DBGet', use: 'level get/set', write: 'system' },
  { action: 'DBDel', use: 'level clear', write: 'system' },
  { action: 'DBGetTree', use: 'level list', write: 'system' },
  { action: 'Filter', use: 'tail', write: 'system' },
  { action: 'ShowDialPlan', use: 'doctor', write: 'config' },
];

/** Read classes `chanlog tail` needs: Newexten is a dialplan event, Hangup a call event. */
const NEEDED_READ = ['dialplan', 'call'];

/**
 * Checks one server the way a person would before debugging on it: can we
 * log in, which Asterisk is it, may this manager user do what chanlog
 * does, is the ChanLog routine loaded (and the current one), and which
 * levels are set. Every finding that needs action says what to do.
 */
export async function diagnose(target: ServerTarget): Promise<Diagnosis> {
  const diagnosis: Diagnosis = { server: target.name, address: describeEndpoint(target.endpoint), checks: [] };
  const add = (check: Check) => diagnosis.checks.push(check);
  const client = new AmiClient({ endpoint: target.endpoint, name: target.name, events: false, reconnect: false, pingIntervalMs: 0 });
  try {
    await client.connect();
  } catch (err) {
    add({
      status: 'fail',
      what: 'login',
      detail: err instanceof Error ? err.message : String(err),
      fix: 'check the URL, that manager.conf has enabled=yes on that port, the user, its secret, and that its permit= allows this address',
    });
    return diagnosis;
  }
  try {
    add({ status: 'ok', what: 'login', detail: `connected and logged in as ${target.endpoint.username}` });
    const allowed = await allowedActions(client);
    add(await versionCheck(client));
    add(permissionCheck(allowed));
    add(await readPermissionCheck(client, target.endpoint.username, allowed));
    add(allowed.has('showdialplan') ? await routineCheck(client) : { status: 'warn', what: 'routine', detail: 'not checked: ShowDialPlan is not allowed' });
    add(allowed.has('dbgettree') || allowed.has('command') ? await levelsCheck(client) : { status: 'warn', what: 'levels', detail: 'not checked: DBGetTree is not allowed' });
  } finally {
    client.close();
  }
  return diagnosis;
}

/** Lower-cased names of the actions this user may send (ListCommands answers with one header per action). */
async function allowedActions(client: AmiClient): Promise<Set<string>> {
  const response = await client.action('ListCommands');
  const skip = new Set(['response', 'actionid', 'message']);
  return new Set(Object.keys(response).filter((k) => !skip.has(k)));
}

async function versionCheck(client: AmiClient): Promise<Check> {
  let version: string | undefined;
  try {
    version = getHeader(await client.action('CoreSettings'), 'asteriskversion');
  } catch (err) {
    if (!isRefusal(err, /.*/)) throw err;
  }
  if (!version) return { status: 'warn', what: 'asterisk', detail: 'version unknown (CoreSettings needs read=system)' };
  const [major = 0, minor = 0] = version.split(/[.+-]/).map(Number);
  // DBGetTree came with 16.28, 18.14 and 19.6; `level list` falls back to `database show` before that.
  const hasTree = major >= 20 || (major === 19 && minor >= 6) || (major === 18 && minor >= 14) || (major === 16 && minor >= 28);
  if (major < 12) return { status: 'fail', what: 'asterisk', detail: `Asterisk ${version}`, fix: 'chanlog needs Asterisk 12 or newer (Newexten with AppData, Filter)' };
  if (!hasTree) return { status: 'warn', what: 'asterisk', detail: `Asterisk ${version}: no DBGetTree`, fix: '`level list` uses the CLI `database show` instead, which needs write=command' };
  return { status: 'ok', what: 'asterisk', detail: `Asterisk ${version}` };
}

function permissionCheck(allowed: Set<string>): Check {
  const missing = NEEDED_ACTIONS.filter((n) => !allowed.has(n.action.toLowerCase()));
  if (missing.length === 0) return { status: 'ok', what: 'actions', detail: `allowed: ${NEEDED_ACTIONS.map((n) => n.action).join(' ')}` };
  const classes = [...new Set(missing.map((m) => m.write))].join(',');
  return {
    status: 'fail',
    what: 'actions',
    detail: `not allowed: ${missing.map((m) => `${m.action} (${m.use})`).join(', ')}`,
    fix: `add ${classes} to the user's write= in manager.conf, then \`manager reload\``,
  };
}

async function readPermissionCheck(client: AmiClient, user: string, allowed: Set<string>): Promise<Check> {
  const unknown: Check = {
    status: 'warn',
    what: 'events',
    detail: `read permissions not checked (that needs write=command); tail needs read=${NEEDED_READ.join(',')}`,
  };
  if (!allowed.has('command') || /\s/.test(user)) return unknown;
  const output = await client.command(`manager show user ${user}`);
  const line = output.find((l) => /^\s*read perm:/.test(l));
  if (!line) return unknown;
  const classes = new Set(line.replace(/^\s*read perm:\s*/, '').split(','));
  const missing = classes.has('all') ? [] : NEEDED_READ.filter((c) => !classes.has(c));
  if (missing.length === 0) return { status: 'ok', what: 'events', detail: `read permissions include ${NEEDED_READ.join(',')}` };
  return {
    status: 'fail',
    what: 'events',
    detail: `read permissions lack ${missing.join(',')}: tail would stay silent`,
    fix: `add ${missing.join(',')} to the user's read= in manager.conf, then \`manager reload\``,
  };
}

async function routineCheck(client: AmiClient): Promise<Check> {
  let events: AmiFrame[];
  try {
    events = (await client.list('ShowDialPlan', { Context: ROUTINE_CONTEXT })).events;
  } catch (err) {
    if (!isRefusal(err, /did not find context/i)) throw err;
    return {
      status: 'fail',
      what: 'routine',
      detail: `no context [${ROUTINE_CONTEXT}] is loaded`,
      fix: 'copy dialplan/chanlog.conf (or `chanlog generate -o chanlog.conf`) next to extensions.conf, add #include "chanlog.conf", then `dialplan reload`',
    };
  }
  const loaded = events
    .filter((e) => getHeader(e, 'event') === 'ListDialplan' && getHeader(e, 'extension') === 's')
    .sort((a, b) => Number(getHeader(a, 'priority')) - Number(getHeader(b, 'priority')))
    .map((e) => ({ app: getHeader(e, 'application') ?? '', data: getHeaders(e, 'appdata')[0] ?? '' }));
  const expected = routineSteps();
  const firstDifference = expected.findIndex((step, i) => loaded[i]?.app !== step.app || loaded[i]?.data !== step.data);
  if (firstDifference < 0 && loaded.length === expected.length) {
    return { status: 'ok', what: 'routine', detail: `[${ROUTINE_CONTEXT}] is loaded and matches \`chanlog generate\` (${expected.length} steps)` };
  }
  const hasMarker = loaded.some((s) => s.app === 'Set' && s.data.startsWith(`LOCAL(${LEVEL_MARKER_VARIABLE})=`));
  return {
    status: 'warn',
    what: 'routine',
    detail: hasMarker
      ? `[${ROUTINE_CONTEXT}] is an older or edited version (differs at priority ${firstDifference + 1})`
      : `[${ROUTINE_CONTEXT}] is not chanlog's routine (no level marker): tail shows its lines without ChanLog levels or callers`,
    fix: 'replace it with `chanlog generate -o chanlog.conf` and `dialplan reload`',
  };
}

async function levelsCheck(client: AmiClient): Promise<Check> {
  const levels = await listLevels(client);
  if (levels.length === 0) {
    return { status: 'ok', what: 'levels', detail: 'none set: the routine prints nothing', fix: 'e.g. `chanlog level set device PJSIP/100 5`' };
  }
  const shown = levels.map((l) => `${FAMILY}/${l.key} = ${l.value}`).join('; ');
  const bad = levels.filter((l) => checkLevel(l.value) !== undefined);
  if (bad.length === 0) return { status: 'ok', what: 'levels', detail: shown };
  return {
    status: 'warn',
    what: 'levels',
    detail: `${shown}; not a level from 0 to 9 (the routine ignores it): ${bad.map((l) => `${FAMILY}/${l.key}`).join(', ')}`,
    fix: 'set them again with `chanlog level set`, or `chanlog level clear`',
  };
}
