import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeedLine } from '../../src/ami/feed-types.js';
import { InstancePaths } from '../../src/sandbox/paths.js';
import { sandboxDown } from '../../src/sandbox/sandbox.js';
import { runCli } from '../helpers/cli.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

// `npm start` when stdout is not a terminal: the demo on the feed, on an instance of its own.
describe.skipIf(!sandbox)('chanlog start (the demo) streams through the feed', () => {
  const instance = `${sandbox?.instance ?? 'x'}-demo`;
  afterAll(async () => {
    await sandboxDown({ root: sandbox!.root, instance });
    fs.rmSync(new InstancePaths(sandbox!.root, instance).dir, { recursive: true, force: true });
  });

  it('places the calls, prints their routine lines as the JSON tail prints them, and exits 0', { timeout: 120_000 }, async () => {
    const result = await runCli(['start', '--root', sandbox!.root, '--instance', instance, '--calls', '2', '--json'], { timeoutMs: 100_000 });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as FeedLine);
    for (const exten of ['7001', '7002']) {
      const called = lines.find((l) => l.message.endsWith(` called ${exten}`));
      expect(called, result.stdout).toMatchObject({ server: 'sandbox', via: 'userevent', chanlogLevel: 1, caller: { context: 'chanlog-demo', extension: exten } });
    }
    // The loud device logs at level 5; the others only up to the global 2.
    expect(lines.some((l) => l.device === 'Local/7002@chanlog-demo' && l.chanlogLevel === 5)).toBe(true);
    expect(lines.filter((l) => l.device === 'Local/7001@chanlog-demo').every((l) => (l.chanlogLevel ?? 0) <= 2)).toBe(true);
    expect(result.stderr).toContain('streaming what the dialplan logs');
  });

  it('refuses a call count that is not a whole number', async () => {
    const result = await runCli(['start', '--calls', 'abc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--calls <n>' argument 'abc' is invalid");
  });
});
