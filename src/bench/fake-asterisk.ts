import net from 'node:net';

/**
 * A stand-in for Asterisk's manager port on 127.0.0.1, for replaying a
 * recorded capture: it greets, answers Login (accepting one secret) and
 * every other action with Success under the action's own ActionID, and
 * once logged in writes the capture's bytes in chunks of the sizes given,
 * so frame and UTF-8 boundaries fall wherever a test wants them.
 */
export interface FakeAsteriskOptions {
  secret: string;
  /** What to stream after a successful login. */
  capture: Buffer;
  /** Chunk sizes to cut the capture into, used in turn; default one write. */
  chunkSizes?: number[];
  /** Close the connection after streaming (the replay then ends like a lost server). */
  closeAfter?: boolean;
}

export interface FakeAsterisk {
  port: number;
  /** Every action received, header names as sent. */
  actions: Array<Record<string, string>>;
  /** Resolves when a connection has been sent the whole capture. */
  streamed: Promise<void>;
  close(): Promise<void>;
}

export async function startFakeAsterisk(options: FakeAsteriskOptions): Promise<FakeAsterisk> {
  const actions: Array<Record<string, string>> = [];
  const sockets = new Set<net.Socket>();
  let markStreamed: () => void = () => {};
  const streamed = new Promise<void>((resolve) => (markStreamed = resolve));

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    let pending = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        const action = parseAction(pending.slice(0, end));
        pending = pending.slice(end + 4);
        actions.push(action);
        answer(socket, action);
      }
    });
  });

  function answer(socket: net.Socket, action: Record<string, string>): void {
    const name = (field(action, 'action') ?? '').toLowerCase();
    const id = field(action, 'actionid') ?? '';
    if (name === 'login') {
      if (field(action, 'secret') !== options.secret) {
        socket.write(`Response: Error\r\nActionID: ${id}\r\nMessage: Authentication failed\r\n\r\n`);
        socket.end();
        return;
      }
      socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
      void stream(socket);
      return;
    }
    socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: ${name} accepted\r\n\r\n`);
  }

  async function stream(socket: net.Socket): Promise<void> {
    const sizes = options.chunkSizes && options.chunkSizes.length > 0 ? options.chunkSizes : [options.capture.length];
    let offset = 0;
    for (let i = 0; offset < options.capture.length && !socket.destroyed; i++) {
      const size = Math.max(1, sizes[i % sizes.length]!);
      const flushed = socket.write(options.capture.subarray(offset, offset + size));
      offset += size;
      // Let the client read between writes, so the chunks arrive as separate reads.
      if (!flushed) await new Promise((r) => socket.once('drain', r));
      else if (sizes.length > 1 || sizes[0]! < options.capture.length) await new Promise((r) => setImmediate(r));
    }
    markStreamed();
    if (options.closeAfter) socket.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    actions,
    streamed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function parseAction(block: string): Record<string, string> {
  const action: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) action[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return action;
}

function field(action: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(action).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : action[key];
}
