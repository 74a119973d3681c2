import { ALL_KEY, CALL_PREFIX, CHANNEL_PREFIX, FAMILY } from './keys.js';
import { checkFamilyName } from './names.js';
import { LEVEL_MARKER_VARIABLE, ROUTINE_CONTEXT } from './routine.js';
import { ROUTINE_EVENT_NAME } from './user-event.js';

/**
 * One step of the loaded dialplan as AMI's `ShowDialPlan` lists it (its
 * `ListDialplan` events' Context, Extension, Priority, Application and
 * AppData headers; AppData as written, before substitution).
 */
export interface DialplanStep {
  context: string;
  extension: string;
  priority: string;
  application: string;
  appData: string;
}

/** How a routine context tells chanlog its lines. */
export type RoutineKind =
  /** Today's routine: UserEvent(ChanLog,...) on the printing path. */
  | 'user-event'
  /** Routines generated before: a `LOCAL(chanlog_level)=...` marker step before Verbose. */
  | 'level-marker'
  /** The published routine (and hand-made ones like it): DB look-ups of the level keys and a Verbose, nothing more. */
  | 'published';

export interface FoundRoutine {
  context: string;
  kind: RoutineKind;
  /**
   * The AstDB family its DB() / DB_EXISTS() calls read; undefined when it
   * reads none or one that is not a plain name (letters, digits, `_ - .`),
   * which chanlog will not send to Asterisk.
   */
  family: string | undefined;
}

/**
 * `${DB(Family/all)}`, `${DB_EXISTS(Family/channel/...)}`, `${DB(Family/call/...)}`:
 * a read of a level key and its family (`Set(DB(...)=N)` writes one, which
 * the feature codes do).
 */
const LEVEL_LOOKUP = new RegExp(`\\$\\{DB(?:_EXISTS)?\\(([^()/]*)/(?:${ALL_KEY}\\)|${CHANNEL_PREFIX}|${CALL_PREFIX})`);
/** The same, for matchAll(). */
const LEVEL_LOOKUPS = new RegExp(LEVEL_LOOKUP.source, 'g');

function kindOf(steps: readonly DialplanStep[]): RoutineKind | undefined {
  const is = (app: string, test: (data: string) => boolean) => steps.some((s) => s.application.toLowerCase() === app && test(s.appData));
  if (is('userevent', (data) => data.startsWith(`${ROUTINE_EVENT_NAME},`))) return 'user-event';
  if (is('set', (data) => data.startsWith(`LOCAL(${LEVEL_MARKER_VARIABLE})=`))) return 'level-marker';
  if (is('verbose', () => true)) return 'published';
  return undefined;
}

/** The family most of the context's level look-ups name. */
function familyOf(steps: readonly DialplanStep[]): string | undefined {
  const counts = new Map<string, number>();
  for (const step of steps) {
    for (const match of step.appData.matchAll(LEVEL_LOOKUPS)) counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
  }
  const [family] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return family !== undefined && checkFamilyName(family) === undefined ? family : undefined;
}

/**
 * Finds the ChanLog routine contexts in a loaded dialplan: contexts whose
 * steps look up level keys (`<family>/all`, `<family>/channel/...`,
 * `<family>/call/...`) and print (a ChanLog UserEvent, the older level
 * marker, or a Verbose), with the family they read. Contexts that only
 * write levels (the feature codes) are not routines. In the order the
 * contexts first appear in `steps`.
 */
export function findRoutines(steps: Iterable<DialplanStep>): FoundRoutine[] {
  const byContext = new Map<string, DialplanStep[]>();
  for (const step of steps) {
    const list = byContext.get(step.context) ?? [];
    list.push(step);
    byContext.set(step.context, list);
  }
  const found: FoundRoutine[] = [];
  for (const [context, contextSteps] of byContext) {
    if (!contextSteps.some((s) => LEVEL_LOOKUP.test(s.appData))) continue;
    const kind = kindOf(contextSteps);
    if (kind) found.push({ context, kind, family: familyOf(contextSteps) });
  }
  return found;
}

export interface FamilyChoice {
  family: string;
  /** Why this family, when it is not simply the one routine's: several routines, or none found. */
  note?: string;
}

/**
 * The family to read and write levels in, from what findRoutines() found:
 * the routine's family; with several, the one in the default context
 * `chanlog` (or else the first); with none, the default family.
 */
export function chooseFamily(found: readonly FoundRoutine[]): FamilyChoice {
  const usable = found.filter((r): r is FoundRoutine & { family: string } => r.family !== undefined);
  if (usable.length === 0) {
    return { family: FAMILY, note: found.length === 0 ? `no ChanLog routine is loaded; using the family ${FAMILY}` : `the routine's family is not a plain name; using ${FAMILY}` };
  }
  const families = new Set(usable.map((r) => r.family));
  const chosen = usable.find((r) => r.context === ROUTINE_CONTEXT) ?? usable[0]!;
  if (families.size === 1) return { family: chosen.family };
  const all = usable.map((r) => `[${r.context}] ${r.family}`).join(', ');
  return { family: chosen.family, note: `several routines read different families (${all}); using ${chosen.family} of [${chosen.context}]` };
}
