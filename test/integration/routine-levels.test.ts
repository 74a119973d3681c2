import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { RoutineProbe } from './routine-probe.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

describe.skipIf(!sandbox)('chanlog level uses the family of the routine the server runs', () => {
  let probe: RoutineProbe;
  const env = { CHANLOG_AMI_URL: sandbox?.amiUrl ?? '' };
  const level = (...words: string[]) => runCli(['level', ...words], { env });
  const linkedid = `levels-call-${process.pid}`;

  beforeAll(async () => {
    probe = await RoutineProbe.open(sandbox!);
    const generated = await runCli(['generate', '--context', 'dbg', '--family', 'DebugLevels']);
    await probe.load(generated.stdout, 'dbg', 'DebugLevels');
  });
  afterAll(() => probe.finish([['DebugLevels', 'all'], ['ChanLog', 'all'], ['DebugLevels', `call/${linkedid}`]]));

  it('set, get, list and clear work in the family found in the loaded dialplan, and the routine obeys them', async () => {
    const set = await level('set', 'all', '3');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe('DebugLevels/all = 3 (read back)\n');
    expect((await level('get', 'all')).stdout).toBe('DebugLevels/all = 3\n');
    expect((await level('list')).stdout).toMatch(/^DebugLevels\/all +3$/m);
    expect((await probe.call({ level: '3', message: 'three' })).events.map((e) => e.message)).toEqual(['three']);
    expect((await probe.call({ level: '4', message: 'four' })).events).toEqual([]);
    // ChanLog/all was not touched.
    await probe.put('ChanLog', 'all', undefined);
    expect((await level('clear', 'all')).stdout).toBe('cleared DebugLevels/all (was 3)\n');
    expect((await probe.call({ level: '0', message: 'zero' })).events).toEqual([]);
  });

  it('level set call LINKEDID turns up one call', async () => {
    const set = await level('set', 'call', linkedid, '4');
    expect(set.stdout).toBe(`DebugLevels/call/${linkedid} = 4 (read back)\n`);
    expect((await probe.call({ level: '4', message: 'this call', linkedid })).events.map((e) => e.message)).toEqual(['this call']);
    expect((await probe.call({ level: '4', message: 'another call' })).events).toEqual([]);
    expect((await level('set', 'call', 'bad linkedid', '4')).code).toBe(2);
  });

  it('falls back to ChanLog when no routine is loaded', async () => {
    await probe.load('', 'none', 'ChanLog');
    const get = await level('get', 'all');
    expect(get.stdout).toBe('ChanLog/all is not set\n');
    expect(get.stderr).toBe('');
  });
});
