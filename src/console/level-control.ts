import type { ChannelInfo, Feed } from '../ami/feed-types.js';
import { clearLevel, listLevels, scopeKeyName, ServerFamilies, setLevel } from '../ami/levels.js';
import { LEVEL_MAX, LEVEL_MIN, type LevelScope } from '../chanlog/keys.js';
import { terminalSafe } from '../util/safe-text.js';
import { effectiveLevel, storedLevel } from './levels-model.js';
import type { ConsoleStore } from './store.js';

export type LevelChange = 'up' | 'down' | 'clear';

/**
 * Reads and changes ChanLog levels over each server's command session,
 * through the same functions as `chanlog level` (every set read back,
 * every clear checked, in the family the server's routine reads), and keeps the store's copy current by reading the
 * whole tree again every few seconds (other admins change levels too).
 * The levels pane shows what Asterisk confirmed, or its refusal.
 */
export class LevelControl {
  private timer: NodeJS.Timeout | undefined;
  private readonly reading = new Set<string>();
  private readonly families = new ServerFamilies();

  constructor(
    private readonly feed: Pick<Feed, 'servers' | 'commandClient'>,
    private readonly store: ConsoleStore,
    private readonly intervalMs = 3_000,
  ) {}

  start(): void {
    this.refreshAll();
    this.timer = setInterval(() => this.refreshAll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  refreshAll(): void {
    for (const server of this.feed.servers) void this.refresh(server);
  }

  /** Reads one server's levels (one reading at a time per server). */
  async refresh(server: string): Promise<void> {
    if (this.reading.has(server)) return;
    this.reading.add(server);
    try {
      const client = this.feed.commandClient(server);
      const family = await this.families.of(server, client);
      const levels = await listLevels(client, { family });
      this.store.setLevels(server, { levels, readAt: new Date(), family });
    } catch (err) {
      const before = this.store.levels.get(server);
      this.store.setLevels(server, { ...before, levels: before?.levels ?? [], readAt: before?.readAt ?? new Date(), error: terminalSafe(messageOf(err)) });
    } finally {
      this.reading.delete(server);
    }
  }

  /** Raises, lowers or clears a channel's device level or its own level. */
  async changeChannel(channel: ChannelInfo, kind: 'device' | 'channel', change: LevelChange): Promise<void> {
    const scope: LevelScope = { kind, name: kind === 'device' ? channel.device : channel.channel };
    if (change === 'clear') return this.clear(channel.server, scope);
    const snapshot = this.store.levels.get(channel.server);
    // From the key's own value, else from the level the channel runs at now.
    const base = storedLevel(snapshot, scope) ?? effectiveLevel(snapshot, channel)?.level ?? LEVEL_MIN;
    const target = Math.min(LEVEL_MAX, Math.max(LEVEL_MIN, base + (change === 'up' ? 1 : -1)));
    return this.set(channel.server, scope, String(target));
  }

  /** Sets ChanLog/all on every server, or clears it for empty text. */
  async setGlobal(text: string): Promise<void> {
    for (const server of this.feed.servers) {
      if (text.trim() === '') await this.clear(server, { kind: 'all' });
      else await this.set(server, { kind: 'all' }, text.trim());
    }
  }

  async set(server: string, scope: LevelScope, level: string): Promise<void> {
    const client = this.feed.commandClient(server);
    const family = await this.families.of(server, client).catch(() => undefined);
    const name = `${terminalSafe(server)}: ${terminalSafe(scopeKeyName(scope, family))}`;
    this.store.setLevelNotice(`${name} := ${level} ...`, 'info');
    try {
      if (family === undefined) throw new Error(`cannot tell which AstDB family the routine on ${server} reads`);
      const stored = await setLevel(client, scope, level, family);
      this.store.setLevelNotice(`✓ ${name} = ${terminalSafe(stored)} (read back)`, 'good');
    } catch (err) {
      this.store.setLevelNotice(`✗ ${name}: ${terminalSafe(messageOf(err))}`, 'bad');
    }
    await this.refresh(server);
  }

  async clear(server: string, scope: LevelScope): Promise<void> {
    const client = this.feed.commandClient(server);
    const family = await this.families.of(server, client).catch(() => undefined);
    const name = `${terminalSafe(server)}: ${terminalSafe(scopeKeyName(scope, family))}`;
    try {
      if (family === undefined) throw new Error(`cannot tell which AstDB family the routine on ${server} reads`);
      const before = await clearLevel(client, scope, family);
      this.store.setLevelNotice(before === undefined ? `${name} was not set` : `✓ cleared ${name} (was ${terminalSafe(before)})`, 'good');
    } catch (err) {
      this.store.setLevelNotice(`✗ ${name}: ${terminalSafe(messageOf(err))}`, 'bad');
    }
    await this.refresh(server);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
