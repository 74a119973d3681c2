import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/ami/url.js';
import { startFakeAsterisk, type FakeAsterisk } from '../../src/bench/fake-asterisk.js';
import { CLI, runCli } from '../helpers/cli.js';

const SECRET = 'sup3r-s3cret-value';
let fake: FakeAsterisk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('secrets stay out of sight', () => {
  it('redacts every AMI URL in a text', () => {
    expect(redactSecrets(`tail --ami a=ami://u:${SECRET}@h:1 --ami amis://v:x%40y@h2`)).toBe('tail --ami a=ami://u:***@h:1 --ami amis://v:***@h2');
  });

  it.skipIf(process.platform !== 'linux')('blanks an --ami secret from the process title that ps shows', async () => {
    fake = await startFakeAsterisk({ secret: SECRET, capture: Buffer.alloc(0) });
    const child = spawn(process.execPath, [CLI, 'tail', '--ami', `pbx=ami://u:${SECRET}@127.0.0.1:${fake.port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    try {
      const deadline = Date.now() + 15_000;
      while (!stderr.includes('-- streaming') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(stderr).toContain('-- streaming Verbose output from pbx');
      const cmdline = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      expect(cmdline).toContain('pbx=ami://u:***@');
      expect(cmdline).not.toContain(SECRET);
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toContain(SECRET);
  });

  it('a refused login names the server without its secret', async () => {
    fake = await startFakeAsterisk({ secret: 'other', capture: Buffer.alloc(0) });
    const result = await runCli(['level', 'list', '--ami', `ami://u:${SECRET}@127.0.0.1:${fake.port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`chanlog: ami://u@127.0.0.1:${fake.port}: Asterisk refused the login: Authentication failed\n`);
  });
});
