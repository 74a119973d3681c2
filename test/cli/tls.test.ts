import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAsterisk, type FakeAsterisk } from '../tools/bench/fake-asterisk.js';
import { execFile, findCommand } from '../../src/util/exec.js';
import { runCli } from '../helpers/cli.js';

// amis:// is spoken natively (node:tls). Asterisk's TLS listener is stood in for by a Node TLS
// server with a self-signed certificate made for the test, naming DNS:localhost only.
describe.skipIf(!findCommand('openssl'))('amis:// (AMI over TLS)', { timeout: 60_000 }, () => {
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

  it('refuses a certificate it cannot verify, with a clear message and what to do', async () => {
    const result = await runCli(['level', 'list', '--ami', `amis://u:s@localhost:${port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^chanlog: amis:\/\/u@localhost:\d+: TLS connection failed: self-signed certificate \(trust its CA with --ami-ca FILE, or pin/);
    expect(result.peakRssMb).toBeLessThan(200);
  });

  it('trusts the CA given with --ami-ca, and still checks that the certificate names the host', async () => {
    const ca = path.join(dir, 'cert.pem');
    const trusted = await runCli(['level', 'list', '--ami', `amis://u:s@localhost:${port}`, '--ami-ca', ca]);
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    const byAddress = await runCli(['level', 'list', '--ami', `amis://wrong-name:s@127.0.0.1:${port}`, '--ami-ca', ca]);
    expect(byAddress.code).toBe(1);
    expect(byAddress.stderr).toMatch(/TLS connection failed: Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not in the cert's list/);
    expect(fake.actions.some((a) => a.Username === 'wrong-name')).toBe(false);
  });

  it('accepts exactly the pinned certificate with --ami-fingerprint, whatever it names', async () => {
    const fingerprint = new X509Certificate(fs.readFileSync(path.join(dir, 'cert.pem'))).fingerprint256;
    const pinned = await runCli(['level', 'list', '--ami', `amis://u:s@127.0.0.1:${port}`, '--ami-fingerprint', fingerprint.replace(/:/g, '').toLowerCase()]);
    expect(pinned.stderr).toBe('');
    expect(pinned.code).toBe(0);
    const other = `${fingerprint.slice(0, -2)}${fingerprint.endsWith('00') ? '01' : '00'}`;
    const wrong = await runCli(['level', 'list', '--ami', `amis://pin-wrong:s@127.0.0.1:${port}`, '--ami-fingerprint', other]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`chanlog: amis://pin-wrong@127.0.0.1:${port}: TLS connection refused: the server's certificate has SHA-256 fingerprint ${fingerprint}, not the pinned ${other}\n`);
    expect(fake.actions.some((a) => a.Username === 'pin-wrong')).toBe(false);
  });

  it('says so when amis:// meets a plain manager port', async () => {
    const result = await runCli(['level', 'list', '--ami', `amis://u:s@127.0.0.1:${fake.port}`], { env: { CHANLOG_AMI_TIMEOUT: '3' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/TLS connection failed: .*\(the server does not speak TLS on this port: use ami:\/\/ for a plain manager port\)/);
  });

  it('refuses TLS options for plain ami:// servers and bad values, as usage errors', async () => {
    const plain = await runCli(['level', 'list', '--ami', `ami://u:s@127.0.0.1:${fake.port}`, '--ami-fingerprint', 'AB']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe('chanlog: --ami-ca and --ami-fingerprint are for amis:// (TLS) servers, and none is chosen\n');
    const bad = await runCli(['level', 'list', '--ami', `amis://u:s@localhost:${port}`, '--ami-fingerprint', 'AB:CD']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^chanlog: --ami-fingerprint: not a SHA-256 fingerprint/);
    const missing = await runCli(['level', 'list', '--ami', `amis://u:s@localhost:${port}`, '--ami-ca', path.join(dir, 'nope.pem')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^chanlog: --ami-ca: cannot read .*nope\.pem: ENOENT/);
  });
});
