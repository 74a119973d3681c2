import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient } from '../../src/ami/client.js';
import { clearLevel, getLevel, setLevel } from '../../src/ami/levels.js';
import { parseAmiUrl } from '../../src/ami/url.js';
import { openFeed } from '../../src/ami/feed.js';
import type { FeedLine } from '../../src/ami/feed-types.js';
import { InstancePaths } from '../../src/sandbox/paths.js';
import { portAnswers } from '../../src/sandbox/process.js';
import { runCli } from '../helpers/cli.js';
import { RawAmi } from '../helpers/raw-ami.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

describe.skipIf(!sandbox)('the sandbox Asterisk round trip', () => {
  let client: AmiClient;

  beforeAll(async () => {
    client = new AmiClient({ endpoint: parseAmiUrl(sandbox!.amiUrl), name: 'sandbox' });
    await client.connect();
  });
  afterAll(() => client?.close());

  it('runs Asterisk 22', () => {
    expect(sandbox!.asteriskVersion).toMatch(/^Asterisk 22\./);
  });

  it('writes a ChanLog level with DBPut that an independent client reads back with DBGet', async () => {
    const device = `PJSIP/roundtrip-${Date.now()}`;
    await setLevel(client, { kind: 'device', name: device }, '4');
    const { port, username, secret } = parseAmiUrl(sandbox!.amiUrl);
    const raw = await RawAmi.connect(port);
    try {
      expect((await raw.login(username, secret)).response).toBe('Success');
      expect(await raw.dbGet('ChanLog', `channel/${device}`)).toBe('4');
      expect(await getLevel(client, { kind: 'device', name: device })).toBe('4');
      expect(await clearLevel(client, { kind: 'device', name: device })).toBe('4');
      expect(await raw.dbGet('ChanLog', `channel/${device}`)).toBeUndefined();
    } finally {
      raw.close();
    }
  });

  it('originates a Local/ call whose dialplan step logs through the ChanLog routine', async () => {
    const device = 'Local/7002@chanlog-demo';
    await setLevel(client, { kind: 'device', name: device }, '5');
    const feed = await openFeed([{ name: 'sandbox', endpoint: parseAmiUrl(sandbox!.amiUrl), source: 'test' }], {});
    const lines: FeedLine[] = [];
    feed.subscribe((event) => event.kind === 'line' && lines.push(event.line));
    try {
      await client.action('Originate', { Channel: `Local/7002@chanlog-demo`, Application: 'Wait', Data: '1', Async: 'true' });
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !lines.some((l) => /^rolled [1-6]$/.test(l.message))) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await feed.stop();
      await clearLevel(client, { kind: 'device', name: device });
    }

    const called = lines.find((l) => l.message.endsWith(' called 7002'));
    expect(called, `lines seen: ${JSON.stringify(lines.map((l) => l.message))}`).toBeDefined();
    expect(called!.channel).toMatch(/^Local\/7002@chanlog-demo-[0-9a-f]+;2$/);
    expect(called!.device).toBe(device);
    expect(called!.chanlogLevel).toBe(1);
    // Level 5 lines print only because this device is turned up to 5.
    const rolled = lines.find((l) => l.message.startsWith('rolled '));
    expect(rolled?.chanlogLevel).toBe(5);
    // The routine says where it was called from: the demo's `rolled` GoSub is priority 4 of 7002.
    expect(rolled?.caller).toEqual({ context: 'chanlog-demo', extension: '7002', priority: 4 });
    // A message with commas arrives whole.
    expect(lines.some((l) => /^caller "", context chanlog-demo, priority 2$/.test(l.message))).toBe(true);
  });
});

describe.skipIf(!sandbox)('chanlog sandbox up | env | status | down', () => {
  const instance = `${sandbox?.instance ?? 'x'}-updown`;
  const common = ['--root', sandbox?.root ?? '', '--instance', instance];

  afterAll(async () => {
    await runCli(['sandbox', 'down', ...common]);
    if (sandbox) fs.rmSync(new InstancePaths(sandbox.root, instance).dir, { recursive: true, force: true });
  });

  it('starts, hands out a working AMI URL, and closes the port on down', async () => {
    const up = await runCli(['sandbox', 'up', ...common], { timeoutMs: 120_000 });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^Asterisk 22\.\S+ running \(pid \d+\)/m);
    expect(up.stdout).not.toMatch(/secret:[^ ]*[A-Za-z0-9]{20}/);

    const env = await runCli(['sandbox', 'env', ...common]);
    expect(env.code).toBe(0);
    const match = /^CHANLOG_AMI_URL=(ami:\/\/\S+)$/m.exec(env.stdout);
    expect(match).not.toBeNull();
    const endpoint = parseAmiUrl(match![1]!);
    expect(endpoint.host).toBe('127.0.0.1');

    const raw = await RawAmi.connect(endpoint.port);
    const login = await raw.login(endpoint.username, endpoint.secret);
    raw.close();
    expect(login.response).toBe('Success');

    const status = await runCli(['sandbox', 'status', ...common]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`AMI 127.0.0.1:${endpoint.port} answers`);

    const down = await runCli(['sandbox', 'down', ...common]);
    expect(down.code, down.stderr).toBe(0);
    expect(await portAnswers(endpoint.port)).toBe(false);

    const after = await runCli(['sandbox', 'status', ...common]);
    expect(after.code).toBe(3);
    expect(after.stdout).toContain('not running');
  });

  it('refuses a port that is in use, with a clear message', async () => {
    const port = parseAmiUrl(sandbox!.amiUrl).port; // the test instance holds it
    const up = await runCli(['sandbox', 'up', ...common, '--port', String(port)]);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect(up.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
