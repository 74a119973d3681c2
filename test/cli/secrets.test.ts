import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/ami/url.js';
import { startFakeAsterisk, type FakeAsterisk } from '../tools/bench/fake-asterisk.js';
import { CLI, runCli } from '../helpers/cli.js';

const SECRET = 'sup3r-s3cret-value';
let fake: FakeAsterisk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('secrets stay out of sight', { timeout: 30_000 }, () => {
  it('redacts every AMI URL in a text, whatever the secret holds', () => {
    expect(redactSecrets(`tail --ami a=ami://u:${SECRET}@h:1 --ami amis://v:x%40y@h2`)).toBe('tail --ami a=ami://u:***@h:1 --ami amis://v:***@h2');
    expect(redactSecrets('p b=ami://chanlog:p@ss w/rd:x@10.0.0.1:5038')).toBe('p b=ami://chanlog:***@10.0.0.1:5038');
    expect(redactSecrets('AMIS://u:a b c@h')).toBe('AMIS://u:***@h');
    expect(redactSecrets('ami://u@h:5038: refused, see you@example.com')).toBe('ami://u@h:5038: refused, see you@example.com');
    expect(redactSecrets('one ami://u:s1@h\nand ami://v:s2@k')).toBe('one ami://u:***@h\nand ami://v:***@k');
  });

  it.each([
    ['a name with a space', ['--ami', `p b=ami://chanlog:${SECRET}@127.0.0.1:1`], /^chanlog: --ami: in NAME=URL, NAME may hold only letters, digits/],
    ['a malformed percent-encoding', ['--ami', `ami://u:${SECRET}%ZZ@127.0.0.1:1`], /^chanlog: --ami: the AMI secret holds a malformed percent-encoding/],
    ['a NUL in the secret', ['--ami', `ami://u:${SECRET}%00@127.0.0.1:1`], /^chanlog: --ami: the AMI secret holds a control character/],
    ['an escape in the user', ['--ami', `ami://u%1B:${SECRET}@127.0.0.1:1`], /^chanlog: --ami: the AMI user holds a control character/],
    ['a query', ['--ami', `ami://u:${SECRET}@127.0.0.1:1?ca=/x.pem`], /^chanlog: --ami: the AMI URL has a \?query or #fragment/],
    ['a path', ['--ami', `ami://u:${SECRET}@127.0.0.1:1/asterisk`], /^chanlog: --ami: the AMI URL has a path/],
    ['no host', ['--ami', `ami://u:${SECRET}@`], /^chanlog: --ami: not an AMI URL|names no host/],
    ['no scheme', ['--ami', `u:${SECRET}@127.0.0.1:1`], /^chanlog: --ami: not an AMI URL/],
  ])('refuses %s as a usage error (exit 2) without showing the secret', async (_what, args, message) => {
    const result = await runCli(['level', 'get', 'all', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr + result.stdout).not.toContain(SECRET);
  });

  it('refuses a malformed CHANLOG_AMI_URL without showing its secret', async () => {
    const result = await runCli(['level', 'get', 'all'], { env: { CHANLOG_AMI_URL: `ami://u:${SECRET}%G1@h` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('chanlog: CHANLOG_AMI_URL: the AMI secret holds a malformed percent-encoding (write a % itself as %25)\n');
  });

  it.skipIf(process.platform !== 'linux')('blanks an --ami secret with @ and spaces from the process title that ps shows', async () => {
    const secret = `p@ss w0rd ${SECRET}`;
    fake = await startFakeAsterisk({ secret, capture: Buffer.alloc(0) });
    const child = spawn(process.execPath, [CLI, 'tail', '--ami', `pbx=ami://u:${secret}@127.0.0.1:${fake.port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    try {
      const deadline = Date.now() + 15_000;
      while (!stderr.includes('-- streaming') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(stderr).toContain('-- streaming what the dialplan logs on pbx');
      const cmdline = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      expect(cmdline).toContain(`pbx=ami://u:***@127.0.0.1:${fake.port}`);
      expect(cmdline).not.toContain(SECRET);
      expect(cmdline).not.toContain('p@ss');
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toContain(SECRET);
  });

  it.skipIf(process.platform !== 'linux')('once the secret has left /proc/PID/cmdline, it never comes back', async () => {
    fake = await startFakeAsterisk({ secret: 'other', capture: Buffer.alloc(0) });
    const child = spawn(process.execPath, [CLI, 'level', 'list', '--ami', `ami://u:${SECRET}@127.0.0.1:${fake.port}`], { stdio: 'ignore' });
    const samples: boolean[] = [];
    const exited = new Promise((resolve) => child.on('close', resolve));
    let done = false;
    void exited.then(() => (done = true));
    while (!done) {
      try {
        samples.push(fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes(SECRET));
      } catch {
        break;
      }
      await new Promise((r) => setImmediate(r));
    }
    await exited;
    const hiddenAt = samples.indexOf(false);
    expect(hiddenAt).toBeGreaterThanOrEqual(0);
    expect(samples.slice(hiddenAt).filter((shown) => shown)).toEqual([]);
  });

  it('a refused login names the server without its secret', async () => {
    fake = await startFakeAsterisk({ secret: 'other', capture: Buffer.alloc(0) });
    const result = await runCli(['level', 'list', '--ami', `ami://u:${SECRET}@127.0.0.1:${fake.port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`chanlog: ami://u@127.0.0.1:${fake.port}: Asterisk refused the login: Authentication failed\n`);
  });
});
