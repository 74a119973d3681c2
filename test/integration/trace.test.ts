import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceSession } from '../../src/trace/session.js';
import type { TraceStep } from '../../src/trace/steps.js';
import { CliProcess, EventCounter, fileSize, readExecuted, useTraceSandbox, type Executed } from '../trace/helpers.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

/** Where each step of test/trace/fixtures/trace.conf is written, by context and priority (read off the file by hand). */
const FIXTURE_LINES: Record<string, Record<number, number>> = {
  'trace-main': { 1: 6, 2: 7, 3: 8 },
  'trace-sub': { 1: 11, 2: 12, 3: 13 },
  'trace-target': { 1: 16, 2: 17, 3: 18, 4: 19 },
  'trace-callee': { 1: 22, 2: 23, 3: 24 },
};

type JsonStep = Omit<TraceStep, 'time'> & { time: string };

/** Each channel's steps in order, as `exten@context:priority App(data)`: how Asterisk's verbose log names them. */
function byChannel(steps: Array<{ channel: string; extension: string; context: string; priority: number; application: string; data: string }>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const s of steps) (result[s.channel] ??= []).push(`${s.extension}@${s.context}:${s.priority} ${s.application}(${s.data})`);
  return result;
}

function traced(steps: JsonStep[]): Record<string, string[]> {
  return byChannel(steps.map((s) => ({ ...s, data: s.appData })));
}

/** The same call placed again gets new channel names: `Local/150@trace-main-0000001a;2` becomes `Local/150@trace-main-X;2`. */
function normalized(steps: Record<string, string[]>): Record<string, string[]> {
  const strip = (text: string) => text.replace(/-[0-9a-f]{8};/g, '-X;');
  return Object.fromEntries(Object.entries(steps).map(([channel, list]) => [strip(channel), list.map(strip)]));
}

/** Whether `part` is `whole` with some items left out, in order. */
function isSubsequence(part: string[], whole: string[]): boolean {
  let i = 0;
  for (const item of whole) if (item === part[i]) i++;
  return i === part.length;
}

function parse(lines: string[]): JsonStep[] {
  return lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as JsonStep);
}

/** Asterisk's own record of the call whose first channel is `firstChannel`: every line with its call id. */
function executedCall(all: Executed[], firstChannel: RegExp): Executed[] {
  const callid = all.find((e) => firstChannel.test(e.channel))?.callid;
  return all.filter((e) => e.callid === callid);
}

describe.skipIf(!sandbox)('chanlog trace against a real Asterisk', () => {
  const ctx = useTraceSandbox(`trace-${process.pid}`);
  let call = 0;
  /** What Asterisk executed for the fixture call on a quiet server (its verbose log keeps every line then). */
  let quietRun: Record<string, string[]> | undefined;

  /** Places the fixture call with a known linkedid (Originate's ChannelId): Local/150@trace-main, whose ;2 half runs it. */
  async function placeCall(): Promise<string> {
    const id = `trace-${process.pid}-${++call}`;
    const response = await ctx.raw.action({ Action: 'Originate', Channel: 'Local/150@trace-main', Application: 'Wait', Data: '1', Async: 'true', ChannelId: id, OtherChannelId: `${id}.2` });
    expect(response.response).toBe('Success');
    return id;
  }

  async function waitForLog(from: number, test: (executed: Executed[]) => boolean): Promise<Executed[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const executed = readExecuted(ctx.sb.executingLog, from);
      if (test(executed) || Date.now() > deadline) return executed;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('follows a call that GoSubs, Gotos, Dials a Local channel and hangs up, step for step, with source lines from the server and from the file', async () => {
    const id = `trace-${process.pid}-${call + 1}`;
    const live = new CliProcess(['trace', '--json', '--linkedid', id, '--config-dir', ctx.sb.info.configDir], ctx.env);
    const file = new CliProcess(['trace', '--json', '--linkedid', id, '--dialplan', path.join(ctx.sb.info.configDir, 'extensions.conf')], ctx.env);
    try {
      for (const p of [live, file]) expect(await p.until(() => p.stderr.includes('-- tracing'), 20_000), p.stderr).toBe(true);
      const from = fileSize(ctx.sb.executingLog);
      expect(await placeCall()).toBe(id);
      // --linkedid ends on its own once the call's last channel has hung up.
      expect(await live.exited, live.stderr).toBe(0);
      expect(await file.exited, file.stderr).toBe(0);
      const executed = await waitForLog(from, (e) => e.some((x) => x.application === 'Hangup' && x.context === 'trace-callee'));
      const ours = executedCall(executed, /^Local\/150@trace-main-/);
      expect(ours.length).toBeGreaterThan(10);
      quietRun = normalized(byChannel(ours));

      for (const [name, proc] of [['server', live], ['file', file]] as const) {
        const steps = parse(proc.lines);
        expect(traced(steps), name).toEqual(byChannel(ours));
        expect(new Set(steps.map((s) => s.linkedid)), name).toEqual(new Set([id]));
        for (const step of steps) {
          const where = `${name}: ${step.context},${step.extension},${step.priority}`;
          const line = FIXTURE_LINES[step.context]?.[step.priority];
          if (line !== undefined) {
            expect(step.source, where).toEqual({ file: name === 'server' ? 'trace.conf' : path.join(ctx.sb.info.configDir, 'trace.conf'), line });
          } else {
            expect(step.context, where).toBe('chanlog');
            expect(step.source?.file, where).toBe(name === 'server' ? 'chanlog.conf' : path.join(ctx.sb.info.configDir, 'chanlog.conf'));
          }
          // The line's text is the line that holds this application.
          expect(step.sourceText?.toLowerCase(), where).toContain(`${step.application.toLowerCase()}(`);
        }
        const kinds = steps.filter((s) => s.context !== 'chanlog').map((s) => `${s.context},${s.priority} ${s.kind} ${s.depth}`);
        expect(kinds, name).toEqual([
          'trace-main,1 step 0',
          'trace-main,2 gosub 0',
          'trace-sub,1 step 1',
          'trace-sub,2 routine 1',
          'trace-sub,3 return 1',
          'trace-main,3 goto 0',
          'trace-target,1 step 0',
          'trace-target,2 step 0',
          'trace-target,3 step 0',
          'trace-callee,1 step 0',
          'trace-callee,2 step 0',
          'trace-callee,3 step 0',
        ]);
        expect(steps.find((s) => s.kind === 'routine')?.routine, name).toEqual({ level: '1', message: 'in sub hello' });
        expect(steps.filter((s) => s.context === 'chanlog').every((s) => s.kind === 'routine-step' && s.depth === 2), name).toBe(true);
      }
    } finally {
      live.kill();
      file.kill();
    }
  });

  it('prints the human format with jumps marked, and the routine as one step', async () => {
    const id = `trace-${process.pid}-${call + 1}`;
    const proc = new CliProcess(['trace', '--linkedid', id, '--config-dir', ctx.sb.info.configDir], ctx.env);
    try {
      expect(await proc.until(() => proc.stderr.includes('-- tracing'), 20_000), proc.stderr).toBe(true);
      await placeCall();
      expect(await proc.exited, proc.stderr).toBe(0);
      const text = proc.lines.join('\n');
      expect(text).toMatch(/ trace-main,150,2 >> Gosub\(trace-sub,s,1\(hello\)\) @ trace\.conf:7 {2}same => n,GoSub\(trace-sub,s,1\(hello\)\)$/m);
      expect(text).toMatch(/ trace-sub,s,2 {3}\*\* chanlog L1: in sub hello @ trace\.conf:12 /m);
      expect(text).toMatch(/ trace-main,150,3 -> Goto\(trace-target,t,1\) @ trace\.conf:8 /m);
      expect(text).not.toMatch(/ chanlog,s,/);
    } finally {
      proc.kill();
    }
  });

  it('--device traces the whole call of a matching channel, the Dial leg that joins later included', async () => {
    const proc = new CliProcess(['trace', '--json', '--device', 'Local/150@trace-main'], ctx.env);
    try {
      expect(await proc.until(() => proc.stderr.includes('-- tracing'), 20_000), proc.stderr).toBe(true);
      const from = fileSize(ctx.sb.executingLog);
      const id = await placeCall();
      expect(await proc.until(() => proc.stderr.includes(`call ${id} ended`), 15_000), proc.stderr).toBe(true);
      expect(await proc.interrupt()).toBe(0);
      const executed = await waitForLog(from, (e) => e.some((x) => x.application === 'Hangup' && x.context === 'trace-callee'));
      const steps = parse(proc.lines);
      expect(traced(steps)).toEqual(byChannel(executedCall(executed, /^Local\/150@trace-main-/)));
      expect(steps.some((s) => s.channel.startsWith('Local/200@trace-callee-'))).toBe(true);
    } finally {
      proc.kill();
    }
  });

  it('tracing one call among 50 busy ones gets only its steps: the server sends nothing else', async () => {
    const id = `trace-${process.pid}-${call + 1}`;
    const counter = await EventCounter.open(ctx.sb.info.endpoint);
    const inProcess: TraceStep[] = [];
    const session = await TraceSession.open(
      { target: { name: 'sb', endpoint: ctx.sb.info.endpoint, source: 'test' }, selector: { kind: 'linkedid', linkedid: id }, configDir: ctx.sb.info.configDir },
      { step: (s) => inProcess.push(s) },
    );
    const proc = new CliProcess(['trace', '--json', '--linkedid', id], ctx.env);
    try {
      expect(await proc.until(() => proc.stderr.includes('-- tracing'), 20_000), proc.stderr).toBe(true);
      const from = fileSize(ctx.sb.executingLog);
      const before = session.eventsReceived;
      await ctx.raw.action({ Action: 'Setvar', Variable: 'LOADMSG', Value: 'busy' });
      // 50 calls of the paced, bounded load (load.conf: 40 lines each, 10 ms apart), ours in the middle.
      for (let i = 0; i < 50; i++) {
        if (i === 25) expect(await placeCall()).toBe(id);
        await ctx.raw.action({ Action: 'Originate', Channel: `Local/${600 + i}@chanlog-load`, Application: 'Wait', Data: '1', Async: 'true', Variable: 'LINES=40' });
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await proc.exited, proc.stderr).toBe(0);
      const executed = await waitForLog(from, (e) => e.filter((x) => x.context === 'chanlog-load' && x.application === 'Hangup').length === 50);
      const ours = executedCall(executed, /^Local\/150@trace-main-/);
      const steps = parse(proc.lines);
      // Asterisk's logger drops lines when its queue overflows under load, so its log is checked as a
      // subset here; the whole sequence must be what the same call executed on a quiet server.
      expect(quietRun, 'the quiet-server test ran first').toBeDefined();
      expect(normalized(traced(steps))).toEqual(quietRun);
      for (const [channel, list] of Object.entries(byChannel(ours))) expect(isSubsequence(list, traced(steps)[channel] ?? []), channel).toBe(true);
      expect(new Set(steps.map((s) => s.linkedid))).toEqual(new Set([id]));
      expect(inProcess.map((s) => `${s.channel} ${s.context},${s.extension},${s.priority}`)).toEqual(steps.map((s) => `${s.channel} ${s.context},${s.extension},${s.priority}`));
      // Our call's events: its steps, 3 AppDial pseudo-steps, 4 Newchannel and 4 Hangup; nothing of the load.
      const received = session.eventsReceived - before;
      const everything = counter.events;
      const loadSteps = executed.length - ours.length;
      process.stdout.write(`trace filter: the trace session received ${received} events for ${steps.length} steps; an unfiltered session ${everything} (${loadSteps} other steps in Asterisk's log)\n`);
      expect(received).toBeGreaterThanOrEqual(steps.length);
      expect(received).toBeLessThanOrEqual(steps.length + 12);
      expect(everything).toBeGreaterThan(loadSteps);
    } finally {
      proc.kill();
      session.close();
      counter.close();
    }
  });
});
