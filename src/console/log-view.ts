import type { LogEntry } from './log-entry.js';
import { RingBuffer } from './ring-buffer.js';
import type { EntrySource } from './scrollback.js';

/**
 * The lines the log pane shows: the sequence numbers of the scrollback's
 * entries that pass the filters, in a ring as large as the scrollback
 * (it can never hold more). A new line costs one filter test and one push;
 * changing a filter rebuilds the view once from the scrollback.
 *
 * Positions are "view numbers" (the view ring's own sequence numbers), so
 * a paused position stays on the same line while new lines arrive and old
 * ones fall out of the scrollback.
 */
export class LogView {
  private seqs: RingBuffer<number>;
  /** The oldest view number whose entry is still in the scrollback. */
  private start = 0;
  /** Following: the newest line is at the bottom. Paused: `bottom` is. */
  following = true;
  private pausedBottom = 0;
  /** Lines that passed the filters while paused. */
  arrivedWhilePaused = 0;

  constructor(
    private readonly buffer: EntrySource,
    private readonly accepts: (entry: LogEntry) => boolean,
  ) {
    this.seqs = new RingBuffer(buffer.capacity);
  }

  /** Called for each entry just pushed to the scrollback; true when it is shown. */
  add(seq: number, entry: LogEntry): boolean {
    if (!this.accepts(entry)) return false;
    this.seqs.push(seq);
    if (!this.following) this.arrivedWhilePaused++;
    return true;
  }

  /** Re-reads the scrollback after a filter changed; keeps a paused position on the nearest line. */
  rebuild(): void {
    const anchor = this.following ? undefined : this.seqs.get(this.bottom);
    this.seqs = new RingBuffer(this.buffer.capacity);
    this.start = 0;
    let bottom = 0;
    for (let seq = this.buffer.first; seq < this.buffer.end; seq++) {
      const entry = this.buffer.get(seq)!;
      if (!this.accepts(entry)) continue;
      const view = this.seqs.push(seq);
      if (anchor !== undefined && seq <= anchor) bottom = view;
    }
    this.pausedBottom = bottom;
    this.clamp();
  }

  get first(): number {
    while (this.start < this.seqs.end && this.seqs.get(this.start)! < this.buffer.first) this.start++;
    if (this.start < this.seqs.first) this.start = this.seqs.first;
    return this.start;
  }

  /** One past the newest view number. */
  get end(): number {
    return this.seqs.end;
  }

  get size(): number {
    return this.end - this.first;
  }

  /** The view number of the line at the bottom of the pane. */
  get bottom(): number {
    return this.following ? this.end - 1 : Math.max(this.pausedBottom, this.first);
  }

  entry(view: number): LogEntry | undefined {
    if (view < this.first) return undefined;
    const seq = this.seqs.get(view);
    return seq === undefined ? undefined : this.buffer.get(seq);
  }

  /** Moves the bottom line by `lines` (negative: up, into the past). Scrolling up pauses; reaching the end follows again. */
  scroll(lines: number): void {
    const target = this.bottom + lines;
    if (target >= this.end - 1) return this.follow();
    this.pause();
    this.pausedBottom = target;
    this.clamp();
  }

  /** Puts this view number at the bottom and pauses there (search results, Home). */
  showAt(view: number): void {
    if (view >= this.end - 1) return this.follow();
    this.pause();
    this.pausedBottom = view;
    this.clamp();
  }

  pause(): void {
    if (!this.following) return;
    this.pausedBottom = this.end - 1;
    this.following = false;
    this.arrivedWhilePaused = 0;
  }

  follow(): void {
    this.following = true;
    this.arrivedWhilePaused = 0;
  }

  private clamp(): void {
    if (this.pausedBottom < this.first) this.pausedBottom = Math.min(this.first, this.end - 1);
    if (this.pausedBottom > this.end - 1) this.pausedBottom = this.end - 1;
  }
}
