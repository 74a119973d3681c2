import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAmiUrl } from '../../src/ami/url.js';
import { RawSession } from '../tools/bench/raw-session.js';
import { TailProcess } from '../helpers/load.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

interface JsonLine {
  message: string;
  via: string;
  source?: { file: string; line: number };
  callerSource?: { file: string; line: number };
}

describe.skipIf(!sandbox)('chanlog tail --dialplan maps lines to their source through the parser', () => {
  let driver: RawSession;
  const device = 'Local/7002@chanlog-demo';

  beforeAll(async () => {
    driver = await RawSession.open(parseAmiUrl(sandbox!.amiUrl), false);
    await driver.action({ Action: 'DBPut', Family: 'ChanLog', Key: `channel/${device}`, Val: '1' });
  });
  afterAll(async () => {
    await driver.action({ Action: 'DBDel', Family: 'ChanLog', Key: `channel/${device}` });
    driver.close();
  });

  it("puts the caller's file:line on routine lines and the routine's own line on its Verbose step", { timeout: 60_000 }, async () => {
    // The sandbox's own extensions.conf, with the includes it loads, is the dialplan to map against.
    const extensions = path.join(sandbox!.configDir, 'extensions.conf');
    const tail = new TailProcess(['--json', '--device', device, '--dialplan', extensions], { CHANLOG_AMI_URL: sandbox!.amiUrl });
    try {
      expect(await tail.until(() => tail.stderr.includes('-- streaming'), 20_000), tail.stderr).toBe(true);
      await driver.action({ Action: 'Originate', Channel: device, Application: 'Wait', Data: '1', Async: 'true' });
      await tail.until(() => tail.lines.some((l) => l.includes(' called 7002')), 20_000);
      expect(await tail.interrupt()).toBe(0);
    } finally {
      await tail.interrupt();
    }
    const called = tail.lines.map((l) => JSON.parse(l) as JsonLine).find((l) => l.message.endsWith(' called 7002'));
    expect(called, tail.stderr).toBeDefined();
    const demo = path.join(sandbox!.configDir, 'chanlog-demo.conf');
    const demoLine = fs.readFileSync(demo, 'utf8').split('\n').findIndex((l) => l.includes('called ${EXTEN}')) + 1;
    expect(called!.callerSource).toEqual({ file: demo, line: demoLine });
    const routine = path.join(sandbox!.configDir, 'chanlog.conf');
    // The line came through the routine's UserEvent; the step that printed it is the first Verbose step, right after.
    const verboseLine = fs.readFileSync(routine, 'utf8').split('\n').findIndex((l) => !l.startsWith(';') && l.includes(',Verbose(')) + 1;
    expect(called!.via).toBe('userevent');
    expect(called!.source).toEqual({ file: routine, line: verboseLine });
  });
});
