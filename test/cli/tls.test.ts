import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAsterisk, type FakeAsterisk } from '../../src/bench/fake-asterisk.js';
import { execFile, findCommand } from '../../src/util/exec.js';
import { runCli } from '../helpers/cli.js';

// amis:// goes through a loopback tunnel (asterisk-manager speaks plain TCP only). Asterisk's
// TLS listener is stood in for by a Node TLS server with a certificate made for the test.
describe.skipIf(!findCommand('openssl'))('amis:// (AMI over TLS)', () => {
  let dir: string;
  let fake: FakeAsterisk;
  let server: tls.Server;
  let port: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-tls-'));
    const made = await execFile('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ]);
    if (made.code !== 0) throw new Error(made.stderr);
    fake = await startFakeAsterisk({ secret: 's', capture: Buffer.alloc(0) });
    server = tls.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (secure) => {
      const plain = net.connect(fake.port, '127.0.0.1');
      secure.pipe(plain).pipe(secure);
      secure.on('error', () => plain.destroy());
      plain.on('error', () => secure.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    server?.close();
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs in and works through TLS when the certificate is trusted', async () => {
    const result = await runCli(['level', 'list', '--ami', `amis://u:s@localhost:${port}`], { env: { NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem') } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('no ChanLog levels are set\n');
    expect(fake.actions.map((a) => a.Action?.toLowerCase())).toContain('dbgettree');
  });

  it('refuses a certificate it cannot verify, with a clear message', async () => {
    const result = await runCli(['level', 'list', '--ami', `amis://u:s@localhost:${port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^chanlog: amis:\/\/u@localhost:\d+: TLS connection failed: self-signed certificate/);
  });
});
