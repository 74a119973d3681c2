import net from 'node:net';
import type { AmiEndpoint } from '../../../src/ami/url.js';

/**
 * A bare manager session for the bench and the recorder: a socket, actions
 * written by hand, and everything received kept. It shares no code with
 * chanlog's client, so what it drives or records does not depend on it.
 */
export class RawSession {
  readonly chunks: Buffer[] = [];
  /** Everything received, byte for byte as latin1 text, for searching. */
  text = '';
  private nextId = 1;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.text += chunk.toString('latin1');
    });
  }

  static async open(endpoint: AmiEndpoint, events: boolean): Promise<RawSession> {
    const socket = net.connect(endpoint.port, endpoint.host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const session = new RawSession(socket);
    await session.action({ Action: 'Login', Username: endpoint.username, Secret: endpoint.secret, Events: events ? 'on' : 'off' });
    return session;
  }

  send(fields: Record<string, string>): string {
    const id = `raw-${this.nextId++}`;
    this.socket.write(`${Object.entries({ ...fields, ActionID: id }).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
    return id;
  }

  /** Sends an action and waits for its response; fails on `Response: Error`. */
  async action(fields: Record<string, string>, timeoutMs = 10_000): Promise<void> {
    const id = this.send(fields);
    await this.waitFor(() => this.text.includes(`ActionID: ${id}\r\n`), `the response to ${fields.Action}`, timeoutMs);
    const start = this.text.lastIndexOf('Response:', this.text.indexOf(`ActionID: ${id}\r\n`));
    const response = this.text.slice(start, this.text.indexOf('\r\n\r\n', start));
    if (/^Response: Error/.test(response)) throw new Error(`${fields.Action}: ${/Message: (.*)/.exec(response)?.[1] ?? 'Error'}`);
  }

  async waitFor(test: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * Starts `calls` calls of the load dialplan (test/fixtures/ami/load.conf),
 * numbered from `first`, each logging `lines` lines through the routine,
 * originated 20 ms apart so Asterisk is never asked for everything at once.
 */
export async function originateLoad(session: RawSession, message: string, options: { calls: number; lines: number; first: number }): Promise<void> {
  await session.action({ Action: 'Setvar', Variable: 'LOADMSG', Value: message });
  for (let i = 0; i < options.calls; i++) {
    await session.action({
      Action: 'Originate',
      Channel: `Local/${options.first + i}@chanlog-load`,
      Application: 'Wait',
      Data: '1',
      Async: 'true',
      Variable: `LINES=${options.lines}`,
    });
    await new Promise((r) => setTimeout(r, 20));
  }
}
