import { checkLevel, FAMILY } from '../chanlog/keys.js';
import { LEVEL_MARKER_VARIABLE, ROUTINE_CONTEXT, routineSteps } from '../chanlog/routine.js';
import { ROUTINE_EVENT_NAME } from '../chanlog/user-event.js';
import { VERBOSE_LEVEL_MAX } from '../chanlog/names.js';
import { errorMessage } from '../errors.js';
import { AmiClient } from './client.js';
import type { ServerTarget } from './connection.js';
import { isRefusal } from './errors.js';
import { getHeader, getHeaders, type AmiFrame } from './frame.js';
import { listLevels, loadedRoutines } from './levels.js';
import {
  classesFor,
  classesForAll,
  FEATURES,
  grantedBy,
  USER_EVENT_WRITE_CLASS,
  EVENT_READ_CLASS,
  type ActionName,
  type Feature,
  type ManagerClass,
} from './privileges.js';
import { routineModules } from './routine-modules.js';
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

/** Where the routine lives on the server: its context and the AstDB family it reads. */
export interface RoutineLocation {
  context: string;
  family: string;
}

export const DEFAULT_ROUTINE: RoutineLocation = { context: ROUTINE_CONTEXT, family: FAMILY };

/** What the session may do, learned once and shared by the checks. */
interface Session {
  client: AmiClient;
  user: string;
  /** Lower-cased names of the actions ListCommands says this user may send. */
  allowed: Set<string>;
  /** Why `allowed` is unknown (ListCommands failed). */
  allowedUnknown?: string;
  /** The user's own classes, when `manager show user` could be run. */
  own?: { read: Set<string>; write: Set<string> };
  /** Why `own` is missing though Command is allowed. */
  ownUnread?: string;
}

const RELOAD = 'then `manager reload`';

/**
 * Checks one server the way a person would before debugging on it: can we
 * log in, which Asterisk is it, may this manager user do what each chanlog
 * feature does (README "Least privilege"), does it or anyone else hold more
 * than that, are the routine's modules loaded, is the routine loaded (and
 * the current one), and which levels are set. Every check gives its own
 * verdict: one that cannot run (a refused action, a lost connection) is a
 * failure in its row, never the end of the report. Every finding that needs
 * action says what to do.
 */
export async function diagnose(target: ServerTarget, given?: RoutineLocation): Promise<Diagnosis> {
  const diagnosis: Diagnosis = { server: target.name, address: describeEndpoint(target.endpoint), checks: [] };
  const client = new AmiClient({ endpoint: target.endpoint, name: target.name, events: false, reconnect: false, pingIntervalMs: 0 });
  try {
    await client.connect();
  } catch (err) {
    diagnosis.checks.push({
      status: 'fail',
      what: 'login',
      detail: errorMessage(err),
      fix: 'check the URL, that manager.conf has enabled=yes on that port, the user, its secret, and that its permit= allows this address',
    });
    client.close();
    return diagnosis;
  }
  try {
    const user = target.endpoint.username;
    diagnosis.checks.push({ status: 'ok', what: 'login', detail: `connected and logged in as ${user}` });
    const session: Session = { client, user, allowed: new Set() };
    const guarded = async (what: string, run: () => Promise<Check> | Check) => {
      try {
        diagnosis.checks.push(await run());
      } catch (err) {
        diagnosis.checks.push({ status: 'fail', what, detail: `could not check: ${errorMessage(err)}` });
      }
    };
    try {
      session.allowed = await allowedActions(client);
    } catch (err) {
      session.allowedUnknown = `ListCommands failed: ${errorMessage(err)}`;
    }
    if (may(session, 'Command')) {
      try {
        session.own = await classesOfUser(client, user);
        if (!session.own) session.ownUnread = `\`manager show user ${user}\` did not show them`;
      } catch (err) {
        session.ownUnread = errorMessage(err);
      }
    }
    await guarded('asterisk', () => versionCheck(session));
    for (const feature of FEATURES) await guarded(feature.name, () => featureCheck(feature, session));
    await guarded('surplus', () => surplusCheck(session));
    await guarded('users', () => otherUsersCheck(session));
    await guarded('modules', () => modulesCheck(session));
    // The routine the server actually runs (its context and family), unless one was named.
    const routine = given ?? (may(session, 'ShowDialPlan') ? await findServerRoutine(client).catch(() => DEFAULT_ROUTINE) : DEFAULT_ROUTINE);
    await guarded('routine', () => routineCheck(session, routine));
    await guarded('astdb', () => levelsCheck(session, routine));
  } finally {
    client.close();
  }
  return diagnosis;
}

/** ListCommands answers with one header per action this user may send. */
async function allowedActions(client: AmiClient): Promise<Set<string>> {
  const response = await client.action('ListCommands');
  const skip = new Set(['response', 'actionid', 'message']);
  return new Set(Object.keys(response).filter((k) => !skip.has(k)));
}

const may = (session: Session, action: ActionName) => session.allowed.has(action.toLowerCase());


const notChecked = (what: string, action: ActionName, why: string): Check => ({
  status: 'warn',
  what,
  detail: `not checked: ${why} needs ${action} (${grantedBy(action)})`,
});

/** Why the user's own classes are unknown. */
const ownUnknown = (session: Session) =>
  session.ownUnread === undefined ? `reading them needs Command (${grantedBy('Command')})` : `could not read them: ${session.ownUnread}`;

/** A manager user's classes as `manager show user NAME` prints them (`<none>` for none). */
async function classesOfUser(client: AmiClient, name: string): Promise<{ read: Set<string>; write: Set<string> } | undefined> {
  if (!/^[^\s]+$/.test(name)) return undefined; // a CLI argument cannot hold white space
  const output = await client.command(`manager show user ${name}`);
  const perm = (label: string) => {
    const line = output.find((l) => new RegExp(`^\\s*${label} perm:`).test(l));
    return line === undefined ? undefined : new Set(line.replace(/^[^:]*:\s*/, '').split(',').map((c) => c.trim()).filter((c) => c && c !== '<none>'));
  };
  const read = perm('read');
  const write = perm('write');
  return read && write ? { read, write } : undefined;
}

const holds = (classes: Set<string>, c: ManagerClass) => classes.has(c) || classes.has('all');

async function versionCheck(session: Session): Promise<Check> {
  if (!may(session, 'CoreSettings')) {
    return { status: 'warn', what: 'asterisk', detail: 'version unknown', fix: `CoreSettings needs ${grantedBy('CoreSettings')}` };
  }
  const version = getHeader(await session.client.action('CoreSettings'), 'asteriskversion');
  if (!version) return { status: 'warn', what: 'asterisk', detail: 'version unknown: CoreSettings did not say' };
  const [major = 0, minor = 0] = version.split(/[.+-]/).map(Number);
  // DBGetTree came with 16.28, 18.14 and 19.6; `level list` falls back to `database show` before that.
  const hasTree = major >= 20 || (major === 19 && minor >= 6) || (major === 18 && minor >= 14) || (major === 16 && minor >= 28);
  if (major < 12) return { status: 'fail', what: 'asterisk', detail: `Asterisk ${version}`, fix: 'chanlog needs Asterisk 12 or newer (Newexten with AppData, Filter)' };
  if (!hasTree) return { status: 'warn', what: 'asterisk', detail: `Asterisk ${version}: no DBGetTree`, fix: `\`level list\` uses the CLI \`database show\` instead, which needs ${grantedBy('Command')}` };
  return { status: 'ok', what: 'asterisk', detail: `Asterisk ${version}` };
}

const classList = (classes: readonly string[]) => classes.join(',');

/** Whether this user may do what `feature` does, by the table in privileges.ts. */
function featureCheck(feature: Feature, session: Session): Check {
  if (session.allowedUnknown) throw new Error(`the actions this user may send are unknown: ${session.allowedUnknown}`);
  const required = classesFor(feature, 'required');
  const needs = [required.write.length > 0 ? `write=${classList(required.write)}` : '', required.read.length > 0 ? `read=${classList(required.read)}` : '']
    .filter(Boolean)
    .join(' ');
  const lackedActions = feature.actions.filter((a) => !a.optional && !may(session, a.name));
  const read = session.own?.read;
  const lackedEvents = read ? feature.events.filter((e) => !e.optional && !holds(read, EVENT_READ_CLASS[e.name])) : [];
  if (lackedActions.length > 0 || lackedEvents.length > 0) {
    const addWrite = classesFor({ ...feature, actions: lackedActions, events: [] }, 'required').write;
    const addRead = [...new Set(lackedEvents.map((e) => EVENT_READ_CLASS[e.name]))];
    const lacks = [
      lackedActions.length > 0 ? `may not send ${lackedActions.map((a) => a.name).join(', ')}` : '',
      lackedEvents.length > 0 ? `does not receive ${lackedEvents.map((e) => e.name).join(', ')}` : '',
    ].filter(Boolean);
    const add = [addWrite.length > 0 ? `${classList(addWrite)} to write=` : '', addRead.length > 0 ? `${classList(addRead)} to read=` : ''].filter(Boolean).join(' and ');
    return { status: 'fail', what: feature.name, detail: `needs ${needs}: ${lacks.join('; ')}`, fix: `add ${add} of [${session.user}] in manager.conf, ${RELOAD}` };
  }
  const missedOptions = [
    ...feature.actions.filter((a) => a.optional && !may(session, a.name)).map((a) => `${a.name} (${a.why})`),
    ...(read ? feature.events.filter((e) => e.optional && !holds(read, EVENT_READ_CLASS[e.name])).map((e) => `${e.name} (${e.why})`) : []),
  ];
  const without = missedOptions.length > 0 ? `; without ${missedOptions.join(', ')}` : '';
  const eventsOf = feature.events.filter((e) => !e.optional);
  if (!read && eventsOf.length > 0) {
    return {
      status: 'warn',
      what: feature.name,
      detail: `actions allowed; events not checked, the user's read classes are unknown: ${ownUnknown(session)}`,
      fix: `make sure read= of [${session.user}] holds ${classList(required.read)} (${eventsOf.map((e) => e.name).join(', ')})`,
    };
  }
  return { status: 'ok', what: feature.name, detail: `${needs || 'no class needed'}: granted${without}` };
}

/** Classes the user holds beyond what any chanlog feature uses: least privilege. */
function surplusCheck(session: Session): Check {
  if (!session.own) return { status: 'warn', what: 'surplus', detail: `not checked, the user's classes are unknown: ${ownUnknown(session)}` };
  const required = classesForAll('required');
  const optional = classesForAll('optional');
  const used = { read: [...required.read, ...optional.read], write: [...required.write, ...optional.write] };
  const beyond = (held: Set<string>, wanted: string[]) => (held.has('all') ? ['all'] : [...held].filter((c) => !wanted.includes(c)));
  const read = beyond(session.own.read, used.read);
  const write = beyond(session.own.write, used.write);
  if (read.length === 0 && write.length === 0) return { status: 'ok', what: 'surplus', detail: 'the user holds no class that chanlog does not use' };
  const held = [write.length > 0 ? `write=${classList(write)}` : '', read.length > 0 ? `read=${classList(read)}` : ''].filter(Boolean).join(' ');
  const raises = holds(session.own.write, USER_EVENT_WRITE_CLASS) ? ' (with write=user it may also raise UserEvents)' : '';
  return {
    status: 'warn',
    what: 'surplus',
    detail: `the user also holds ${held}, which chanlog does not use${raises}`,
    fix: `least privilege: read = ${classList([...required.read, ...optional.read])}, write = ${classList([...required.write, ...optional.write])}`,
  };
}

/**
 * Other manager users with write class `user` can send the UserEvent
 * action, raising events that look exactly like the routine's: chanlog
 * cannot tell them apart (a trust boundary, README "Least privilege").
 */
async function otherUsersCheck(session: Session): Promise<Check> {
  if (!may(session, 'Command')) return notChecked('users', 'Command', 'listing the manager users');
  const names = parseUserList(await session.client.command('manager show users')).filter((n) => n !== session.user);
  const raising: string[] = [];
  const unread: string[] = [];
  for (const name of names) {
    const classes = await classesOfUser(session.client, name);
    if (!classes) unread.push(name);
    else if (holds(classes.write, USER_EVENT_WRITE_CLASS)) raising.push(name);
  }
  const unreadNote = unread.length > 0 ? `; could not read the classes of ${unread.join(', ')}` : '';
  if (raising.length === 0) {
    return { status: unread.length > 0 ? 'warn' : 'ok', what: 'users', detail: `no other manager user may raise UserEvents (of ${names.length})${unreadNote}` };
  }
  return {
    status: 'warn',
    what: 'users',
    detail: `other manager users may raise UserEvents (write=user): ${raising.join(', ')}; chanlog cannot tell theirs from the routine's${unreadNote}`,
    fix: 'remove user (and all) from their write= unless you trust them as much as the dialplan',
  };
}

/** The names between the dashed lines of `manager show users`. */
function parseUserList(lines: string[]): string[] {
  const rules = lines.flatMap((l, i) => (/^-+$/.test(l.trim()) ? [i] : []));
  if (rules.length < 2) return [];
  return lines.slice(rules[0]! + 1, rules[1]).map((l) => l.trim()).filter(Boolean);
}

/** The modules the routine's applications and functions come from, by `module show`. */
async function modulesCheck(session: Session): Promise<Check> {
  if (!may(session, 'Command')) return notChecked('modules', 'Command', 'listing the modules loaded');
  const running = new Set(
    (await session.client.command('module show')).filter((l) => /\sRunning\s/.test(l) && !/\sNot Running\s/.test(l)).map((l) => l.trim().split(/\s+/)[0]!),
  );
  const { needs, unknown } = routineModules(routineSteps());
  const missing = needs.filter((m) => !running.has(m.module));
  const unknownNote = unknown.length > 0 ? `; not known to chanlog, so not checked: ${unknown.join(', ')}` : '';
  if (missing.length === 0) return { status: unknown.length > 0 ? 'warn' : 'ok', what: 'modules', detail: `loaded: ${needs.map((m) => m.module).join(' ')}${unknownNote}` };
  const names = missing.map((m) => m.module);
  return {
    status: 'fail',
    what: 'modules',
    detail: `not loaded: ${missing.map((m) => `${m.module} (${m.provides.join(', ')})`).join('; ')}: the routine cannot run as generated${unknownNote}`,
    fix: `${names.map((n) => `\`module load ${n}\``).join(', ')}, and \`load = ${names.join('`, `load = ')}\` in modules.conf if it has autoload=no`,
  };
}

/** Whether a loaded routine is chanlog's (any version): it has the level marker or raises the routine's UserEvent. */
function isChanlogRoutine(steps: Array<{ app: string; data: string }>): boolean {
  return steps.some(
    (s) => (s.app === 'Set' && s.data.startsWith(`LOCAL(${LEVEL_MARKER_VARIABLE})=`)) || (s.app === 'UserEvent' && s.data.startsWith(`${ROUTINE_EVENT_NAME},`)),
  );
}

/**
 * Where the server's routine is: found in its loaded dialplan (the default
 * context first, then every context), or the defaults when none is loaded.
 */
async function findServerRoutine(client: AmiClient): Promise<RoutineLocation> {
  const found = await loadedRoutines(client);
  const chosen = found.find((r) => r.context === ROUTINE_CONTEXT) ?? found[0];
  return chosen ? { context: chosen.context, family: chosen.family ?? FAMILY } : DEFAULT_ROUTINE;
}

/** Whether the loaded steps are exactly what `chanlog generate` makes for this context and family, at any Verbose level. */
function matchesGenerated(loaded: ReadonlyArray<{ app: string; data: string }>, routine: RoutineLocation): { steps: number } | { differsAt: number } {
  let differsAt = 0;
  for (let verboseLevel = 0; verboseLevel <= VERBOSE_LEVEL_MAX; verboseLevel++) {
    const expected = routineSteps({ ...routine, verboseLevel });
    const first = expected.findIndex((step, i) => loaded[i]?.app !== step.app || loaded[i]?.data !== step.data);
    if (first < 0 && loaded.length === expected.length) return { steps: expected.length };
    differsAt = Math.max(differsAt, first < 0 ? expected.length + 1 : first + 1);
  }
  return { differsAt };
}

async function routineCheck(session: Session, routine: RoutineLocation): Promise<Check> {
  if (!may(session, 'ShowDialPlan')) return notChecked('routine', 'ShowDialPlan', 'reading the loaded routine');
  const context = routine.context;
  const install = `copy dialplan/chanlog.conf (or \`chanlog generate -o chanlog.conf\`) next to extensions.conf, add #include "chanlog.conf", then \`dialplan reload\``;
  let events: AmiFrame[];
  try {
    events = (await session.client.list('ShowDialPlan', { Context: context })).events;
  } catch (err) {
    if (!isRefusal(err, /did not find context/i)) throw err;
    return { status: 'fail', what: 'routine', detail: `no context [${context}] is loaded`, fix: install };
  }
  const priorities = events.filter((e) => getHeader(e, 'event') === 'ListDialplan' && getHeader(e, 'context') === context && getHeader(e, 'extension') === 's');
  if (!priorities.some((e) => getHeader(e, 'priority') === '1')) {
    const what = events.some((e) => getHeader(e, 'extension') !== undefined) ? 'has no s,1' : 'is empty';
    return { status: 'fail', what: 'routine', detail: `[${context}] ${what}: every GoSub(${context},s,1(...)) fails`, fix: install };
  }
  const loaded = priorities
    .sort((a, b) => Number(getHeader(a, 'priority')) - Number(getHeader(b, 'priority')))
    .map((e) => ({ app: getHeader(e, 'application') ?? '', data: getHeaders(e, 'appdata')[0] ?? '' }));
  const match = matchesGenerated(loaded, routine);
  if ('steps' in match) {
    const family = routine.family === FAMILY ? '' : `, family ${routine.family}`;
    return { status: 'ok', what: 'routine', detail: `[${context}] is loaded and matches \`chanlog generate\` (${match.steps} steps${family})` };
  }
  const where = match.differsAt;
  return {
    status: 'warn',
    what: 'routine',
    detail: isChanlogRoutine(loaded)
      ? `[${context}] is an older or edited version (differs at priority ${where})`
      : `[${context}] is not chanlog's routine: tail shows its lines without ChanLog levels or callers`,
    fix: 'replace it with `chanlog generate -o chanlog.conf` and `dialplan reload`',
  };
}

async function levelsCheck(session: Session, routine: RoutineLocation): Promise<Check> {
  // The level commands read and write the family the server's routine reads (discover.ts), so list that one.
  const family = routine.family;
  const viaCli = !may(session, 'DBGetTree');
  if (viaCli && !may(session, 'Command')) return notChecked('astdb', 'DBGetTree', 'listing the levels set');
  const levels = await listLevels(session.client, { viaCli, family });
  if (levels.length === 0) {
    return { status: 'ok', what: 'astdb', detail: 'no level set: the routine prints nothing', fix: 'e.g. `chanlog level set device PJSIP/100 5`' };
  }
  const shown = levels.map((l) => `${family}/${l.key} = ${l.value}`).join('; ');
  const bad = levels.filter((l) => checkLevel(l.value) !== undefined);
  if (bad.length === 0) return { status: 'ok', what: 'astdb', detail: shown };
  return {
    status: 'warn',
    what: 'astdb',
    detail: `${shown}; not a level from 0 to 9 (the routine ignores it): ${bad.map((l) => `${family}/${l.key}`).join(', ')}`,
    fix: 'set them again with `chanlog level set`, or `chanlog level clear`',
  };
}
