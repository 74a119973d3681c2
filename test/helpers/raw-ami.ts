import net from 'node:net';

/**
 * A deliberately independent AMI client for tests: a bare socket, its own
 * frame splitting, none of chanlog's code. Used to check what chanlog did
 * from the outside.
 */
export class RawAmi {
  private buffer = '';
  private readonly frames: Array<Record<string, string>> = [];
  private waiters: Array<() => void> = [];
  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\r\n\r\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 4);
        const frame: Record<string, string> = {};
        for (const line of block.split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) frame[line.slice(0, colon).toLowerCase()] ??= line.slice(colon + 1).trim();
        }
        this.frames.push(frame);
      }
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    });
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<RawAmi> {
    const socket = net.connect({ port, host });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawAmi(socket);
  }

  send(fields: Record<string, string>): void {
    this.socket.write(Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n');
  }

  /** Waits for the first frame matching `predicate` (frames seen earlier count too). */
  async waitFor(predicate: (frame: Record<string, string>) => boolean, timeoutMs = 10_000): Promise<Record<string, string>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(predicate);
      if (index >= 0) return this.frames.splice(index, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('RawAmi: timed out waiting for a frame');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends an action and returns its response frame. */
  async action(fields: Record<string, string>): Promise<Record<string, string>> {
    const id = `raw-${Math.random().toString(36).slice(2)}`;
    this.send({ ...fields, ActionID: id });
    return this.waitFor((f) => f.actionid === id && f.response !== undefined);
  }

  async login(username: string, secret: string): Promise<Record<string, string>> {
    return this.action({ Action: 'Login', Username: username, Secret: secret, Events: 'off' });
  }

  /** The value of an AstDB key, or undefined when missing. */
  async dbGet(family: string, key: string): Promise<string | undefined> {
    const id = `raw-${Math.random().toString(36).slice(2)}`;
    this.send({ Action: 'DBGet', Family: family, Key: key, ActionID: id });
    const response = await this.waitFor((f) => f.actionid === id && f.response !== undefined);
    if (response.response !== 'Success') return undefined;
    const event = await this.waitFor((f) => f.actionid === id && f.event === 'DBGetResponse');
    return event.val;
  }

  /** Every key under `family` as `/family/key` to value, by DBGetTree. */
  async dbTree(family: string): Promise<Record<string, string>> {
    const id = `raw-${Math.random().toString(36).slice(2)}`;
    this.send({ Action: 'DBGetTree', Family: family, ActionID: id });
    const response = await this.waitFor((f) => f.actionid === id && f.response !== undefined);
    if (response.response !== 'Success') return {};
    const tree: Record<string, string> = {};
    for (;;) {
      const frame = await this.waitFor((f) => f.actionid === id && f.event !== undefined);
      if (frame.event === 'DBGetTreeComplete') return tree;
      if (frame.event === 'DBGetTreeResponse') tree[frame.key!] = frame.val!;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
