import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../src/ami/client.js';
import { SocketTransport } from '../../src/ami/wire/socket-transport.js';

/** A scripted manager port: greets, accepts any Login, and hands every other action to `answer`. */
async function scriptedServer(answer: (action: Record<string, string>, socket: net.Socket) => void, greeting = 'Asterisk Call Manager/11.0.0\r\n') {
  const sockets = new Set<net.Socket>();
  const raw: string[] = [];
  let closedByClient = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => closedByClient++);
    socket.write(greeting);
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      for (let end = text.indexOf('\r\n\r\n'); end >= 0; end = text.indexOf('\r\n\r\n')) {
        raw.push(text.slice(0, end));
        const action = Object.fromEntries(text.slice(0, end).split('\r\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 2)]));
        text = text.slice(end + 4);
        if (action.action === 'Login') socket.write(`Response: Success\r\nActionID: ${action.actionid}\r\nMessage: Authentication accepted\r\n\r\n`);
        else answer(action, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    raw,
    closedByClient: () => closedByClient,
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

let servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const server of servers) await server.close();
  servers = [];
});

const client = (port: number) => new AmiClient({ endpoint: { host: '127.0.0.1', port, username: 'u', secret: 's', tls: false }, reconnect: false, pingIntervalMs: 0 });

/** One line of a Command answer, 100 bytes. */
const OUTPUT_LINE = `Output: ${'x'.repeat(90)}\r\n`;

describe('SocketTransport', { timeout: 30_000 }, () => {
  it('takes a Command answer of tens of MB, and resets the connection on any other answer that large', async () => {
    const big = OUTPUT_LINE.repeat(200_000); // 20 MB
    const server = await scriptedServer((action, socket) => {
      socket.write(`Response: Success\r\nActionID: ${action.actionid}\r\nMessage: Command output follows\r\n${big}\r\n`);
    });
    servers.push(server);
    const ami = client(server.port);
    await ami.connect();
    expect((await ami.command('dialplan show')).length).toBe(200_000);
    const disconnected = new Promise<Error | undefined>((resolve) => ami.once('disconnected', resolve));
    await expect(ami.action('ListCommands')).rejects.toThrow(/lost the connection to 127\.0\.0\.1:\d+ \(the server sent a response over 4 MiB without its end: connection reset\)/);
    expect((await disconnected)?.message).toBe('the server sent a response over 4 MiB without its end: connection reset');
    ami.close();
  }, 30_000);

  it('refuses a server whose greeting is not an Asterisk manager, quoting it safely', async () => {
    const server = await scriptedServer(() => {}, 'SSH-2.0-OpenSSH_9.2\x1b]0;owned\x07\r\n');
    servers.push(server);
    await expect(client(server.port).connect()).rejects.toThrow(`ami://u@127.0.0.1:${server.port}: not an Asterisk manager: it greeted with "SSH-2.0-OpenSSH_9.2\\\\e]0;owned\\\\x07"`);
  });

  it('close() while connecting destroys the socket at once and rejects the connection attempt', async () => {
    const server = await scriptedServer(() => {}, ''); // never greets
    servers.push(server);
    const ami = client(server.port);
    const connecting = ami.connect();
    await new Promise((r) => setTimeout(r, 100));
    ami.close();
    await expect(connecting).rejects.toMatchObject({ kind: 'closed' });
    await new Promise((r) => setTimeout(r, 100));
    expect(server.closedByClient()).toBe(1);
  });

  it('writes each action as Name: value lines and a blank line, and a variable map as repeated headers', async () => {
    const received: Array<Record<string, string>> = [];
    const server = await scriptedServer((action, socket) => {
      received.push(action);
      socket.write(`Response: Success\r\nActionID: ${action.actionid}\r\n\r\n`);
    });
    servers.push(server);
    const transport = new SocketTransport();
    await transport.open({ host: '127.0.0.1', port: server.port, username: 'u', secret: 's', tls: false }, 5_000);
    const answered = new Promise((resolve) => transport.onFrame(resolve));
    transport.send({ Action: 'Originate', ActionID: 'a1', Channel: 'Local/1@x', Variable: { A: '1', B: 'two' } });
    expect(await answered).toEqual({ response: 'Success', actionid: 'a1' });
    expect(received[0]).toMatchObject({ action: 'Originate', actionid: 'a1', channel: 'Local/1@x' });
    expect(server.raw[1]).toBe('Action: Originate\r\nActionID: a1\r\nChannel: Local/1@x\r\nVariable: A=1\r\nVariable: B=two');
    expect(() => transport.send({ Action: 'Ping', ActionID: 'x\r\nAction: Logoff' })).toThrow(/line break/);
    transport.close();
    expect(() => transport.send({ Action: 'Ping', ActionID: 'a2' })).toThrow('not connected');
  });
});

describe('SocketTransport, closed by a listener', () => {
  it('delivers nothing more of a read once a listener has closed the connection', async () => {
    const server = await scriptedServer((action, socket) => {
      socket.write(`Response: Success\r\nActionID: ${action.actionid}\r\n\r\n${'Event: Tick\r\n\r\n'.repeat(10)}`);
    });
    servers.push(server);
    const ami = client(server.port);
    await ami.connect();
    let ticks = 0;
    ami.on('event', () => {
      ticks++;
      ami.close();
    });
    await ami.action('Ping').catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    expect(ticks).toBe(1);
  });

  it('reads multi-byte characters whole wherever the reads and its 16 KiB decoding slices cut them', async () => {
    // 9 bytes a repeat (4 + 3 + 2): slice and read boundaries fall inside characters of every length.
    const values = [1, 2, 3].map((shift) => `${'x'.repeat(shift)}${'🎉✓é'.repeat(9_000)}`);
    const server = await scriptedServer((action, socket) => {
      socket.write(`Response: Success\r\nActionID: ${action.actionid}\r\n\r\n`);
      socket.write(values.map((value) => `Event: Big\r\nValue: ${value}\r\n\r\n`).join(''));
    });
    servers.push(server);
    const ami = client(server.port);
    await ami.connect();
    const received: unknown[] = [];
    ami.on('event', (frame) => received.push(frame.value));
    await ami.action('Ping');
    for (let i = 0; i < 50 && received.length < values.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual(values);
    ami.close();
  });
});
