import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/util/package-root.js';
import { CLI } from '../helpers/cli.js';

/** A port that accepts and never answers, resolving `connected` on each connection. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  let onConnection: () => void = () => {};
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onConnection();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connected: () => new Promise<void>((resolve) => (onConnection = resolve)),
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

let server: Awaited<ReturnType<typeof silentServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function exitOf(child: ReturnType<typeof spawn>): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
}

describe('Ctrl-C', () => {
  it.each([[['level', 'get', 'all']], [['doctor']], [['tail']]])('ends %s at once while it is connecting (exit 130)', async (args) => {
    server = await silentServer();
    const connected = server.connected();
    // The default deadlines (8 s) stay: Ctrl-C must not wait for them.
    const child = spawn(process.execPath, [CLI, ...args, '--ami', `ami://u:s@127.0.0.1:${server.port}`], { stdio: 'ignore', env: { ...process.env, CHANLOG_AMI_TIMEOUT: '60' } });
    const exited = exitOf(child);
    await connected;
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 130, signal: null });
  }, 30_000);

  it('a second Ctrl-C ends the process when the command handles the first one and goes on', async () => {
    const run = path.join(packageRoot(), 'dist', 'cli', 'run.js');
    // A command that handles Ctrl-C itself and (wrongly) keeps running.
    const script = `
      const { installInterruptHandling } = await import(${JSON.stringify(run)});
      installInterruptHandling();
      process.on('SIGINT', () => process.stdout.write('first\\n'));
      setInterval(() => {}, 1000);
      process.stdout.write('ready\\n');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = exitOf(child);
    let out = '';
    const saw = (text: string) => new Promise<void>((resolve) => {
      const check = () => (out.includes(text) ? resolve() : undefined);
      child.stdout!.on('data', (chunk: Buffer) => ((out += chunk.toString()), check()));
      check();
    });
    await saw('ready');
    child.kill('SIGINT');
    await saw('first');
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 130, signal: null });
  }, 30_000);
});
