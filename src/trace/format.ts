import { formatTime } from '../ami/line-format.js';
import { terminalSafe } from '../util/safe-text.js';
import type { StepKind, TraceStep } from './steps.js';

/** How each kind of step is marked before its application, so jumps stand out. */
const MARKS: Record<StepKind, string> = {
  step: '',
  gosub: '>> ',
  return: '<< ',
  goto: '-> ',
  routine: '** ',
  'routine-step': '.. ',
};

export interface StepFormatOptions {
  /** Show the steps inside ChanLog routine calls too (the call itself is one step otherwise). */
  expandRoutine?: boolean;
}

/** Whether the human format shows this step. */
export function isShown(step: TraceStep, options: StepFormatOptions = {}): boolean {
  return step.kind !== 'routine-step' || Boolean(options.expandRoutine);
}

/**
 * One step for a terminal:
 *
 *     14:03:07.412 pbx1 PJSIP/100-0000002a from-internal,150,2   >> Gosub(sub,s,1(x)) @ extensions.conf:7  same => n,GoSub(sub,s,1(x))
 *
 * time, server, channel, where as context,extension,priority, the step
 * indented by its GoSub depth and marked by what it does to the flow
 * (`>>` GoSub, `<<` Return, `->` a jump, `**` a ChanLog routine call with
 * its level and message), its application and data after substitution,
 * then the source `file:line` and the text of that line (or, when the file
 * cannot be read, the step as loaded). Everything from Asterisk or a file
 * is escaped for the terminal.
 */
export function formatStep(step: TraceStep): string {
  const where = `${step.context},${step.extension},${step.priority}`;
  const what = step.kind === 'routine' && step.routine ? `chanlog L${step.routine.level}: ${step.routine.message}` : `${step.application}(${step.appData})`;
  const indent = '  '.repeat(step.depth);
  const source = step.source ? ` @ ${step.source.file}:${step.source.line}` : '';
  const line = step.sourceText !== undefined ? `  ${step.sourceText.trim()}` : step.loaded !== undefined ? `  ${step.loaded}` : '';
  return terminalSafe(`${formatTime(step.time)} ${step.server} ${step.channel} ${where} ${indent}${MARKS[step.kind]}${what}${source}${line}`);
}

/** One JSON object per step; field names follow `chanlog tail --json` where they mean the same. */
export function stepJson(step: TraceStep): string {
  return JSON.stringify(step);
}
