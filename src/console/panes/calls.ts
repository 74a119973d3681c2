import type { ChannelInfo } from '../../ami/feed-types.js';
import { terminalSafe } from '../../util/safe-text.js';
import { effectiveLevel } from '../levels-model.js';
import type { Pane } from '../pane.js';
import { displayWidth, padTo } from '../screen.js';
import type { ConsoleStore } from '../store.js';
import { DIM, row, seg, SELECTED, TITLE, TITLE_FOCUSED, levelStyle, type Row, type Style } from '../style.js';

interface Column {
  title: string;
  width: number;
  text(channel: ChannelInfo, branch: string): string;
  style?(channel: ChannelInfo): Style | undefined;
}

/**
 * Live channels, one row each, grouped by call (linkedid): the first
 * channel of a call, then its other legs under it. The selection follows
 * a channel by name while rows come and go; the level keys act on it.
 */
export class CallsPane implements Pane {
  readonly id = 'calls';
  readonly context = 'calls' as const;
  private selectedKey: string | undefined;

  constructor(
    private readonly store: ConsoleStore,
    private readonly now: () => number = Date.now,
  ) {}

  wantedRows(): number {
    return Math.max(1, this.store.channels.size);
  }

  /** The selected channel; the first one when nothing was selected yet or the selected one hung up. */
  selected(): ChannelInfo | undefined {
    const rows = this.ordered();
    return rows.find((r) => keyOf(r.channel) === this.selectedKey)?.channel ?? rows[0]?.channel;
  }

  move(delta: number): void {
    const rows = this.ordered();
    if (rows.length === 0) return;
    const current = Math.max(0, rows.findIndex((r) => keyOf(r.channel) === this.selectedKey));
    const next = Math.min(rows.length - 1, Math.max(0, current + delta));
    this.selectedKey = keyOf(rows[next]!.channel);
  }

  render(width: number, height: number, focused: boolean): Row[] {
    const rows = this.ordered();
    const calls = new Set(rows.map((r) => `${r.channel.server}\0${r.channel.linkedid}`)).size;
    const columns = this.columns(width);
    const summary = `${rows.length} channel${rows.length === 1 ? '' : 's'}, ${calls} call${calls === 1 ? '' : 's'} `;
    const header = columns.map((c) => ` ${padTo(c.title, c.width)}`).join('');
    const out: Row[] = [row([seg(padTo(header, Math.max(0, width - displayWidth(summary)))), seg(summary, { bold: true })], focused ? TITLE_FOCUSED : TITLE)];
    if (height < 2) return out;
    if (rows.length === 0) {
      out.push(row([seg('  no live channels', DIM)]));
      return out;
    }
    const selected = this.selected();
    const visible = height - 1;
    const index = Math.max(0, rows.findIndex((r) => r.channel === selected));
    const first = Math.min(Math.max(0, index - visible + 1), Math.max(0, rows.length - visible));
    for (const { channel, branch } of rows.slice(first, first + visible)) {
      const isSelected = channel === selected;
      const segments = columns.map((c, i) => seg(`${i === 0 ? (isSelected && focused ? '▶' : ' ') : ' '}${padTo(c.text(channel, branch), c.width)}`, isSelected ? SELECTED : c.style?.(channel)));
      out.push(row(segments, isSelected ? SELECTED : undefined));
    }
    return out;
  }

  private ordered(): Array<{ channel: ChannelInfo; branch: string }> {
    return this.store.calls().flatMap((group) => group.map((channel, i) => ({ channel, branch: i === 0 ? '' : i === group.length - 1 ? '└ ' : '├ ' })));
  }

  /** The columns that fit: server only with several servers; device and application drop out first when narrow. */
  private columns(width: number): Column[] {
    const many = this.store.servers.size > 1;
    const wide = width >= 100;
    const fixed: Column[] = [
      { title: 'State', width: 8, text: (c) => terminalSafe(c.state) },
      { title: 'Time', width: 7, text: (c) => duration(this.now() - c.created.getTime()) },
      {
        title: 'Level',
        width: 7,
        text: (c) => {
          const level = effectiveLevel(this.store.levels.get(c.server), c);
          return level ? `${level.level} ${level.from === 'channel' ? 'chan' : level.from === 'device' ? 'dev' : 'all'}` : '-';
        },
        style: (c) => levelStyle(effectiveLevel(this.store.levels.get(c.server), c)?.level),
      },
    ];
    const server: Column = { title: 'Server', width: 10, text: (c) => terminalSafe(c.server) };
    const app: Column = { title: 'App', width: 10, text: (c) => terminalSafe(c.application) };
    const flexible = (many ? 1 : 0) * (server.width + 1) + fixed.reduce((n, c) => n + c.width + 1, 0) + (wide ? app.width + 1 : 0);
    const room = Math.max(24, width - flexible - 1);
    const channelWidth = wide ? Math.min(40, Math.floor(room * 0.4)) : Math.floor(room * 0.5);
    const deviceWidth = wide ? Math.min(32, Math.floor(room * 0.25)) : 0;
    const whereWidth = room - channelWidth - deviceWidth - (wide ? 2 : 1);
    return [
      ...(many ? [server] : []),
      { title: 'Channel', width: channelWidth, text: (c, branch) => branch + terminalSafe(c.channel) },
      ...(wide ? [{ title: 'Device', width: deviceWidth, text: (c: ChannelInfo) => terminalSafe(c.device), style: () => DIM }] : []),
      fixed[0]!,
      { title: 'Where', width: whereWidth, text: (c) => terminalSafe(`${c.context},${c.extension},${c.priority}`) },
      ...(wide ? [app] : []),
      fixed[1]!,
      fixed[2]!,
    ];
  }
}

function keyOf(channel: ChannelInfo): string {
  return `${channel.server}\0${channel.channel}`;
}

/** `0:07`, `12:34`, `1:02:03`. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
