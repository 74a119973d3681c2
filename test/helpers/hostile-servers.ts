import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { managerPort } from './manager-port.js';

/**
 * Servers that a user may point chanlog at by mistake or that a hostile
 * party may run, each on 127.0.0.1 at a port of its own. Every flood is
 * bounded in bytes (FLOOD_MAX) and stops when the client goes.
 */
export interface HostileServer {
  port: number;
  close(): Promise<void>;
}

const GREETING = 'Asterisk Call Manager/11.0.0\r\n';
const FLOOD_MAX = 64 * 1024 * 1024;

type Behaviour = (socket: net.Socket) => void;

async function listen(server: net.Server, sockets: Set<net.Socket>): Promise<HostileServer> {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function tcpServer(behaviour: Behaviour): Promise<HostileServer> {
  const sockets = new Set<net.Socket>();
  return listen(net.createServer(behaviour), sockets);
}

/** Writes `piece()` until FLOOD_MAX bytes are out or the client is gone, respecting backpressure. */
async function flood(socket: net.Socket, piece: () => string | Buffer): Promise<void> {
  let sent = 0;
  while (sent < FLOOD_MAX && !socket.destroyed) {
    const chunk = piece();
    sent += chunk.length;
    if (!socket.write(chunk)) await new Promise((resolve) => (socket.once('drain', resolve), socket.once('close', resolve)));
  }
}

/** Calls `then(actionId)` when the client's Login arrives. */
function onLogin(socket: net.Socket, then: (actionId: string) => void): void {
  let text = '';
  const listener = (chunk: Buffer) => {
    text += chunk.toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return;
    socket.off('data', listener);
    then(/ActionID: (.*)\r\n/i.exec(text.slice(0, end))?.[1] ?? '');
  };
  socket.on('data', listener);
}

const line = Buffer.alloc(16 * 1024, 'x');

export const HOSTILE_SERVERS: Record<string, () => Promise<HostileServer>> = {
  /** Accepts and never says a word. */
  'silent port': () => managerPort(() => {}, { silent: true }),
  /** Greets, then ignores the Login. */
  'greeting then silence': () => managerPort(() => {}),
  /** Random bytes instead of a greeting, 256 KiB of them, then silence. */
  garbage: () => tcpServer((socket) => socket.write(randomBytes(256 * 1024))),
  /** Greets, then one event whose headers never end. */
  'endless flood of headers': () =>
    tcpServer((socket) => {
      socket.write(`${GREETING}Event: Flood\r\n`);
      void flood(socket, () => 'Data: flooding without a frame end\r\n'.repeat(512));
    }),
  /** Greets, then one endless line. */
  'endless flood of one line': () =>
    tcpServer((socket) => {
      socket.write(`${GREETING}Event: Flood\r\nData: `);
      void flood(socket, () => line);
    }),
  /** A greeting that arrives one byte every 100 ms and never ends. */
  'slow drip': () =>
    tcpServer((socket) => {
      const text = `${GREETING.trimEnd()} ${'.'.repeat(1000)}`;
      let at = 0;
      const timer = setInterval(() => (socket.destroyed || at >= text.length ? clearInterval(timer) : socket.write(text[at++]!)), 100);
      socket.on('close', () => clearInterval(timer));
    }),
  /** Accepts the Login, then resets the connection in the middle of the next answer. */
  'reset mid-frame': () =>
    tcpServer((socket) => {
      socket.write(GREETING);
      onLogin(socket, (id) => {
        socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
        socket.once('data', () => {
          socket.write('Response: Succ');
          setTimeout(() => socket.resetAndDestroy(), 50);
        });
      });
    }),
  /** A manager that answers every action, and a list action with events that never end. */
  'endless list': () =>
    managerPort(({ header, socket }) => {
      const id = header('ActionID');
      if (!/^(DBGet|DBGetTree|ShowDialPlan|CoreShowChannels)$/i.test(header('Action'))) {
        socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: ok\r\n\r\n`);
        return;
      }
      socket.write(`Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: Result will follow\r\n\r\n`);
      let n = 0;
      void flood(socket, () => `Event: DBGetTreeResponse\r\nActionID: ${id}\r\nKey: /ChanLog/channel/PJSIP/${n++}\r\nVal: 1\r\n\r\n`.repeat(64));
    }),
  /** A web server: waits for a request that never comes. */
  'an HTTP server': async () => {
    const sockets = new Set<net.Socket>();
    return listen(http.createServer((_req, res) => res.end('hello\n')), sockets);
  },
};
