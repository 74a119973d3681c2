import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient } from '../../src/ami/client.js';
import { listLevels } from '../../src/ami/levels.js';
import { formatAmiUrl, parseAmiUrl } from '../../src/ami/url.js';
import { runCli } from '../helpers/cli.js';
import { RawAmi } from '../helpers/raw-ami.js';
import { RecordingProxy } from '../helpers/recording-proxy.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

describe.skipIf(!sandbox)('chanlog level, watched from an independent AMI client', () => {
  const endpoint = sandbox ? parseAmiUrl(sandbox.amiUrl) : undefined;
  const env = { CHANLOG_AMI_URL: sandbox?.amiUrl ?? '' };
  const device = `PJSIP/lvl-${process.pid}`;
  const channel = `Local/lvl-${process.pid}@ctx-0000000a;2`;
  let raw: RawAmi;
  let before: Record<string, string>;

  beforeAll(async () => {
    raw = await RawAmi.connect(endpoint!.port);
    await raw.login(endpoint!.username, endpoint!.secret);
    before = await raw.dbTree('ChanLog');
  });
  afterAll(async () => {
    // Put back whatever a failed test left behind.
    for (const key of [`channel/${device}`, `channel/${channel}`]) raw.send({ Action: 'DBDel', Family: 'ChanLog', Key: key });
    if (before['/ChanLog/all'] === undefined) raw.send({ Action: 'DBDel', Family: 'ChanLog', Key: 'all' });
    else raw.send({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: before['/ChanLog/all'] });
    await raw.action({ Action: 'Ping' });
    raw.close();
  });

  it('set writes exactly the keys the routine reads, and confirms each by reading it back', async () => {
    for (const [args, line] of [
      [['all', '3'], 'ChanLog/all = 3 (read back)'],
      [['device', device, '5'], `ChanLog/channel/${device} = 5 (read back)`],
      [['channel', channel, '07'], `ChanLog/channel/${channel} = 7 (read back)`],
    ] as const) {
      const result = await runCli(['level', 'set', ...args], { env });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`${line}\n`);
    }
    const after = await raw.dbTree('ChanLog');
    expect(after).toEqual({ ...before, '/ChanLog/all': '3', [`/ChanLog/channel/${device}`]: '5', [`/ChanLog/channel/${channel}`]: '7' });
  });

  it('get and list show what AstDB holds', async () => {
    const get = await runCli(['level', 'get', 'device', device], { env });
    expect(get.stdout).toBe(`ChanLog/channel/${device} = 5\n`);
    const missing = await runCli(['level', 'get', 'device', `${device}-none`], { env });
    expect(missing.code).toBe(0);
    expect(missing.stdout).toBe(`ChanLog/channel/${device}-none is not set\n`);

    const list = await runCli(['level', 'list', '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    const rows = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as { key: string; level: string });
    const tree = await raw.dbTree('ChanLog');
    expect(Object.fromEntries(rows.map((r) => [`/${r.key}`, r.level]))).toEqual(tree);
    const table = await runCli(['level', 'list'], { env });
    expect(table.stdout).toMatch(new RegExp(`^ChanLog/channel/${device.replace(/\//g, '\\/')} +5$`, 'm'));
  });

  it("the CLI fallback for servers without DBGetTree reads the same as DBGetTree", async () => {
    const client = new AmiClient({ endpoint: endpoint!, events: false, pingIntervalMs: 0, reconnect: false });
    await client.connect();
    try {
      expect(await listLevels(client, { viaCli: true })).toEqual(await listLevels(client));
    } finally {
      client.close();
    }
  });

  it('clear removes exactly those keys and confirms', async () => {
    for (const args of [['all'], ['device', device], ['channel', channel]]) {
      const result = await runCli(['level', 'clear', ...args], { env });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^cleared ChanLog\/\S+ \(was \d\)\n$/);
    }
    const { ['/ChanLog/all']: _all, ...rest } = before;
    expect(await raw.dbTree('ChanLog')).toEqual(rest);
    const again = await runCli(['level', 'clear', 'device', device], { env });
    expect(again.stdout).toBe(`ChanLog/channel/${device} was not set\n`);
  });

  it('refuses a non-numeric level and a name carrying CR/LF headers: nothing reaches Asterisk', async () => {
    const proxy = await RecordingProxy.start(endpoint!.port);
    const viaProxy = { CHANLOG_AMI_URL: formatAmiUrl({ ...endpoint!, port: proxy.port }) };
    const snapshot = await raw.dbTree('ChanLog');
    try {
      for (const [args, message] of [
        [['set', 'all', 'loud'], 'level must be a whole number from 0 to 9, not "loud"'],
        [['set', 'device', device, '42'], 'level must be from 0 to 9, not 42'],
        [['set', 'device', `${device}\r\nAction: DBPut\r\nFamily: ChanLog\r\nKey: all\r\nVal: 9`, '1'], 'device name holds a line break'],
        [['clear', 'channel', `${channel}\nAction: Logoff`], 'channel name holds a line break'],
      ] as const) {
        const result = await runCli(['level', ...args], { env: viaProxy });
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(`chanlog: ${message}\n`);
      }
      expect(proxy.connections).toBe(0);
      // The client refuses too, on a live session, should a caller skip the checks.
      const client = new AmiClient({ endpoint: { ...endpoint!, port: proxy.port }, events: false, pingIntervalMs: 0, reconnect: false });
      await client.connect();
      await expect(client.action('DBPut', { Family: 'ChanLog', Key: `x\r\nAction: Logoff`, Val: '1' })).rejects.toMatchObject({ kind: 'input' });
      await client.action('Ping');
      client.close();
      expect(proxy.actions.map((a) => a.toLowerCase())).toEqual(['login', 'events', 'ping']);
      expect(proxy.sentText).not.toContain('Logoff');
    } finally {
      proxy.close();
    }
    expect(await raw.dbTree('ChanLog')).toEqual(snapshot);
  });

  it("reads the credentials from the sandbox's own manager.conf with --manager-conf --user", async () => {
    const managerConf = path.join(sandbox!.configDir, 'manager.conf');
    const result = await runCli(['level', 'get', 'device', device, '--manager-conf', managerConf, '--user', endpoint!.username], {
      env: { CHANLOG_AMI_URL: '' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`ChanLog/channel/${device} is not set\n`);
  });

  it('a wrong password gets a clear message and exit code 1, without the secret', async () => {
    const url = formatAmiUrl({ ...endpoint!, secret: 'not-the-secret' });
    const result = await runCli(['level', 'list', '--ami', url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`chanlog: ami://${endpoint!.username}@127.0.0.1:${endpoint!.port}: Asterisk refused the login: Authentication failed\n`);
  });

  it("a user without the system permission sees Asterisk's refusal", async () => {
    const stored = (await raw.dbTree('ChanLog'))['/ChanLog/all'];
    const result = await runCli(['level', 'set', 'all', '2', '--ami', sandbox!.limitedAmiUrl]);
    expect(result.code).toBe(1);
    // Before it, a note that the user may not read the loaded routine (ShowDialPlan), so the default family is used.
    expect(result.stderr).toMatch(/(^|\n)chanlog: 127\.0\.0\.1:\d+ refused DBPut: Permission denied\n$/);
    expect((await raw.dbTree('ChanLog'))['/ChanLog/all']).toBe(stored);
  });
});
