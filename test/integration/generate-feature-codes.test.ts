import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { RoutineProbe } from './routine-probe.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();
const PHONES = 'chanlog-phones';

/** The routine, the feature codes generated with `args`, and a phones' context that includes them. */
async function dialplanWith(args: string[]): Promise<string> {
  const result = await runCli(['generate', 'feature-codes', ...args]);
  expect(result.code, result.stderr).toBe(0);
  const routine = fs.readFileSync(path.resolve('dialplan/chanlog.conf'), 'utf8');
  return `${routine}\n${result.stdout}\n[${PHONES}]\ninclude => chanlog-feature-codes\n`;
}

describe.skipIf(!sandbox)('chanlog generate feature-codes, dialled from Local channels on the sandbox Asterisk', () => {
  let probe: RoutineProbe;
  const keys: [family: string, key: string][] = [];
  /** The key of the device a Local call to EXTEN in the phones' context is (its channel name up to the last "-"). */
  const deviceKey = (exten: string, family = 'ChanLog') => {
    const key = `channel/Local/${exten}@${PHONES}`;
    keys.push([family, key]);
    return { family, key };
  };
  const stored = async ({ family, key }: { family: string; key: string }) => {
    const text = probe.ami.text.length;
    await probe.ami.action({ Action: 'DBGet', Family: family, Key: key }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    return /Event: DBGetResponse\r\n(?:.*\r\n)*?Val: (.*)\r\n/.exec(probe.ami.text.slice(text))?.[1];
  };

  beforeAll(async () => {
    probe = await RoutineProbe.open(sandbox!);
  });
  afterAll(() => probe.finish(keys));

  it('*58N sets the calling phone\'s own device level and says it; *58 clears it; nothing else changes', async () => {
    await probe.load(await dialplanWith([]), 'chanlog', 'ChanLog');
    await probe.put('ChanLog', 'all', '1');
    const set = await probe.call({ extension: '*585', context: PHONES });
    expect(await stored(deviceKey('*585'))).toBe('5');
    expect(set.steps.filter((s) => s.application === 'SayDigits').map((s) => s.appData)).toEqual(['5']);

    const other = deviceKey('*58');
    await probe.put(other.family, other.key, '3');
    const clear = await probe.call({ extension: '*58', context: PHONES });
    expect(await stored(other)).toBeUndefined();
    expect(clear.steps.some((s) => s.application === 'Playback' && s.appData === 'beep')).toBe(true);
    // Only the caller's own device key was touched.
    expect(await stored(deviceKey('*585'))).toBe('5');
    expect(await stored({ family: 'ChanLog', key: 'all' })).toBe('1');
    await probe.put('ChanLog', 'all', undefined);
  });

  it('--prefix and --family: the codes start with the prefix and write that family', async () => {
    await probe.load(await dialplanWith(['--prefix', '#7', '--family', 'DebugLevels']), 'chanlog', 'ChanLog');
    await probe.call({ extension: '#79', context: PHONES });
    expect(await stored(deviceKey('#79', 'DebugLevels'))).toBe('9');
    expect(await stored(deviceKey('#79', 'ChanLog'))).toBeUndefined();
    await probe.call({ extension: '*584', context: PHONES });
    expect(await stored(deviceKey('*584'))).toBeUndefined();
  });

  it('--technologies: a channel of a technology not allowed hears the refusal and changes nothing', async () => {
    await probe.load(await dialplanWith(['--technologies', 'PJSIP,SIP']), 'chanlog', 'ChanLog');
    const refused = await probe.call({ extension: '*586', context: PHONES });
    expect(await stored(deviceKey('*586'))).toBeUndefined();
    expect(refused.steps.map((s) => s.application)).toContain('Playback');
    expect(refused.steps.map((s) => s.application)).not.toContain('Set');
  });
});
