import { describe, expect, it } from 'vitest';
import type { NewextenEvent } from '../../src/ami/events.js';
import { formatStep, isShown, stepJson } from '../../src/trace/format.js';
import { chosenBranch, StepTracker, type TraceStep } from '../../src/trace/steps.js';

const CHANNEL = 'PJSIP/100-0000002a';

function event(context: string, extension: string, priority: number, application: string, appData = '', channel = CHANNEL): NewextenEvent {
  return { channel, uniqueid: channel === CHANNEL ? '1.1' : '1.2', linkedid: '1.1', context, extension, priority, application, appData };
}

function run(events: NewextenEvent[]): TraceStep[] {
  const tracker = new StepTracker('pbx1');
  return events.flatMap((e) => tracker.step(e, new Date(2026, 0, 1, 14, 3, 7, 412)) ?? []);
}

describe('StepTracker', () => {
  it('indents a GoSub, marks Return and Goto, and returns to the caller depth', () => {
    const steps = run([
      event('main', '150', 1, 'NoOp', 'start'),
      event('main', '150', 2, 'Gosub', 'sub,s,1(hello)'),
      event('sub', 's', 1, 'Gosub', 'deeper,s,1'),
      event('deeper', 's', 1, 'Return', ''),
      event('sub', 's', 2, 'Return', ''),
      event('main', '150', 3, 'Goto', 'target,t,1'),
      event('target', 't', 1, 'NoOp', ''),
    ]);
    expect(steps.map((s) => [s.depth, s.kind])).toEqual([
      [0, 'step'],
      [0, 'gosub'],
      [1, 'gosub'],
      [2, 'return'],
      [1, 'return'],
      [0, 'goto'],
      [0, 'step'],
    ]);
  });

  it('reads conditions from the data after substitution: GotoIf, GosubIf and ExecIf jump only when they do', () => {
    const steps = run([
      event('main', 's', 1, 'GotoIf', '0?yes'),
      event('main', 's', 2, 'GotoIf', '1?yes:no'),
      event('main', 's', 3, 'GosubIf', '?sub,s,1'),
      event('main', 's', 4, 'GosubIf', 'text?sub,s,1(a,b)'),
      event('sub', 's', 1, 'ExecIf', '1?Return()'),
      event('main', 's', 5, 'ExecIf', '0?Return():NoOp(x)'),
    ]);
    expect(steps.map((s) => [s.depth, s.kind])).toEqual([
      [0, 'step'],
      [0, 'goto'],
      [0, 'step'],
      [0, 'gosub'],
      [1, 'return'],
      [0, 'step'],
    ]);
  });

  it('shows a ChanLog routine call as one step with its level and message, its own steps apart', () => {
    const steps = run([
      event('sub', 's', 2, 'Gosub', 'chanlog,s,1(1,in sub, with a comma)'),
      event('chanlog', 's', 1, 'GotoIf', '1?check'),
      event('chanlog', 's', 26, 'Return', ''),
      event('sub', 's', 3, 'NoOp', 'after'),
    ]);
    expect(steps.map((s) => s.kind)).toEqual(['routine', 'routine-step', 'routine-step', 'step']);
    expect(steps[0]!.routine).toEqual({ level: '1', message: 'in sub, with a comma' });
    expect(steps.map((s) => isShown(s))).toEqual([true, false, false, true]);
    expect(isShown(steps[1]!, { expandRoutine: true })).toBe(true);
  });

  it('keeps each channel apart and skips the AppDial pseudo-steps Asterisk never executes', () => {
    const steps = run([
      event('main', 's', 1, 'Gosub', 'sub,s,1'),
      event('callee', '200', 1, 'AppDial', '(Outgoing Line)', 'Local/200@callee-00000001;1'),
      event('callee', '200', 1, 'Answer', '', 'Local/200@callee-00000001;2'),
      event('sub', 's', 1, 'NoOp', ''),
    ]);
    expect(steps.map((s) => [s.channel, s.depth])).toEqual([
      [CHANNEL, 0],
      ['Local/200@callee-00000001;2', 0],
      [CHANNEL, 1],
    ]);
  });

  it('never goes below the top on a stray Return', () => {
    expect(run([event('m', 's', 1, 'Return'), event('m', 's', 2, 'NoOp')]).map((s) => s.depth)).toEqual([0, 0]);
  });
});

describe('chosenBranch', () => {
  it('follows pbx_checkcondition: empty is false, a leading number decides, other text is true', () => {
    expect(chosenBranch('?a:b')).toBe('b');
    expect(chosenBranch(' 0 ?a:b')).toBe('b');
    expect(chosenBranch('12abc?a:b')).toBe('a');
    expect(chosenBranch('abc?a')).toBe('a');
    expect(chosenBranch('0?a')).toBeUndefined();
    expect(chosenBranch('no question mark')).toBeUndefined();
    expect(chosenBranch('1?Set(x=a:b):NoOp()')).toBe('Set(x=a:b)');
  });
});

describe('formatStep', () => {
  const [gosub, inner] = run([event('main', '150', 2, 'Gosub', 'sub,s,1(hello)'), event('sub', 's', 1, 'Verbose', '0,\x1b[2Jboom')]);

  it('prints time, server, channel, where, the marked and indented step, and its source line', () => {
    const line = formatStep({ ...gosub!, source: { file: 'extensions.conf', line: 7 }, sourceText: ' same => n,GoSub(sub,s,1(hello)) ' });
    expect(line).toBe(`14:03:07.412 pbx1 ${CHANNEL} main,150,2 >> Gosub(sub,s,1(hello)) @ extensions.conf:7  same => n,GoSub(sub,s,1(hello))`);
  });

  it('shows the step as loaded when the file cannot be read, and escapes what could drive the terminal', () => {
    const line = formatStep({ ...inner!, source: { file: 'x.conf', line: 3 }, loaded: 'Verbose(0,${MSG})' });
    expect(line).toBe(`14:03:07.412 pbx1 ${CHANNEL} sub,s,1   Verbose(0,\\e[2Jboom) @ x.conf:3  Verbose(0,\${MSG})`);
  });

  it('writes JSON with the field names of chanlog tail --json, and the data exactly', () => {
    const json = JSON.parse(stepJson({ ...inner!, source: { file: 'x.conf', line: 3 } })) as Record<string, unknown>;
    expect(json).toMatchObject({ server: 'pbx1', channel: CHANNEL, uniqueid: '1.1', linkedid: '1.1', context: 'sub', extension: 's', priority: 1, application: 'Verbose', appData: '0,\x1b[2Jboom', source: { file: 'x.conf', line: 3 }, depth: 1, kind: 'step' });
    expect(typeof json.time).toBe('string');
  });
});
