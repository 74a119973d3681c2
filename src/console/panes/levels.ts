import type { ChannelInfo } from '../../ami/feed-types.js';
import { FAMILY, levelKey } from '../../chanlog/keys.js';
import { terminalSafe } from '../../util/safe-text.js';
import { scopesOf } from '../levels-model.js';
import type { Pane } from '../pane.js';
import { padTo, wrapWidth } from '../screen.js';
import type { ConsoleStore } from '../store.js';
import { BAD, DIM, GOOD, levelStyle, row, seg, SELECTED, TITLE, TITLE_FOCUSED, type Row } from '../style.js';

export interface LevelRow {
  server: string;
  key: string;
  value: string;
}

/**
 * The ChanLog levels stored in each server's AstDB, as last read: the
 * keys that apply to the selected call marked, the last change's result
 * (Asterisk's confirmation or refusal) at the bottom.
 */
export class LevelsPane implements Pane {
  readonly id = 'levels';
  readonly context = 'levels' as const;
  private selectedIndex = 0;

  constructor(
    private readonly store: ConsoleStore,
    private readonly selectedChannel: () => ChannelInfo | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  entries(): LevelRow[] {
    const rows: LevelRow[] = [];
    for (const server of this.store.servers.keys()) {
      for (const level of this.store.levels.get(server)?.levels ?? []) rows.push({ server, key: level.key, value: level.value });
    }
    return rows;
  }

  wantedRows(): number {
    return Math.max(1, this.entries().length) + 1;
  }

  selected(): LevelRow | undefined {
    const rows = this.entries();
    return rows[this.selectedAt(rows.length)];
  }

  /** The selected row's index in a list of `count` rows (the list may have shrunk since it was chosen). */
  private selectedAt(count: number): number {
    return Math.min(this.selectedIndex, count - 1);
  }

  move(delta: number): void {
    this.selectedIndex = Math.min(Math.max(0, this.selectedIndex + delta), Math.max(0, this.entries().length - 1));
  }

  render(width: number, height: number, focused: boolean): Row[] {
    const many = this.store.servers.size > 1;
    const channel = this.selectedChannel();
    const applying = new Set(channel ? scopesOf(channel).map((s) => `${channel.server}\0${levelKey(s.scope).key}`) : []);
    const oldest = Math.min(...[...this.store.levels.values()].map((s) => s.readAt.getTime()));
    const age = Number.isFinite(oldest) ? `read ${Math.max(0, Math.round((this.now() - oldest) / 1000))} s ago` : 'reading...';
    const families = [...new Set([...this.store.levels.values()].map((snapshot) => snapshot.family ?? FAMILY))].map(terminalSafe).join(', ') || FAMILY;
    const out: Row[] = [row([seg(' Levels ', { bold: true }), seg(`AstDB ${families}, ${age}`)], focused ? TITLE_FOCUSED : TITLE)];
    const body: Row[] = [];
    const entries = this.entries();
    const selectedAt = this.selectedAt(entries.length);
    const keyWidth = Math.max(8, width - 6);
    for (const [at, entry] of entries.entries()) {
      const isSelected = focused && at === selectedAt;
      const applies = applying.has(`${entry.server}\0${entry.key}`);
      const label = `${applies ? '●' : ' '} ${many ? `${terminalSafe(entry.server)}: ` : ''}${terminalSafe(entry.key)}`;
      const numeric = /^[0-9]+$/.test(entry.value) ? Number(entry.value) : undefined;
      body.push(
        row(
          [seg(padTo(label, keyWidth), isSelected ? SELECTED : applies ? { bold: true } : undefined), seg(` ${terminalSafe(entry.value)}`, isSelected ? SELECTED : levelStyle(numeric) ?? BAD)],
          isSelected ? SELECTED : undefined,
        ),
      );
    }
    if (entries.length === 0) body.push(row([seg('  no levels set: every routine line is quiet', DIM)]));
    for (const [server, snapshot] of this.store.levels) {
      if (snapshot.error) body.push(row([seg(`  ${terminalSafe(server)}: cannot read levels: ${snapshot.error}`, BAD)]));
    }
    const notice = this.store.levelNotice;
    const room = Math.max(0, height - 1);
    // The last change's result always shows (Asterisk's refusal in full, up to three rows); the list scrolls above it.
    const noticeRows = notice ? wrapWidth(notice.text, Math.max(1, width)).slice(0, Math.min(3, Math.max(1, room - 1))) : [];
    const listRoom = Math.max(0, room - noticeRows.length);
    const index = focused ? Math.max(0, selectedAt) : 0;
    const first = Math.min(Math.max(0, index - listRoom + 1), Math.max(0, body.length - listRoom));
    out.push(...body.slice(first, first + listRoom));
    const noticeStyle = notice?.tone === 'bad' ? BAD : notice?.tone === 'good' ? GOOD : DIM;
    if (room > 0) for (const piece of noticeRows) out.push(row([seg(piece, noticeStyle)]));
    return out;
  }
}
