import { ConsoleApp, type ConsoleOptions } from '../../src/console/app.js';
import { FakeFeed, fakeTerminal } from './fake-feed.js';

/** A console on a fake feed in a fake terminal, driven key by key, read as text. */
export class ConsoleHarness {
  readonly feed: FakeFeed;
  readonly app: ConsoleApp;
  readonly terminal: ReturnType<typeof fakeTerminal>;
  clock = 60_000;

  constructor(width: number, height: number, options: Partial<ConsoleOptions> & { servers?: string[]; levels?: Record<string, string> } = {}) {
    this.feed = new FakeFeed(options.servers);
    for (const [key, value] of Object.entries(options.levels ?? {})) this.feed.db.get(this.feed.servers[0]!)!.values.set(key, value);
    this.terminal = fakeTerminal(width, height);
    this.app = new ConsoleApp({
      feed: this.feed,
      ...this.terminal,
      terminal: 'xterm-256color',
      scrollback: 1000,
      now: () => this.clock,
      ...options,
    });
  }

  press(...keys: string[]): this {
    for (const key of keys) this.app.onKey(key);
    return this;
  }

  type(text: string): this {
    for (const ch of text) this.app.onKey(ch === ' ' ? 'space' : ch);
    return this;
  }

  /** Lets pending promises (level reads, writes) finish, then draws a frame. */
  async settle(): Promise<this> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    this.app.draw();
    return this;
  }

  rows(): string[] {
    return this.app.screen.snapshot();
  }

  text(): string {
    return this.rows().join('\n');
  }

  /** The row holding `needle`, and its column; throws when it is not on screen. */
  find(needle: string): { y: number; x: number } {
    const rows = this.rows();
    const y = rows.findIndex((r) => r.includes(needle));
    if (y < 0) throw new Error(`${JSON.stringify(needle)} is not on screen:\n${rows.join('\n')}`);
    return { y, x: rows[y]!.indexOf(needle) };
  }

  close(): void {
    this.app.quit();
  }
}
