import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_SERVERS, type HostileServer } from '../helpers/hostile-servers.js';
import { runCli } from '../helpers/cli.js';

// Every command that connects, against servers that are not a working Asterisk: each must end
// on its own (never killed by the test's timeout) with exit 1, a message that says what went
// wrong, and bounded memory. CHANLOG_AMI_TIMEOUT shortens the deadlines to keep the suite short.
const ENV = { CHANLOG_AMI_TIMEOUT: '2' };
const MEMORY_LIMIT_MB = 200;

/** What each server must be told apart by; `step` is the deadline or failure the message names. */
const EXPECTED: Record<string, RegExp> = {
  'silent port': /connected, but no AMI greeting within 2 s \(is this the manager port of an Asterisk\?\)/,
  'greeting then silence': /no answer to Login within 2 s/,
  garbage: /not an Asterisk manager: it greeted with|the server sent a greeting over 1024 bytes without its end: connection reset/,
  'endless flood of headers': /the server sent an event over 1 MiB without its end: connection reset/,
  'endless flood of one line': /the server sent an event over 1 MiB without its end: connection reset/,
  'slow drip': /connected, but no AMI greeting within 2 s/,
  // The RST is read as a reset, or (when it races the close) as a frame cut short: both say what happened.
  'reset mid-frame': /lost the connection to 127\.0\.0\.1:\d+ \(the server (reset the connection|closed the connection in the middle of a frame)\)/,
  'an HTTP server': /connected, but no AMI greeting within 2 s/,
  // The level commands first read the loaded routine (ShowDialPlan), then the levels (DBGet, DBGetTree).
  'endless list': /sent more than 64 MiB of events for (ShowDialPlan|DBGet(Tree)?): connection reset/,
};

/** Servers that only a list action meets (doctor and tail send none to it that floods). */
const LIST_ONLY = new Set(['endless list']);
/** The endless list is given time to reach its size limit before the action's deadline. */
const ENV_FOR: Record<string, NodeJS.ProcessEnv> = { 'endless list': { CHANLOG_AMI_TIMEOUT: '60' } };

/** The commands: one-shot ones, doctor (which reports a failed login in its report), lint --ami, and a long-running one. */
const LINTED = fileURLToPath(new URL('../fixtures/routine/marker-routine.conf', import.meta.url));
const COMMANDS = [['level', 'get', 'all'], ['level', 'list', '--json'], ['doctor'], ['lint', LINTED], ['tail']];

const servers = new Map<string, HostileServer>();
beforeAll(async () => {
  for (const [name, start] of Object.entries(HOSTILE_SERVERS)) servers.set(name, await start());
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

describe.concurrent('commands against hostile servers', () => {
  for (const name of Object.keys(HOSTILE_SERVERS)) {
    for (const args of COMMANDS.filter((a) => !LIST_ONLY.has(name) || a[0] === 'level')) {
      it(`${args.join(' ')}: ${name}`, async () => {
        const port = servers.get(name)!.port;
        const result = await runCli([...args, '--ami', `ami://u:s3cr3t-value@127.0.0.1:${port}`], { env: ENV_FOR[name] ?? ENV, timeoutMs: 90_000 });
        expect(result.signal).toBeNull();
        expect(result.code).toBe(1);
        expect(`${result.stdout}${result.stderr}`).toMatch(EXPECTED[name]!);
        expect(`${result.stdout}${result.stderr}`).not.toContain('s3cr3t-value');
        expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
        expect(result.peakRssMb).toBeLessThan(MEMORY_LIMIT_MB);
      }, 100_000);
    }
  }

  it('amis:// to a port that never answers the TLS handshake: the step is named', async () => {
    const port = servers.get('silent port')!.port;
    const result = await runCli(['level', 'get', 'all', '--ami', `amis://u:s@127.0.0.1:${port}`, '--ami-fingerprint', 'AB'.repeat(32)], { env: ENV, timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`chanlog: amis://u@127.0.0.1:${port}: TLS handshake not finished within 2 s\n`);
  }, 40_000);

  it('a closed port: connection refused, for a one-shot and a long-running command', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    for (const args of [['level', 'get', 'all'], ['tail']]) {
      const result = await runCli([...args, '--ami', `ami://u:s@127.0.0.1:${port}`], { env: ENV, timeoutMs: 30_000 });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`chanlog: ami://u@127.0.0.1:${port}: connection refused (is Asterisk running, with the manager enabled on that port?)\n`);
    }
  }, 40_000);
});
