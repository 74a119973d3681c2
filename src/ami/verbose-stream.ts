import { deviceOfChannel } from '../chanlog/keys.js';
import { LEVEL_MARKER_VARIABLE, parseLevelMarker, ROUTINE_CONTEXT, type LevelMarker } from '../chanlog/routine.js';
import { ROUTINE_EVENT_NAME } from '../chanlog/user-event.js';
import { separateArgs, verboseOutput } from '../dialplan/model/app-args.js';
import { asNewexten } from './events.js';
import type { FeedLine } from './feed-types.js';
import type { AmiFrame } from './frame.js';

/** One line that Verbose() (or Log()) printed, read from `Newexten`. */
export type VerboseLine = FeedLine;

/**
 * Event filters of the `Newexten` session: Verbose and Log steps, the level
 * marker step of routines generated before the UserEvent, and the routine's
 * own UserEvent step (which tells that this server runs a routine whose
 * lines come through the trusted session instead). Asterisk matches each
 * regex against the event text before sending it, so a busy server's other
 * events never cross the network.
 */
export const NEWEXTEN_FILTERS = [
  'Application: Verbose[[:space:]]',
  'Application: Log[[:space:]]',
  `AppData: LOCAL\\(${LEVEL_MARKER_VARIABLE}\\)=`,
  `AppData: ${ROUTINE_EVENT_NAME},`,
];

/** A text as a POSIX extended regex that matches it literally (Asterisk compiles filters with regcomp). */
function literalRegex(text: string): string {
  return text.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&');
}

const APPDATA_HEADER = 'AppData:';

/**
 * Any text without `AppData:` at a line start: `([^A]|A[^p]|Ap[^p]|...|AppData[^:])*`,
 * each alternative a beginning of the word cut short by another character.
 * A genuine `AppData` header follows a line break, so no match crosses it.
 */
const BEFORE_APPDATA = `(${Array.from(APPDATA_HEADER, (char, i) => `${APPDATA_HEADER.slice(0, i)}[^${char}]`).join('|')})*`;

/**
 * The exclusion filter (a leading `!`) that keeps the steps of the routine in
 * `context` off the `Newexten` session once its lines are known to come
 * through its UserEvent: two events a printed line (its UserEvent and
 * Verbose steps match the filters above) that would cross the network only
 * to be dropped. With include filters in place too, Asterisk sends an event
 * that matches one of them and no exclusion (Asterisk 16 to 22 alike).
 *
 * The `Context` header is matched whole, between the line breaks around it
 * (so not a context that only starts with the name), and only before the
 * event's `AppData` (its last header): data can hold raw CR and LF, and a
 * plain Verbose() whose message holds a line `Context: chanlog` must still
 * arrive whole.
 */
export function routineStepsExclusion(context: string): string {
  return `!^${BEFORE_APPDATA}[[:cntrl:]]Context: ${literalRegex(context)}[[:cntrl:]]`;
}

/** Whether a dialplan step is the routine's `UserEvent(ChanLog,...)`. */
function raisesRoutineEvent(application: string, appData: string): boolean {
  return application.toLowerCase() === 'userevent' && appData.startsWith(`${ROUTINE_EVENT_NAME},`);
}

/**
 * Turns `Newexten` events into lines: every dialplan step raises Newexten
 * with AppData after variable substitution, which is the faithful record of
 * what Verbose() printed (no AMI event carries console text).
 *
 * Nothing read here is trusted: Asterisk sends AppData's CR and LF raw, so
 * dialplan data can put whole forged frames on this session. The feed checks
 * every line's channel against the ones it knows; the steps of a routine
 * that raises `UserEvent(ChanLog,...)` are never read here (its lines come
 * only from that event, on a session whose filters a forged frame cannot
 * pass), and level markers are read only where an older routine may still
 * run them.
 */
export class VerboseLineDecoder {
  /** Channel name to the marker the routine announced just before its Verbose step. */
  private readonly pendingMarker = new Map<string, LevelMarker>();
  /** Contexts seen raising the routine's UserEvent: their steps are the routine's, read through the event. */
  private readonly eventRoutineContexts = new Set<string>();
  private readMarkers = true;

  constructor(private readonly server: string) {}

  /** The routine in `context` raises the UserEvent: its steps are ignored here from now on. */
  routineUsesUserEvent(context: string): void {
    this.eventRoutineContexts.add(context);
    if (context === ROUTINE_CONTEXT) this.ignoreMarkers();
  }

  /** No routine that announces itself with a level marker runs on this server. */
  ignoreMarkers(): void {
    this.readMarkers = false;
    this.pendingMarker.clear();
  }

  decode(frame: AmiFrame, now = new Date()): FeedLine | undefined {
    const step = asNewexten(frame);
    if (!step) return undefined;
    const { application, channel, appData, context } = step;
    // Forged inside data, this step could only make the feed ignore more; it is believed
    // for the routine's own context alone, so that forging it cannot hide other contexts' lines.
    if (context === ROUTINE_CONTEXT && raisesRoutineEvent(application, appData)) {
      this.routineUsesUserEvent(context);
      return undefined;
    }
    if (this.eventRoutineContexts.has(context)) return undefined;
    const inRoutine = context === ROUTINE_CONTEXT && this.readMarkers;
    if (application === 'Set' && inRoutine) {
      const marker = parseLevelMarker(appData);
      if (marker) this.pendingMarker.set(channel, marker);
      return undefined;
    }
    if (application !== 'Verbose' && application !== 'Log') return undefined;
    let marker: LevelMarker | undefined;
    if (inRoutine) {
      marker = this.pendingMarker.get(channel);
      this.pendingMarker.delete(channel);
    }
    let verboseLevel: number | string;
    let message: string;
    if (application === 'Verbose') {
      ({ level: verboseLevel, message } = verboseOutput(appData));
    } else {
      const [level = '', text = ''] = separateArgs(appData, 2, true);
      verboseLevel = level.trim();
      message = text;
    }
    // Built field by field in FeedLine's order, without `...` spreads (see stepOf in events.ts: spread objects made per event fill the old generation).
    const line = {
      time: now,
      server: this.server,
      channel,
      device: deviceOfChannel(channel),
      uniqueid: step.uniqueid,
      linkedid: step.linkedid,
      context,
      extension: step.extension,
      priority: step.priority,
      application,
    } as FeedLine;
    if (marker) line.chanlogLevel = marker.level;
    if (marker?.caller) line.caller = marker.caller;
    line.verboseLevel = verboseLevel;
    line.message = message;
    line.via = marker ? 'marker' : 'newexten';
    return line;
  }

  /** A channel hung up: a marker it left behind is never used. */
  forget(channel: string): void {
    this.pendingMarker.delete(channel);
  }

  /** How many channels have a marker waiting for their Verbose step (stays small). */
  get pendingCount(): number {
    return this.pendingMarker.size;
  }
}
