import type { ChannelInfo } from '../../ami/feed-types.js';
import { abbreviateChannel } from '../../ami/line-format.js';
import { terminalSafe } from '../../util/safe-text.js';
import { effectiveLevel, type EffectiveSource } from '../levels-model.js';
import type { Pane } from '../pane.js';
import { displayWidth, fitWidth, padTo } from '../screen.js';
import { channelKey, type ConsoleStore } from '../store.js';
import { DIM, MATCH, row, seg, SELECTED, TITLE, TITLE_FOCUSED, levelStyle, type Row, type Style } from '../style.js';

interface Column {
  title: string;
  width: number;
  text(channel: ChannelInfo, branch: string): string;
  style?(channel: ChannelInfo): Style | undefined;
  /** Columns of the text drawn bright; the rest dim (the channel's unique suffix after its device). */
  split?(channel: ChannelInfo, branch: string): number;
}

/**
 * Live channels, one row each, grouped by call (linkedid): the first
 * channel of a call, then its other legs under it. A channel that hung up
 * stays a few seconds, dimmed, so even a short call is seen. The selection follows
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
    return this.selectedIn(this.ordered());
  }

  move(delta: number): void {
    const rows = this.ordered();
    if (rows.length === 0) return;
    const current = Math.max(0, rows.findIndex((r) => channelKey(r.channel) === this.selectedKey));
    const next = Math.min(rows.length - 1, Math.max(0, current + delta));
    this.selectedKey = channelKey(rows[next]!.channel);
  }

  render(width: number, height: number, focused: boolean): Row[] {
    const groups = this.store.calls();
    const rows = this.ordered(groups);
    const calls = groups.length;
    const columns = this.columns(width);
    const summary = `${rows.length} channel${rows.length === 1 ? '' : 's'}, ${calls} call${calls === 1 ? '' : 's'} `;
    const header = columns.map((c) => ` ${padTo(c.title, c.width)}`).join('');
    const out: Row[] = [row([seg(fitWidth(header, Math.max(0, width - displayWidth(summary) - 1)).padEnd(Math.max(0, width - displayWidth(summary)))), seg(summary, { bold: true })], focused ? TITLE_FOCUSED : TITLE)];
    if (height < 2) return out;
    if (rows.length === 0) {
      out.push(row([seg('  no live channels', DIM)]));
      return out;
    }
    const selected = this.selectedIn(rows);
    const visible = height - 1;
    const index = Math.max(0, rows.findIndex((r) => r.channel === selected));
    const first = Math.min(Math.max(0, index - visible + 1), Math.max(0, rows.length - visible));
    for (const { channel, branch } of rows.slice(first, first + visible)) {
      const isSelected = channel === selected;
      const ended = this.store.hasEnded(channel);
      // A call that ran a watched source line stands out like a search match until the watches are cleared.
      const watched = this.store.ranWatchedLine(channel);
      const segments = columns.flatMap((c, i) => {
        const text = `${i === 0 ? (isSelected && focused ? '▶' : ' ') : ' '}${padTo(c.text(channel, branch), c.width)}`;
        if (isSelected) return [seg(text, SELECTED)];
        if (watched) return [seg(text, MATCH)];
        if (ended) return [seg(text, DIM)];
        if (!c.split) return [seg(text, c.style?.(channel))];
        const bright = fitWidth(text, 1 + c.split(channel, branch));
        return [seg(bright, { bold: true }), seg(text.slice(bright.length), DIM)];
      });
      out.push(row(segments, isSelected ? SELECTED : undefined));
    }
    return out;
  }

  private selectedIn(rows: Array<{ channel: ChannelInfo }>): ChannelInfo | undefined {
    return rows.find((r) => channelKey(r.channel) === this.selectedKey)?.channel ?? rows[0]?.channel;
  }

  /** The calls' channels as rows, each call's first channel then its other legs. */
  private ordered(calls = this.store.calls()): Array<{ channel: ChannelInfo; branch: string }> {
    return calls.flatMap((group) => group.map((channel, i) => ({ channel, branch: i === 0 ? '' : i === group.length - 1 ? '└ ' : '├ ' })));
  }

  /**
   * The columns that fit: server only with several servers. A channel's
   * device is the start of its name, drawn bright with the unique suffix
   * dim; a Device column of its own and the application join when wide.
   */
  private columns(width: number): Column[] {
    const many = this.store.servers.size > 1;
    const server: Column = { title: 'Server', width: 10, text: (c) => terminalSafe(c.server) };
    const state: Column = { title: 'State', width: 8, text: (c) => (this.store.hasEnded(c) ? 'Hungup' : terminalSafe(c.state)) };
    const time: Column = { title: 'Time', width: 7, text: (c) => duration(this.now() - c.created.getTime()) };
    const level: Column = {
      title: 'Level',
      width: 7,
      text: (c) => {
        const found = effectiveLevel(this.store.levels.get(c.server), c);
        return found ? `${found.level} ${SOURCE_LABELS[found.from]}` : '-';
      },
      style: (c) => levelStyle(effectiveLevel(this.store.levels.get(c.server), c)?.level),
    };
    const fixed = [state, time, level];
    const used = fixed.reduce((n, c) => n + c.width + 1, 0) + (many ? server.width + 1 : 0) + 1;
    let room = Math.max(24, width - used);
    const app: Column | undefined = room >= 90 ? { title: 'App', width: 10, text: (c) => terminalSafe(c.application) } : undefined;
    if (app) room -= app.width + 1;
    const device: Column | undefined = room >= 110 ? { title: 'Device', width: 28, text: (c) => terminalSafe(c.device), style: () => DIM } : undefined;
    if (device) room -= device.width + 1;
    const channelWidth = Math.min(48, Math.floor(room * 0.55));
    // Too long for the column: the feed's abbreviation (context and most of the unique suffix dropped).
    const shownChannel = (c: ChannelInfo, branch: string) => branch + fitChannel(terminalSafe(c.channel), channelWidth - displayWidth(branch));
    const channel: Column = {
      title: 'Channel (device)',
      width: channelWidth,
      text: shownChannel,
      split: (c, branch) => displayWidth(shownChannel(c, branch).replace(/-[^-]*$/, '')),
    };
    const where: Column = { title: 'Where', width: room - channelWidth - 1, text: (c) => terminalSafe(`${c.context},${c.extension},${c.priority}`) };
    return [...(many ? [server] : []), channel, ...(device ? [device] : []), state, where, ...(app ? [app] : []), time, level];
  }
}

const SOURCE_LABELS: Record<EffectiveSource, string> = { all: 'all', device: 'dev', channel: 'chan', call: 'call' };

function fitChannel(channel: string, width: number): string {
  return displayWidth(channel) <= width ? channel : abbreviateChannel(channel, width);
}

/** `0:07`, `12:34`, `1:02:03`. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
