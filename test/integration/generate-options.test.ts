import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { RoutineProbe, type CallResult } from './routine-probe.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

/** `chanlog generate` with these options, as the CLI prints it. */
async function generate(args: string[]): Promise<string> {
  const result = await runCli(['generate', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

const messagesOf = (call: CallResult) => call.events.map((e) => e.message);

describe.skipIf(!sandbox)('chanlog generate options, loaded into the sandbox Asterisk', () => {
  let probe: RoutineProbe;

  beforeAll(async () => {
    probe = await RoutineProbe.open(sandbox!);
  });
  afterAll(async () => {
    await probe.ami.action({ Action: 'Command', Command: 'core set verbose 0' });
    await probe.finish([['ChanLog', 'all'], ['DebugLevels', 'all']]);
  });

  it('--context: callers GoSub into the context named, with the same step counts', async () => {
    await probe.load(await generate(['--context', 'debug-log']), 'debug-log', 'ChanLog');
    await probe.put('ChanLog', 'all', '4');
    const printing = await probe.call({ level: '4', message: 'via debug-log' });
    const quiet = await probe.call({ level: '5', message: 'quiet' });
    expect(messagesOf(printing)).toEqual(['via debug-log']);
    expect(printing.steps.filter((s) => s.context === 'debug-log').length).toBe(4);
    expect(messagesOf(quiet)).toEqual([]);
    expect(quiet.steps.filter((s) => s.context === 'debug-log').length).toBe(1);
    await probe.put('ChanLog', 'all', undefined);
  });

  it('--family: the routine reads the levels of that AstDB family only', async () => {
    await probe.load(await generate(['--family', 'DebugLevels']), 'chanlog', 'DebugLevels');
    await probe.put('ChanLog', 'all', '9');
    expect(messagesOf(await probe.call({ level: '1', message: 'ChanLog/all is not ours' }))).toEqual([]);
    await probe.put('DebugLevels', 'all', '2');
    expect(messagesOf(await probe.call({ level: '2', message: 'DebugLevels/all is' }))).toEqual(['DebugLevels/all is']);
    expect(messagesOf(await probe.call({ level: '3', message: 'above it' }))).toEqual([]);
    // The channel key of the family counts too (own-channel stores it under the family given to the probe).
    expect(messagesOf(await probe.call({ level: '5', message: 'own channel', extension: 'own-channel' }))).toEqual(['own channel']);
    await probe.put('ChanLog', 'all', undefined);
    await probe.put('DebugLevels', 'all', undefined);
  });

  it("--verbose-level: the line reaches Asterisk's log only when the core verbosity is that high; the UserEvent always", async () => {
    await probe.load(await generate(['--verbose-level', '3']), 'chanlog', 'ChanLog');
    await probe.put('ChanLog', 'all', '9');
    await probe.ami.action({ Action: 'Command', Command: 'core set verbose 2' });
    const below = await probe.call({ level: '1', message: 'verbose three, console at two' });
    await probe.ami.action({ Action: 'Command', Command: 'core set verbose 3' });
    const at = await probe.call({ level: '1', message: 'verbose three, console at three' });
    await probe.ami.action({ Action: 'Command', Command: 'core set verbose 0' });
    expect(messagesOf(below)).toEqual(['verbose three, console at two']);
    expect(below.log.some((l) => l.endsWith('verbose three, console at two'))).toBe(false);
    expect(messagesOf(at)).toEqual(['verbose three, console at three']);
    expect(at.log.some((l) => l.endsWith('verbose three, console at three'))).toBe(true);
    await probe.put('ChanLog', 'all', undefined);
  });

  it('all options together', async () => {
    await probe.load(await generate(['--context', 'dbg.2', '--family', 'DebugLevels', '--verbose-level', '0']), 'dbg.2', 'DebugLevels');
    await probe.put('DebugLevels', 'all', '1');
    const call = await probe.call({ level: '1', message: 'a, b, (c)' });
    expect(messagesOf(call)).toEqual(['a, b, (c)']);
    expect(call.log.some((l) => l.endsWith('a, b, (c)'))).toBe(true);
    await probe.put('DebugLevels', 'all', undefined);
  });
});
