import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmiUrl, parseAmiUrl } from '../../src/ami/url.js';
import { sandboxDown, sandboxUp, type SandboxInfo } from '../../src/sandbox/sandbox.js';
import { InstancePaths } from '../../src/sandbox/paths.js';
import { LOAD_DIALPLAN } from './global-setup.js';
import { originateLoad, RawSession } from '../tools/bench/raw-session.js';
import { LOAD_MESSAGE, loadLine, TailProcess } from '../helpers/load.js';
import { runCli } from '../helpers/cli.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

// Restarting Asterisk would disturb the other tests' instance: this file starts one of its own.
describe.skipIf(!sandbox)('chanlog tail when Asterisk restarts mid-stream', () => {
  const instance = `${sandbox?.instance ?? 'x'}-restart`;
  let info: SandboxInfo;

  beforeAll(async () => {
    info = await sandboxUp({ root: sandbox!.root, instance, dialplan: LOAD_DIALPLAN });
  });
  afterAll(async () => {
    await sandboxDown({ root: sandbox!.root, instance });
    fs.rmSync(new InstancePaths(sandbox!.root, instance).dir, { recursive: true, force: true });
  });

  it('reconnects, reports the gap on stderr, streams again, and exits 0 on Ctrl-C', { timeout: 120_000 }, async () => {
    let driver = await RawSession.open(info.endpoint, false);
    await driver.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '2' });
    const tail = new TailProcess(['--json'], { CHANLOG_AMI_URL: info.amiUrl });
    try {
      expect(await tail.until(() => tail.stderr.includes('-- streaming'), 20_000), tail.stderr).toBe(true);
      await originateLoad(driver, LOAD_MESSAGE, { calls: 3, lines: 300, first: 100 });
      expect(await tail.until(() => tail.lines.length >= 50, 30_000), `${tail.lines.length} lines; ${tail.stderr}`).toBe(true);

      // Mid-stream: Asterisk restarts in place (same process, same config), dropping every session.
      driver.send({ Action: 'Command', Command: 'core restart now' });
      expect(await tail.until(() => /^-- gap: /m.test(tail.stderr), 60_000), tail.stderr).toBe(true);
      expect(tail.stderr).toMatch(/^-- lost the connection to 127\.0\.0\.1:\d+.*; reconnecting$/m);
      expect(tail.stderr).toMatch(/^-- gap: 127\.0\.0\.1:\d+: disconnected from [\d:.]+ to [\d:.]+ \([\d.]+ s, \d+ attempts?\); lines logged in between are missing$/m);
      driver.close();

      // After the reconnect the filters are in place again: new lines arrive, and only Verbose lines.
      driver = await RawSession.open(info.endpoint, false);
      // AMI answers before the dialplan is loaded again; calls placed earlier would find no extension.
      await driver.action({ Action: 'Command', Command: 'core waitfullybooted' });
      const before = tail.lines.length;
      await originateLoad(driver, LOAD_MESSAGE, { calls: 2, lines: 20, first: 200 });
      const fresh = () => tail.lines.slice(before).filter((l) => / call 2\d\d line /.test(l)).length;
      expect(await tail.until(() => fresh() >= 40, 30_000), `${fresh()} new lines; ${tail.stderr}`).toBe(true);
      const after = tail.lines.slice(before).map((l) => JSON.parse(l) as { message: string; channel: string });
      for (const call of [200, 201]) {
        for (let n = 1; n <= 20; n++) expect(after.filter((l) => l.message === loadLine(call, n))).toHaveLength(1);
      }
      expect(await tail.interrupt()).toBe(0);
      // Nothing but JSON on stdout: the AMI library printed nothing of its own.
      for (const line of tail.lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(tail.stderr).not.toMatch(/\n\s+at |Trying to reconnect|ERROR:/);
    } finally {
      tail.kill();
      driver.close();
    }
  });
});

describe.skipIf(!sandbox)('chanlog tail with bad credentials or too few permissions', () => {
  it('a wrong password: a clear message and exit code 1', async () => {
    const endpoint = parseAmiUrl(sandbox!.amiUrl);
    const result = await runCli(['tail', '--ami', formatAmiUrl({ ...endpoint, secret: 'wrong' })]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Asterisk refused the login: Authentication failed');
    expect(result.stderr).not.toContain('wrong');
  });

  it("a user without the permission for Filter: Asterisk's refusal, exit code 1", async () => {
    const result = await runCli(['tail', '--ami', sandbox!.limitedAmiUrl]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^chanlog: 127\.0\.0\.1:\d+ refused Filter: Permission denied\n/);
  });
});
