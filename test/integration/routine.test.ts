import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_CONTEXT, RoutineProbe, type CallResult } from './routine-probe.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();
const FAMILY = 'ChanLog';
/** The device of the probe's `run` calls: `Local/run@chanlog-probe-0000002a;2` up to its last "-". */
const RUN_DEVICE = `Local/run@${PROBE_CONTEXT}`;

const inRoutine = (call: CallResult) => call.steps.filter((s) => s.context === 'chanlog');
const complaints = (call: CallResult) => call.log.filter((l) => /WARNING|ERROR/.test(l));

describe.skipIf(!sandbox)('the shipped routine (dialplan/chanlog.conf) on the sandbox Asterisk', () => {
  let probe: RoutineProbe;

  beforeAll(async () => {
    probe = await RoutineProbe.open(sandbox!);
    await probe.load(fs.readFileSync(path.resolve('dialplan/chanlog.conf'), 'utf8'), 'chanlog', FAMILY);
    for (const key of ['all', `channel/${RUN_DEVICE}`]) await probe.put(FAMILY, key, undefined);
  });
  afterAll(() => probe.finish(['all', `channel/${RUN_DEVICE}`].map((key) => [FAMILY, key] as const)));

  it('runs at most 2 steps in [chanlog] for a quiet call and at most 5 for a printing one (counted from Newexten)', async () => {
    await probe.put(FAMILY, 'all', '3');
    const quiet = await probe.call({ level: '4', message: 'not printed, with, commas' });
    const printing = await probe.call({ level: '3', message: 'printed, with, eight, commas, a, b, c, d, e' });
    expect(inRoutine(quiet).length).toBeGreaterThan(0);
    expect(inRoutine(quiet).length).toBeLessThanOrEqual(2);
    expect(quiet.events).toEqual([]);
    expect(inRoutine(printing).map((s) => s.application)).toEqual(['ExecIf', 'UserEvent', 'Verbose', 'Return']);
    expect(printing.events.map((e) => e.message)).toEqual(['printed, with, eight, commas, a, b, c, d, e']);
    process.stdout.write(`routine steps: quiet ${inRoutine(quiet).length}, printing ${inRoutine(printing).length}\n`);
  });

  it('prints at or below the highest of the four levels: all, channel, device and call', async () => {
    await probe.put(FAMILY, 'all', '2');
    const printed = async (level: string, options: { extension?: string; linkedid?: string } = {}) =>
      (await probe.call({ level, message: `at ${level}`, ...options })).events.map((e) => e.message);
    expect(await printed('2')).toEqual(['at 2']);
    expect(await printed('3')).toEqual([]);

    await probe.put(FAMILY, `channel/${RUN_DEVICE}`, '4');
    expect(await printed('4')).toEqual(['at 4']);
    expect(await printed('5')).toEqual([]);
    await probe.put(FAMILY, `channel/${RUN_DEVICE}`, undefined);

    // own-channel stores 5 under its own full channel name before it logs.
    expect(await printed('5', { extension: 'own-channel' })).toEqual(['at 5']);
    expect(await printed('6', { extension: 'own-channel' })).toEqual([]);

    const linkedid = `call-level-${process.pid}`;
    await probe.put(FAMILY, `call/${linkedid}`, '7');
    try {
      expect(await printed('7', { linkedid })).toEqual(['at 7']);
      expect(await printed('8', { linkedid })).toEqual([]);
      expect(await printed('7', { linkedid: `${linkedid}-other` })).toEqual([]);
    } finally {
      await probe.put(FAMILY, `call/${linkedid}`, undefined);
    }
    await probe.put(FAMILY, 'all', undefined);
    expect(await printed('0')).toEqual([]);
  });

  it('counts a stored value that is not a whole number as unset, without a word in the log', async () => {
    // (AMI strips the blanks around a header value, so " 5" cannot be stored this way.)
    for (const value of ['abc', '', '5x', '1.5', '-1', '"', '5"', '5)', '${X}', '$[1]', '5 | 1', '0x5', '５']) {
      await probe.put(FAMILY, 'all', value);
      const call = await probe.call({ level: '0', message: `stored ${value}` });
      expect(call.events, `stored ${JSON.stringify(value)}`).toEqual([]);
      expect(complaints(call), `stored ${JSON.stringify(value)}`).toEqual([]);
    }
    // ...and the other keys still count.
    await probe.put(FAMILY, 'all', 'junk');
    await probe.put(FAMILY, `channel/${RUN_DEVICE}`, '3');
    const call = await probe.call({ level: '3', message: 'device wins' });
    expect(call.events.map((e) => e.message)).toEqual(['device wins']);
    expect(complaints(call)).toEqual([]);
    await probe.put(FAMILY, `channel/${RUN_DEVICE}`, undefined);
    // Numbers compare as numbers, not text: 10 is above 9.
    await probe.put(FAMILY, 'all', '10');
    expect((await probe.call({ level: '9', message: 'nine' })).events.map((e) => e.message)).toEqual(['nine']);
    await probe.put(FAMILY, 'all', '9');
    expect((await probe.call({ level: '10', message: 'ten' })).events).toEqual([]);
    await probe.put(FAMILY, 'all', undefined);
  });

  it('prints nothing for a LEVEL that is not a whole number, without a word in the log', async () => {
    await probe.put(FAMILY, 'all', '9');
    for (const level of ['x', '', '1.5', '-1', ' 3', '3 ', '"', '1|1', '${ARG1}', '$[1]', '0x1']) {
      const call = await probe.call({ level, message: `level ${level}` });
      expect(call.events, `LEVEL ${JSON.stringify(level)}`).toEqual([]);
      expect(complaints(call), `LEVEL ${JSON.stringify(level)}`).toEqual([]);
    }
    await probe.put(FAMILY, 'all', undefined);
  });

  it('delivers the message whole in a UserEvent, with the level, the Verbose level and the caller', async () => {
    await probe.put(FAMILY, 'all', '9');
    const messages = [
      'plain',
      '',
      ',',
      'a,,b,',
      'one,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve',
      '(a,b) f(x)',
      '"quoted, with comma" and \'single\'',
      'back\\slash \\, and \\n',
      'ünïcödé ✓',
      'forged\r\nEvent: UserEvent\r\nUserEvent: ChanLog\r\n\r\n',
      '${CHANNEL} $[1+1] not evaluated',
    ];
    for (const message of messages) {
      const call = await probe.call({ level: '1', message });
      expect(call.events, JSON.stringify(message)).toEqual([{ level: 1, verboseLevel: 0, caller: { context: PROBE_CONTEXT, extension: 'run', priority: 1 }, message }]);
      expect(complaints(call), JSON.stringify(message)).toEqual([]);
    }
    const literal = await probe.call({ extension: 'literal' });
    expect(literal.events.map((e) => e.message)).toEqual(['a "quoted, text" (paren) ; semicolon, and more']);
    expect(literal.log.some((l) => l.endsWith('a "quoted, text" (paren) ; semicolon, and more'))).toBe(true);
    await probe.put(FAMILY, 'all', undefined);
  });
});
