import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTINE_EVENT_HEADERS } from '../../src/chanlog/user-event.js';
import { runCli } from '../helpers/cli.js';
import { TailProcess } from '../helpers/load.js';
import { PROBE_CONTEXT, RoutineProbe } from './routine-probe.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();
const RUN_DEVICE = `Local/run@${PROBE_CONTEXT}`;

interface JsonLine {
  context: string;
  priority: number;
  application: string;
  verboseLevel: number | string;
  chanlogLevel?: number;
  message: string;
  via: string;
  source?: { file: string; line: number };
}

/**
 * `chanlog tail` in both formats on the probe's calls while `work` runs,
 * until each has the line that ends with `message`; that line of each.
 */
async function tailBoth(message: string, work: () => Promise<unknown>): Promise<{ json: JsonLine; text: string }> {
  const env = { CHANLOG_AMI_URL: sandbox!.amiUrl };
  const extensions = path.join(sandbox!.configDir, 'extensions.conf');
  const json = new TailProcess(['--json', '--device', RUN_DEVICE, '--dialplan', extensions], env);
  const text = new TailProcess(['--device', RUN_DEVICE], env);
  try {
    for (const tail of [json, text]) expect(await tail.until(() => tail.stderr.includes('-- streaming'), 20_000), tail.stderr).toBe(true);
    await work();
    for (const tail of [json, text]) expect(await tail.until(() => tail.lines.some((l) => l.includes(message)), 20_000), tail.stderr).toBe(true);
    return { json: JSON.parse(json.lines.find((l) => l.includes(message))!) as JsonLine, text: text.lines.find((l) => l.includes(message))! };
  } finally {
    await Promise.all([json.interrupt(), text.interrupt()]);
  }
}

describe.skipIf(!sandbox)('routine lines of a routine generated with --verbose-level 3, through chanlog tail', () => {
  let probe: RoutineProbe;
  let routine: string;

  beforeAll(async () => {
    probe = await RoutineProbe.open(sandbox!);
    const generated = await runCli(['generate', '--verbose-level', '3']);
    expect(generated.code, generated.stderr).toBe(0);
    routine = generated.stdout;
    await probe.put('ChanLog', `channel/${RUN_DEVICE}`, '2');
  });
  afterAll(() => probe.finish([['ChanLog', `channel/${RUN_DEVICE}`]]));

  it("reports the routine's Verbose step at level 3 (JSON and text), located at that step's line", { timeout: 90_000 }, async () => {
    await probe.load(routine, 'chanlog', 'ChanLog');
    const message = `verbose three ${process.pid}`;
    const { json, text } = await tailBoth(message, () => probe.call({ level: '1', message }));
    expect(json).toMatchObject({ context: 'chanlog', application: 'Verbose', verboseLevel: 3, chanlogLevel: 1, message, via: 'userevent' });
    // The step named is the one Asterisk ran to print the line: the sandbox's chanlog.conf line holding Verbose(3,...).
    const file = path.join(sandbox!.configDir, 'chanlog.conf');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(json.source).toBeDefined();
    expect(json.source!.file).toBe(file);
    expect(lines[json.source!.line - 1]).toMatch(/^ same => n,Verbose\(3,/);
    expect(text).toContain(` L1 v3 ${message}`);
  });

  it('still reads a routine generated before its UserEvent said the Verbose level, at level 0', { timeout: 90_000 }, async () => {
    const older = routine.replaceAll(`${ROUTINE_EVENT_HEADERS.verboseLevel}: 3,`, '');
    expect(older).not.toBe(routine);
    await probe.load(older, 'chanlog', 'ChanLog');
    const message = `older routine ${process.pid}`;
    const { json, text } = await tailBoth(message, () => probe.call({ level: '2', message }));
    expect(json).toMatchObject({ application: 'Verbose', verboseLevel: 0, chanlogLevel: 2, message, via: 'userevent' });
    expect(text).toContain(` L2 v0 ${message}`);
  });
});
