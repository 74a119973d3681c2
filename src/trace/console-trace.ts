import type { ServerTarget } from '../ami/connection.js';
import { ServerFamilies } from '../ami/levels.js';
import type { Feed, FeedEvent, FeedLine } from '../ami/feed-types.js';
import { formatJson, formatLine } from '../ami/line-format.js';
import type { Pane } from '../console/pane.js';
import { writeNewFile } from '../console/save.js';
import { DIM, MATCH, row, seg, TITLE, type Row } from '../console/style.js';
import { terminalSafe } from '../util/safe-text.js';
import { CallFollow, DEFAULT_FOLLOW_LEVEL } from './follow.js';
import { formatStep, isShown, stepJson } from './format.js';
import { isWatchedLine, LineWatch, parseWatchedLine, type WatchedLine, type WatchHit } from './line-watch.js';
import { TraceSession } from './session.js';
import type { TraceSources } from './sources.js';
import type { TraceStep } from './steps.js';

export interface ConsoleTraceOptions {
  /** The servers the console reads, to open trace sessions of their own on. */
  targets: ServerTarget[];
  feed: Feed;
  /** `--dialplan`: sources from chanlog's parser; else each server's `dialplan show`. */
  sources?: TraceSources;
  configDir?: string;
  /** The level a followed call logs at (default 9). */
  followLevel?: string;
  /** Something changed that the pane shows. */
  onChange(): void;
  /** A call ran a watched line. */
  onWatchHit?(hit: WatchHit): void;
  /** A problem to show (a trace that could not open, a follow that failed). */
  onProblem?(text: string): void;
}

/** Steps kept for the traced call; an older one scrolls away. */
const MAX_STEPS = 5_000;

interface CallRef {
  server: string;
  linkedid: string;
}

const callKey = (call: CallRef) => `${call.server}\u0000${call.linkedid}`;

/**
 * The console's trace: a pane with the selected call's steps (its own
 * TraceSession, replaced when another call is traced), "follow this call"
 * (CallFollow on the feed's command session, released when the call's
 * last channel hangs up or the console quits), watched lines (LineWatch on
 * every server) and saving one call's trace with its log lines.
 */
export class ConsoleTrace implements Pane {
  readonly id = 'trace';
  readonly context = 'global' as const;
  /** Show the steps inside ChanLog routine calls. */
  expandRoutine = false;
  /** Pause the log when a call runs a watched line. */
  pauseOnWatch = false;
  private session: TraceSession | undefined;
  private traced: CallRef | undefined;
  private steps: TraceStep[] = [];
  private readonly follows = new Map<string, Promise<CallFollow | undefined>>();
  private readonly releasing = new Set<string>();
  private watched: WatchedLine[] = [];
  private lineWatches: LineWatch[] = [];
  private lastHit: WatchHit | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: ConsoleTraceOptions) {
    this.unsubscribe = options.feed.subscribe((event) => this.onFeedEvent(event));
  }

  get active(): boolean {
    return this.traced !== undefined;
  }

  get tracedCall(): CallRef | undefined {
    return this.traced;
  }

  /** Traces another call (or the same one again, from now on): a new session, since filters cannot be removed. */
  async trace(call: CallRef): Promise<void> {
    this.session?.close();
    this.session = undefined;
    this.traced = call;
    this.steps = [];
    this.options.onChange();
    const target = this.options.targets.find((t) => t.name === call.server);
    if (!target) return this.options.onProblem?.(`no connection details for ${call.server}`);
    try {
      const session = await TraceSession.open(
        { target, selector: { kind: 'linkedid', linkedid: call.linkedid }, ...(this.options.sources ? { sources: this.options.sources } : {}), ...(this.options.configDir ? { configDir: this.options.configDir } : {}) },
        { step: (step) => this.addStep(step), notice: (text) => this.options.onProblem?.(text) },
      );
      if (this.traced !== call) return session.close(); // another call was chosen meanwhile
      this.session = session;
    } catch (err) {
      this.options.onProblem?.(`trace: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  stopTrace(): void {
    this.session?.close();
    this.session = undefined;
    this.traced = undefined;
    this.steps = [];
    this.options.onChange();
  }

  isFollowed(call: CallRef): boolean {
    return this.follows.has(callKey(call));
  }

  /** Follows the call (its key set for every channel of it), or stops following it. Returns whether it is followed now. */
  async toggleFollow(call: CallRef): Promise<boolean> {
    if (this.isFollowed(call)) {
      await this.release(call);
      return false;
    }
    const client = this.options.feed.commandClient(call.server);
    const pending = this.families.of(call.server, client)
      .then((family) => CallFollow.start(client, call.linkedid, { level: this.options.followLevel ?? DEFAULT_FOLLOW_LEVEL, family }))
      .catch((err: unknown) => {
        this.follows.delete(callKey(call));
        this.options.onProblem?.(`follow: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      });
    this.follows.set(callKey(call), pending);
    this.options.onChange();
    return (await pending) !== undefined;
  }

  /** The family each server's routine reads, found once per server. */
  private readonly families = new ServerFamilies();

  /** Watches a `FILE:LINE` (typed, or the source of the newest step); the watch sessions are replaced. */
  async watch(text: string): Promise<WatchedLine> {
    const line = parseWatchedLine(text);
    const lines = [...this.watched.filter((w) => !isWatchedLine(w, line)), line];
    await this.replaceWatches(lines);
    return line;
  }

  async unwatchAll(): Promise<void> {
    await this.replaceWatches([]);
  }

  /** The source of the newest step shown, as `file:line`, to offer when a line is to be watched. */
  newestSource(): string | undefined {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const source = this.steps[i]!.source;
      if (source) return `${source.file}:${source.line}`;
    }
    return undefined;
  }

  /**
   * Saves the traced call's steps and the log lines given (the console's
   * lines of that call), in time order: text as `chanlog trace` and
   * `chanlog tail` print them, or JSON Lines for a name ending in .jsonl
   * (steps with `"type": "step"`, lines with `"type": "line"`).
   */
  save(name: string, lines: Iterable<FeedLine>): { file: string; steps: number; lines: number } {
    const json = /\.jsonl?$/i.test(name.trim());
    const items: Array<{ time: number; text: string }> = [];
    for (const step of this.steps) items.push({ time: step.time.getTime(), text: json ? `{"type":"step",${stepJson(step).slice(1)}` : formatStep(step) });
    let count = 0;
    for (const line of lines) {
      items.push({ time: line.time.getTime(), text: json ? `{"type":"line",${formatJson(line).slice(1)}` : formatLine(line) });
      count++;
    }
    // Stable: a step and the line it printed keep their order of arrival.
    items.sort((a, b) => a.time - b.time);
    const { file } = writeNewFile(name, items.map((item) => item.text));
    return { file, steps: this.steps.length, lines: count };
  }

  wantedRows(): number {
    return this.active ? Number.POSITIVE_INFINITY : 0;
  }

  render(width: number, height: number): Row[] {
    if (height <= 0) return [];
    const call = this.traced;
    const followed = call && this.isFollowed(call) ? `  following L${this.options.followLevel ?? DEFAULT_FOLLOW_LEVEL}` : '';
    const watch = this.watched.length > 0 ? `  watching ${this.watched.map((w) => `${w.file}:${w.line}`).join(' ')}${this.pauseOnWatch ? ' (pauses)' : ''}` : '';
    const title = call ? ` TRACE ${call.linkedid} on ${call.server}${followed}${watch} ` : ` TRACE${watch} `;
    const rows: Row[] = [row([seg(terminalSafe(title))], TITLE)];
    if (this.lastHit) {
      const hit = this.lastHit;
      rows.push(row([seg(terminalSafe(`watched ${hit.line.file}:${hit.line.line} ran on ${hit.step.channel} [${hit.step.linkedid}] ${hit.step.application}(${hit.step.appData})`), MATCH)]));
    }
    const shown = this.steps.filter((step) => isShown(step, { expandRoutine: this.expandRoutine }));
    const room = Math.max(0, height - rows.length);
    if (shown.length === 0 && room > 0) rows.push(row([seg(call ? 'waiting for steps of this call...' : 'no call traced', DIM)]));
    for (const step of shown.slice(Math.max(0, shown.length - room))) {
      const text = formatStep(step).slice(0, Math.max(0, width));
      rows.push(row([seg(text, this.isWatched(step) ? MATCH : undefined)]));
    }
    return rows.slice(0, height);
  }

  /** Ends every session and puts every followed call's key back. */
  async close(): Promise<void> {
    this.unsubscribe();
    this.session?.close();
    for (const watch of this.lineWatches) watch.close();
    for (const key of [...this.follows.keys()]) {
      const [server = '', linkedid = ''] = key.split('\u0000');
      await this.release({ server, linkedid });
    }
  }

  private addStep(step: TraceStep): void {
    this.steps.push(step);
    if (this.steps.length > MAX_STEPS) this.steps.splice(0, this.steps.length - MAX_STEPS);
    this.options.onChange();
  }

  private isWatched(step: TraceStep): boolean {
    const source = step.source;
    return source !== undefined && this.watched.some((w) => isWatchedLine(w, source));
  }

  private async replaceWatches(lines: WatchedLine[]): Promise<void> {
    const opened: LineWatch[] = [];
    try {
      if (lines.length > 0) {
        for (const target of this.options.targets) opened.push(await LineWatch.open(target, lines, (hit) => this.onHit(hit)));
      }
    } catch (err) {
      for (const watch of opened) watch.close();
      throw err;
    }
    for (const watch of this.lineWatches) watch.close();
    this.lineWatches = opened;
    this.watched = lines;
    if (lines.length === 0) this.lastHit = undefined;
    this.options.onChange();
  }

  private onHit(hit: WatchHit): void {
    this.lastHit = hit;
    this.options.onWatchHit?.(hit);
    this.options.onChange();
  }

  /** A followed call whose last channel hung up is released. */
  private onFeedEvent(event: FeedEvent): void {
    if (event.kind !== 'channel' || event.change !== 'hangup') return;
    const call = { server: event.channel.server, linkedid: event.channel.linkedid };
    if (!this.isFollowed(call)) return;
    const left = this.options.feed.channels().some((c) => c.server === call.server && c.linkedid === call.linkedid && c.uniqueid !== event.channel.uniqueid);
    if (!left) void this.release(call);
  }

  /** Puts the call's key back; it counts as followed until that is done. */
  private async release(call: CallRef): Promise<void> {
    const key = callKey(call);
    const pending = this.follows.get(key);
    if (!pending || this.releasing.has(key)) return;
    this.releasing.add(key);
    try {
      await (await pending)?.stop();
    } catch (err) {
      this.options.onProblem?.(`could not put back the key of call ${call.linkedid}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.follows.delete(key);
      this.releasing.delete(key);
    }
    this.options.onChange();
  }
}
