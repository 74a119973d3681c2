import type net from 'node:net';
import { managerPort } from '../../helpers/manager-port.js';

/**
 * A stand-in for Asterisk's manager port on 127.0.0.1 (test/helpers'
 * managerPort), for replaying a recorded capture: it greets, answers Login (accepting one secret) and
 * every other action with Success under the action's own ActionID (or as
 * the `answer` hook says), and once logged in writes the capture's bytes in
 * chunks of the sizes given, so frame and UTF-8 boundaries fall wherever a
 * test wants them.
 */
export interface FakeAsteriskOptions {
  secret: string;
  /** What to stream after a successful login; default nothing. */
  capture?: Buffer;
  /** Chunk sizes to cut the capture into, used in turn; default one write. */
  chunkSizes?: number[];
  /** Close the connection after streaming (the replay then ends like a lost server). */
  closeAfter?: boolean;
  /**
   * Answers an action other than Login on `socket` and returns true, or
   * returns false to leave it the default Success. `id` is its ActionID.
   */
  answer?: (socket: net.Socket, action: AmiAction, id: string) => boolean;
}

/** An action as received: header names as sent, values trimmed. */
export type AmiAction = Record<string, string>;

export interface FakeAsterisk {
  port: number;
  /** Every action received. */
  actions: AmiAction[];
  /** Resolves when a connection has been sent the whole capture. */
  streamed: Promise<void>;
  close(): Promise<void>;
}

export async function startFakeAsterisk(options: FakeAsteriskOptions): Promise<FakeAsterisk> {
  const actions: AmiAction[] = [];
  let markStreamed: () => void = () => {};
  const streamed = new Promise<void>((resolve) => (markStreamed = resolve));

  function answer(socket: net.Socket, action: AmiAction): void {
    const name = (actionField(action, 'action') ?? '').toLowerCase();
    const id = actionField(action, 'actionid') ?? '';
    if (name === 'login') {
      if (actionField(action, 'secret') !== options.secret) {
        socket.write(`Response: Error\r\nActionID: ${id}\r\nMessage: Authentication failed\r\n\r\n`);
        socket.end();
        return;
      }
      socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
      if (options.capture) void stream(socket, options.capture);
      return;
    }
    if (options.answer?.(socket, action, id)) return;
    socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: ${name} accepted\r\n\r\n`);
  }

  async function stream(socket: net.Socket, capture: Buffer): Promise<void> {
    const sizes = options.chunkSizes && options.chunkSizes.length > 0 ? options.chunkSizes : [capture.length];
    let offset = 0;
    for (let i = 0; offset < capture.length && !socket.destroyed; i++) {
      const size = Math.max(1, sizes[i % sizes.length]!);
      const flushed = socket.write(capture.subarray(offset, offset + size));
      offset += size;
      // Let the client read between writes, so the chunks arrive as separate reads.
      if (!flushed) await new Promise((r) => socket.once('drain', r));
      else if (sizes.length > 1 || sizes[0]! < capture.length) await new Promise((r) => setImmediate(r));
    }
    markStreamed();
    if (options.closeAfter) socket.end();
  }

  const port = await managerPort(({ block, socket }) => {
    // The port hands over bytes as latin1 characters; actions are read as UTF-8.
    const action = parseAction(Buffer.from(block, 'latin1').toString('utf8'));
    actions.push(action);
    answer(socket, action);
  });
  return { port: port.port, actions, streamed, close: port.close };
}

function parseAction(block: string): AmiAction {
  const action: AmiAction = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) action[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return action;
}

/** A header's value, its name in any case (as Asterisk reads them). */
export function actionField(action: AmiAction, name: string): string | undefined {
  const key = Object.keys(action).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : action[key];
}
