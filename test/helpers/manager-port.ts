import net from 'node:net';

/** One action as received: `header('ActionID')` (any case; '' when absent), and a way to answer it. */
export interface ReceivedAction {
  /** The action's text as received, without the blank line that ends it (bytes as latin1 characters). */
  block: string;
  header(name: string): string;
  /** Writes one frame: these lines, after the action's own ActionID. */
  reply(lines: string[]): void;
  socket: net.Socket;
}

export interface ManagerPort {
  port: number;
  /** How many connections it has had. */
  connections(): number;
  /** Ends every connection and stops listening; resolves once the server has closed. */
  close(): Promise<void>;
}

/**
 * A scripted manager port on 127.0.0.1 for unit tests: it greets (unless
 * `silent`: then it accepts and never says a word), splits what it receives
 * at CR LF CR LF, and hands each action to `answer`.
 */
export async function managerPort(answer: (action: ReceivedAction) => void, options: { silent?: boolean } = {}): Promise<ManagerPort> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.silent) return;
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    let pending = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => {
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        const block = pending.slice(0, end);
        pending = pending.slice(end + 4);
        const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(block)?.[1] ?? '';
        const reply = (lines: string[]) => socket.write([`ActionID: ${header('ActionID')}`, ...lines].join('\r\n') + '\r\n\r\n');
        answer({ block, header, reply, socket });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
