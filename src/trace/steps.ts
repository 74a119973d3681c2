import type { SourceRef } from '../ami/source-locator.js';
import type { NewextenEvent } from '../ami/events.js';
import { ROUTINE_CONTEXT } from '../chanlog/routine.js';
import { separateArgs } from '../dialplan/model/app-args.js';

/**
 * What a step did to the flow of its channel:
 * - `step`: an ordinary step;
 * - `gosub`: a GoSub (or a GosubIf / ExecIf that took one): the steps after it run one level deeper;
 * - `return`: a Return (or StackPop, or ExecIf(...?Return())): back one level;
 * - `goto`: a Goto, GotoIf or GotoIfTime that jumps;
 * - `routine`: a call of the ChanLog routine, shown as one step with its level and message;
 * - `routine-step`: a step inside that call (hidden in the human format unless expanded).
 */
export type StepKind = 'step' | 'gosub' | 'return' | 'goto' | 'routine' | 'routine-step';

/**
 * One dialplan step a traced channel executed: the `Newexten` fields (field
 * names as in `chanlog tail --json` where they mean the same; `appData` is
 * after variable substitution, exactly as Asterisk sent it), and what the
 * trace adds.
 */
export interface TraceStep extends NewextenEvent {
  time: Date;
  server: string;
  source?: SourceRef;
  /** The source line's text, when chanlog could read the file. */
  sourceText?: string;
  /** The step as the server loaded it (before substitution), from `dialplan show`. */
  loaded?: string;
  /** GoSub nesting of the channel when the step ran (0 at the top). */
  depth: number;
  kind: StepKind;
  /** For `routine`: the level and message it was called with. */
  routine?: { level: string; message: string };
}

/**
 * The ;1 half of a channel that Dial or Originate created reports the
 * pseudo-application `AppDial` / `AppDial2` in Newexten; Asterisk never
 * executes it (no "Executing [...]" line), so it is not a step.
 */
const PSEUDO_APPLICATIONS = new Set(['appdial', 'appdial2']);

interface ChannelFlow {
  depth: number;
  /** The depth the channel returns to when the ChanLog routine it is in returns. */
  routineDepth?: number;
}

/**
 * Turns a traced call's `Newexten` events into steps: per channel it keeps
 * the GoSub depth and whether the channel is inside the ChanLog routine,
 * and says what each step did to the flow. Conditions are read from the
 * data after substitution, the way Asterisk's pbx_checkcondition reads them.
 */
export class StepTracker {
  private readonly flows = new Map<string, ChannelFlow>();

  constructor(private readonly server: string) {}

  step(event: NewextenEvent, time = new Date()): TraceStep | undefined {
    if (PSEUDO_APPLICATIONS.has(event.application.toLowerCase())) return undefined;
    let flow = this.flows.get(event.uniqueid);
    if (!flow) {
      flow = { depth: 0 };
      this.flows.set(event.uniqueid, flow);
    }
    const effect = flowEffect(event.application, event.appData);
    const depth = flow.depth;
    flow.depth = Math.max(0, flow.depth + effect.depthChange);
    let kind: StepKind = effect.kind;
    let routine: TraceStep['routine'];
    if (flow.routineDepth !== undefined) {
      kind = 'routine-step';
      if (flow.depth <= flow.routineDepth) delete flow.routineDepth;
    } else if (effect.kind === 'gosub' && effect.routineCall) {
      kind = 'routine';
      routine = effect.routineCall;
      flow.routineDepth = depth;
    }
    return {
      time,
      server: this.server,
      ...event,
      depth,
      kind,
      ...(routine ? { routine } : {}),
    };
  }

  /** Forgets a channel that hung up. */
  hangup(uniqueid: string): void {
    this.flows.delete(uniqueid);
  }
}

interface FlowEffect {
  kind: 'step' | 'gosub' | 'return' | 'goto';
  depthChange: number;
  routineCall?: { level: string; message: string };
}

const PLAIN: FlowEffect = { kind: 'step', depthChange: 0 };

function flowEffect(application: string, data: string): FlowEffect {
  switch (application.toLowerCase()) {
    case 'gosub':
      return gosubEffect(data);
    case 'gosubif': {
      const target = chosenBranch(data);
      return target ? gosubEffect(target) : PLAIN;
    }
    case 'return':
    case 'stackpop':
      return { kind: 'return', depthChange: -1 };
    case 'goto':
    case 'gotoiftime':
      return { kind: 'goto', depthChange: 0 };
    case 'gotoif':
      return chosenBranch(data) ? { kind: 'goto', depthChange: 0 } : PLAIN;
    case 'execif': {
      // ExecIf(cond?App(args):App2(args)) runs the chosen application within this one step.
      const chosen = chosenBranch(data);
      const open = chosen?.indexOf('(') ?? -1;
      if (!chosen) return PLAIN;
      const app = open < 0 ? chosen : chosen.slice(0, open);
      const args = open < 0 ? '' : chosen.slice(open + 1, chosen.endsWith(')') ? -1 : undefined);
      const lower = app.trim().toLowerCase();
      return lower === 'return' || lower === 'gosub' || lower === 'stackpop' ? flowEffect(app.trim(), args) : PLAIN;
    }
    default:
      return PLAIN;
  }
}

/** `Gosub(context,exten,priority(args))`: one level deeper; a call of the ChanLog routine carries its level and message. */
function gosubEffect(data: string): FlowEffect {
  const open = data.indexOf('(');
  const target = separateArgs(open < 0 ? data : data.slice(0, open), 3, false);
  if (target.length !== 3 || target[0]!.trim() !== ROUTINE_CONTEXT || open < 0) return { kind: 'gosub', depthChange: 1 };
  const args = data.slice(open + 1, data.endsWith(')') ? -1 : undefined);
  const comma = args.indexOf(',');
  // The routine joins ARG2, ARG3... again with commas, so the message is everything after the level.
  return {
    kind: 'gosub',
    depthChange: 1,
    routineCall: { level: comma < 0 ? args : args.slice(0, comma), message: comma < 0 ? '' : args.slice(comma + 1) },
  };
}

/**
 * `cond?iftrue:iffalse` as GotoIf / GosubIf / ExecIf split it: the
 * condition up to the first `?`; true when it is a non-zero number or any
 * other non-empty text. Returns the chosen branch, or undefined when that
 * branch is empty (nothing happens).
 */
export function chosenBranch(data: string): string | undefined {
  const question = data.indexOf('?');
  if (question < 0) return undefined;
  const condition = data.slice(0, question);
  const [ifTrue = '', ifFalse = ''] = separateArgs(data.slice(question + 1), 2, false, ':');
  const branch = conditionHolds(condition) ? ifTrue : ifFalse;
  return branch === '' ? undefined : branch;
}

/** pbx_checkcondition: empty is false; a leading integer (sscanf %d) decides; other text is true. */
function conditionHolds(condition: string): boolean {
  if (condition.trim() === '') return false;
  const number = /^\s*[+-]?[0-9]+/.exec(condition);
  return number ? Number(number[0]) !== 0 : true;
}
