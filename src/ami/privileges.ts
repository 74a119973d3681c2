/**
 * What each chanlog feature needs from its manager.conf user: the one table
 * that the README's least-privilege section shows and `chanlog doctor`
 * checks against.
 *
 * How Asterisk grants (checked on Asterisk 22.10.1 with one manager user per
 * class, test/integration/privileges.test.ts):
 * - an action is allowed when the user's `write=` holds ANY of the action's
 *   classes (DBGet works with write=system or with write=reporting);
 * - an event reaches a session only when its `read=` holds the event's class;
 * - the answers of list actions (DBGetTree, ShowDialPlan, CoreShowChannels)
 *   arrive whatever `read=` says; ListCommands, Ping, Events and Login need
 *   no class at all.
 */

export type ManagerClass = 'system' | 'call' | 'dialplan' | 'user' | 'config' | 'reporting' | 'command' | 'originate';

/**
 * The write classes that allow each action chanlog sends, most advisable
 * first: beyond what every user may send, `reporting` allows only reading
 * actions and LoggerRotate, while `config` also allows UpdateConfig
 * (rewriting Asterisk's files) and GetConfig (reading manager.conf's secrets).
 */
export const ACTION_WRITE_CLASSES = {
  DBPut: ['system'],
  DBDel: ['system'],
  DBGet: ['system', 'reporting'],
  DBGetTree: ['system', 'reporting'],
  Filter: ['system'],
  CoreShowChannels: ['system', 'reporting'],
  CoreSettings: ['reporting', 'system'],
  ShowDialPlan: ['reporting', 'config'],
  Command: ['command'],
  Originate: ['originate'],
} as const satisfies Record<string, readonly ManagerClass[]>;

/** The read class of each event chanlog reads. */
export const EVENT_READ_CLASS = {
  Newexten: 'dialplan',
  UserEvent: 'user',
  Newchannel: 'call',
  Newstate: 'call',
  Hangup: 'call',
} as const satisfies Record<string, ManagerClass>;

/**
 * The action anyone holding write class `user` may send, which raises a
 * genuine `UserEvent`: such users can produce events that look like the
 * routine's (a trust boundary, README "Least privilege").
 */
export const USER_EVENT_WRITE_CLASS: ManagerClass = 'user';

export type ActionName = keyof typeof ACTION_WRITE_CLASSES;

/** The write classes that allow an action, as manager.conf spells them: `write=system or write=reporting`. */
export function grantedBy(action: ActionName): string {
  return `write=${ACTION_WRITE_CLASSES[action].join(' or write=')}`;
}
export type EventName = keyof typeof EVENT_READ_CLASS;

/** One thing a feature uses, and what for; `optional` ones only widen what it can do. */
export interface Use<Name extends string> {
  name: Name;
  why: string;
  optional?: boolean;
}

export interface Feature {
  name: string;
  commands: string;
  actions: Array<Use<ActionName>>;
  events: Array<Use<EventName>>;
}

const levelActions: Array<Use<ActionName>> = [
  { name: 'DBPut', why: 'set a level' },
  { name: 'DBGet', why: 'read a level back' },
  { name: 'DBDel', why: 'clear a level' },
  { name: 'DBGetTree', why: 'list the levels' },
];

const feedActions: Array<Use<ActionName>> = [
  { name: 'Filter', why: 'server-side filters' },
  { name: 'CoreShowChannels', why: 'the channels already up' },
];

const channelEvents: Array<Use<EventName>> = [
  { name: 'Newchannel', why: 'channels that may log' },
  { name: 'Newstate', why: 'channel states' },
  { name: 'Hangup', why: 'channels that ended' },
];

const feedEvents: Array<Use<EventName>> = [
  { name: 'UserEvent', why: "the routine's lines" },
  ...channelEvents,
  { name: 'Newexten', why: 'plain Verbose()/Log() lines and routines older than the UserEvent', optional: true },
];

export const FEATURES: readonly Feature[] = [
  {
    name: 'levels',
    commands: 'chanlog level set/get/clear/list',
    actions: [...levelActions, { name: 'Command', why: '`database show` on Asterisk before 16.28/18.14/19.6 (no DBGetTree)', optional: true }],
    events: [],
  },
  { name: 'tail', commands: 'chanlog tail', actions: feedActions, events: feedEvents },
  { name: 'console', commands: 'chanlog console', actions: [...feedActions, ...levelActions], events: feedEvents },
  { name: 'trace', commands: 'chanlog trace', actions: feedActions, events: [{ name: 'Newexten', why: 'every dialplan step' }, ...channelEvents] },
  {
    name: 'doctor',
    commands: 'chanlog doctor',
    actions: [
      { name: 'CoreSettings', why: 'the Asterisk version' },
      { name: 'ShowDialPlan', why: 'the routine loaded' },
      { name: 'DBGetTree', why: 'the levels set' },
      { name: 'Command', why: "the user's read classes, other users' write classes, the modules loaded", optional: true },
    ],
    events: [],
  },
  {
    name: 'generate-check',
    commands: 'chanlog generate --check',
    actions: [{ name: 'ShowDialPlan', why: 'the routine loaded, to compare' }],
    events: [],
  },
  {
    name: 'lint',
    commands: 'chanlog lint --ami',
    actions: [
      { name: 'CoreSettings', why: 'the Asterisk version' },
      { name: 'Command', why: 'the applications and functions the server has registered', optional: true },
    ],
    events: [],
  },
];

export interface ClassNeeds {
  read: ManagerClass[];
  write: ManagerClass[];
}

/**
 * The fewest classes that give a feature what it uses (`optional` ones
 * included or not): every event's read class, and for the actions the
 * smallest set of write classes that allows each, preferring the classes
 * listed first in ACTION_WRITE_CLASSES.
 */
export function classesFor(feature: Feature, which: 'required' | 'optional'): ClassNeeds {
  const wanted = (use: { optional?: boolean }) => (which === 'required' ? !use.optional : use.optional === true);
  const read = unique(feature.events.filter(wanted).map((e) => EVENT_READ_CLASS[e.name]));
  return { read, write: fewestCovering(feature.actions.filter(wanted).map((a) => ACTION_WRITE_CLASSES[a.name])) };
}

/** What every feature needs together: the manager.conf user the README recommends. */
export function classesForAll(which: 'required' | 'optional'): ClassNeeds {
  const all: Feature = { name: 'all', commands: '', actions: FEATURES.flatMap((f) => f.actions), events: FEATURES.flatMap((f) => f.events) };
  const needs = classesFor(all, which);
  if (which === 'required') return needs;
  // An optional need that the required classes already meet is no extra.
  const required = classesFor(all, 'required');
  return { read: needs.read.filter((c) => !required.read.includes(c)), write: needs.write.filter((c) => !required.write.includes(c)) };
}

/** Smallest set of classes with at least one of each alternative; ties go to the earlier-listed classes. */
function fewestCovering(alternatives: ReadonlyArray<readonly ManagerClass[]>): ManagerClass[] {
  const candidates = unique(alternatives.flat());
  for (let size = 0; size <= candidates.length; size++) {
    const found = subsetsOfSize(candidates, size).find((set) => alternatives.every((any) => any.some((c) => set.includes(c))));
    if (found) return found;
  }
  return candidates;
}

/** Subsets in order of their members' positions, so the first match prefers earlier candidates. */
function subsetsOfSize<T>(items: readonly T[], size: number, from = 0): T[][] {
  if (size === 0) return [[]];
  const out: T[][] = [];
  for (let i = from; i <= items.length - size; i++) {
    for (const rest of subsetsOfSize(items, size - 1, i + 1)) out.push([items[i]!, ...rest]);
  }
  return out;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** The rows of the README's least-privilege table (a test keeps the README in step). */
export function privilegeTableRows(): string[] {
  const cell = (required: string[], optional: string[], separator = ',') =>
    [required.join(separator) || '-', ...(optional.length > 0 ? [`(+${optional.join(separator)})`] : [])].join(' ');
  return FEATURES.map((f) => {
    const required = classesFor(f, 'required');
    const optional = classesFor(f, 'optional');
    const extra = (c: ManagerClass[], base: ManagerClass[]) => c.filter((x) => !base.includes(x));
    const used = [...f.actions, ...f.events];
    const uses = cell(
      used.filter((u) => !u.optional).map((u) => u.name),
      used.filter((u) => u.optional).map((u) => u.name),
      ', ',
    );
    return `| ${f.name} | \`${f.commands}\` | ${cell(required.read, extra(optional.read, required.read))} | ${cell(required.write, extra(optional.write, required.write))} | ${uses} |`;
  });
}
