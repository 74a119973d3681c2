import type { Feed } from '../ami/feed-types.js';
import { checkLevel, FAMILY, keyPath, scopeOfKey } from '../chanlog/keys.js';
import { terminalSafe } from '../util/safe-text.js';
import type { FilterField, Filters } from './filters.js';
import { Keymap, type CommandName, type KeyContext } from './keymap.js';
import { computeLayout, type Rect } from './layout.js';
import { LevelControl } from './level-control.js';
import type { LogEntry } from './log-entry.js';
import { filterBar, footer, statusBar } from './panes/bars.js';
import { CallsPane } from './panes/calls.js';
import { helpScreen } from './panes/help.js';
import { LevelsPane } from './panes/levels.js';
import { LogPane } from './panes/log.js';
import type { Pane } from './pane.js';
import { Prompt, type PromptSpec } from './prompt.js';
import { defaultSaveName, saveEntries } from './save.js';
import { TerminalScreen, type ScreenOptions } from './screen.js';
import { ConsoleStore } from './store.js';
import type { ServerTarget } from '../ami/connection.js';
import { ConsoleTrace } from '../trace/console-trace.js';
import type { TraceSources } from '../trace/sources.js';

export interface ConsoleOptions extends ScreenOptions {
  feed: Feed;
  /** Lines kept in the scrollback. */
  scrollback: number;
  keymap?: Keymap;
  /** The filters to start with (checked by the caller). */
  filters?: Filters;
  /** At most one frame per this many ms (default 33: about 30 per second). */
  frameMs?: number;
  /** How often levels are read again from AstDB (default 3 s). */
  levelPollMs?: number;
  now?: () => number;
  /** The servers' connection details, for the trace's own sessions; without them there is no trace. */
  trace?: { targets: ServerTarget[]; sources?: TraceSources };
}

export interface ConsoleStats {
  linesReceived: number;
  linesInScrollback: number;
  frames: number;
}

const MESSAGE_MS = 6_000;
const FILTER_LABELS: Record<FilterField, string> = {
  level: 'highest ChanLog level (0-9, empty: any)',
  channel: 'channel glob or /regex/ (empty: any)',
  device: 'device glob or /regex/ (empty: any)',
  grep: 'message regex (empty: any)',
};

/**
 * The live console: the store fed by the feed, the panes drawn from it at
 * most once per frame interval (never once per event), keys dispatched
 * through the keymap. `run()` resolves with the exit code when the user
 * quits; the terminal is restored by then. The feed is the caller's to stop.
 */
export class ConsoleApp {
  readonly store: ConsoleStore;
  readonly screen: TerminalScreen;
  readonly keymap: Keymap;
  private readonly calls: CallsPane;
  private readonly levels: LevelsPane;
  private readonly log: LogPane;
  private readonly focusRing: Pane[];
  private focusIndex = 0;
  private readonly levelControl: LevelControl;
  /** Trace, follow and watch (src/trace); undefined without connection details. */
  readonly trace: ConsoleTrace | undefined;
  private prompt: Prompt | undefined;
  private helpOffset: number | undefined;
  private messageUntil = 0;
  private frameTimer: NodeJS.Timeout | undefined;
  private lastFrame = 0;
  private frames = 0;
  private readonly ticker: NodeJS.Timeout;
  private lastCounts = { events: 0, lines: 0, at: 0 };
  private readonly unsubscribe: () => void;
  private finish: (code: number) => void = () => {};
  private readonly done: Promise<number>;
  private readonly now: () => number;
  private readonly frameMs: number;

  constructor(private readonly options: ConsoleOptions) {
    this.now = options.now ?? Date.now;
    this.frameMs = options.frameMs ?? 33;
    this.keymap = options.keymap ?? Keymap.defaults();
    const feed = options.feed;
    this.store = new ConsoleStore(options.scrollback, feed.servers.map((s) => feed.status(s)), options.filters, this.now);
    this.calls = new CallsPane(this.store, this.now);
    this.levels = new LevelsPane(this.store, () => this.calls.selected(), this.now);
    this.log = new LogPane(this.store, feed.servers.length > 1);
    this.focusRing = [this.calls, this.log, this.levels];
    this.levelControl = new LevelControl(feed, this.store, options.levelPollMs);
    this.screen = new TerminalScreen({
      input: options.input,
      output: options.output,
      ...(options.terminal ? { terminal: options.terminal } : {}),
      monochrome: Boolean(options.monochrome),
      mouse: Boolean(options.mouse),
    });
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.trace = options.trace
      ? new ConsoleTrace({
          ...options.trace,
          feed,
          onChange: () => this.scheduleFrame(),
          onProblem: (text) => this.say(terminalSafe(text), 'bad'),
          onWatchHit: (hit) => {
            this.say(terminalSafe(`${hit.step.channel} ran ${hit.line.file}:${hit.line.line}`), 'info');
            this.store.markWatched(hit.server, hit.step.linkedid);
            if (this.trace?.pauseOnWatch) this.store.view.pause();
          },
        })
      : undefined;

    for (const channel of feed.channels()) this.store.apply({ kind: 'channel', change: 'new', channel });
    this.store.onChange = () => this.scheduleFrame();
    this.unsubscribe = feed.subscribe((event) => this.store.apply(event));
    this.screen.onKey((key) => this.onKey(key));
    this.screen.onWheel((direction) => {
      this.store.view.scroll(direction === 'up' ? -3 : 3);
      this.scheduleFrame();
    });
    this.screen.onResize(() => this.scheduleFrame());
    this.lastCounts = { events: this.totalEvents(), lines: 0, at: this.now() };
    this.ticker = setInterval(() => this.tick(), 1_000);
    this.levelControl.start();
    this.draw();
  }

  /** Resolves with the exit code once the user quits; the terminal is restored by then. */
  run(): Promise<number> {
    return this.done;
  }

  /** Ends the console from outside (a signal): restores the terminal, resolves run() with `code`. */
  quit(code = 0): void {
    clearInterval(this.ticker);
    clearTimeout(this.frameTimer);
    this.levelControl.stop();
    this.unsubscribe();
    this.screen.destroy();
    this.finish(code);
  }

  stats(): ConsoleStats {
    return { linesReceived: this.store.linesReceived, linesInScrollback: this.store.buffer.size, frames: this.frames };
  }

  /** Runs one key as the user pressed it (tests drive the console through this and the screen). */
  onKey(key: string): void {
    if (this.helpOffset !== undefined) return this.helpKey(key);
    if (this.prompt) {
      if (this.prompt.key(key)) this.prompt = undefined;
      return this.scheduleFrame();
    }
    const command = this.keymap.resolve(key, this.focused.context);
    if (command) this.execute(command);
    this.scheduleFrame();
  }

  private get focused(): Pane {
    return this.focusRing[this.focusIndex]!;
  }

  private execute(command: CommandName): void {
    const store = this.store;
    const view = store.view;
    switch (command) {
      case 'quit':
        return this.quit(0);
      case 'help':
        this.helpOffset = 0;
        return;
      case 'focus-next':
      case 'focus-prev':
        this.focusIndex = (this.focusIndex + (command === 'focus-next' ? 1 : this.focusRing.length - 1)) % this.focusRing.length;
        return;
      case 'pause':
        return view.following ? view.pause() : view.follow();
      case 'search':
        return this.ask({
          label: 'search /',
          initial: store.search.text,
          submit: (text) => this.attempt(() => {
            store.search.set(text);
            if (store.search.pattern) this.jumpToMatch(store.search.find(view, view.end, -1), 'no line matches');
          }),
        });
      case 'search-next':
        return this.jumpToMatch(store.search.find(view, view.bottom, 1), 'no newer match');
      case 'search-prev':
        return this.jumpToMatch(store.search.find(view, view.bottom, -1), 'no older match');
      case 'escape':
        if (store.search.pattern) store.search.set('');
        else if (store.filters.settings.call) this.changeFilters(() => store.filters.setCall(undefined));
        this.messageUntil = 0;
        return;
      case 'filter-level':
      case 'filter-channel':
      case 'filter-device':
      case 'filter-grep': {
        const field = command.slice('filter-'.length) as FilterField;
        const current = store.filters.settings[field];
        return this.ask({
          label: FILTER_LABELS[field],
          initial: current === undefined ? '' : typeof current === 'number' ? String(current) : current.text,
          submit: (text) => this.changeFilters(() => store.filters.setField(field, text)),
        });
      }
      case 'filter-invert':
        return this.changeFilters(() => store.filters.toggleInvert());
      case 'filter-toggle':
        return this.changeFilters(() => (store.filters.enabled = !store.filters.enabled));
      case 'filter-clear':
        return this.changeFilters(() => store.filters.clear());
      case 'global-level':
        return this.ask({
          label: 'global level ChanLog/all (0-9, empty: clear)',
          submit: (text) => {
            const problem = text.trim() === '' ? undefined : checkLevel(text.trim());
            if (problem) return this.say(problem, 'bad');
            void this.levelControl.setGlobal(text);
          },
        });
      case 'save-view':
        return this.askSave('save the lines in view to', () => this.viewEntries());
      case 'save-call': {
        const channel = this.calls.selected();
        if (!channel) return this.say('no call selected', 'bad');
        return this.askSave(`save the lines of call ${terminalSafe(channel.linkedid)} to`, () => this.callEntries(channel.server, channel.linkedid));
      }
      case 'redraw':
        this.screen.redraw();
        return;
      case 'select-up':
      case 'select-down':
        return this.calls.move(command === 'select-up' ? -1 : 1);
      case 'follow-call': {
        const channel = this.calls.selected();
        if (!channel) return this.say('no call selected', 'bad');
        const current = store.filters.settings.call;
        const same = current && current.server === channel.server && current.linkedid === channel.linkedid;
        return this.changeFilters(() => store.filters.setCall(same ? undefined : { server: channel.server, linkedid: channel.linkedid, label: `${channel.channel} (${channel.linkedid})` }));
      }
      case 'device-up':
      case 'device-down':
      case 'device-clear':
      case 'channel-up':
      case 'channel-down':
      case 'channel-clear': {
        const channel = this.calls.selected();
        if (!channel) return this.say('no call selected', 'bad');
        const [kind, change] = command.split('-') as ['device' | 'channel', 'up' | 'down' | 'clear'];
        void this.levelControl.changeChannel(channel, kind, change);
        return;
      }
      case 'scroll-up':
      case 'scroll-down':
        return view.scroll(command === 'scroll-up' ? -1 : 1);
      case 'page-up':
      case 'page-down':
        return view.scroll(command === 'page-up' ? -this.log.pageRows : this.log.pageRows);
      case 'top':
        return view.showAt(view.first);
      case 'bottom':
        return view.follow();
      case 'level-up':
      case 'level-down':
        return this.levels.move(command === 'level-up' ? -1 : 1);
      case 'trace-call':
      case 'turn-up-call':
      case 'watch-line':
      case 'watch-clear':
      case 'watch-pause':
      case 'trace-expand':
      case 'save-trace':
        return this.traceCommand(command);
      case 'level-clear': {
        const entry = this.levels.selected();
        // The pane's keys are relative to the family they were read from: read back from their full path.
        const family = (entry && this.store.levels.get(entry.server)?.family) ?? FAMILY;
        const scope = entry ? scopeOfKey(keyPath({ family, key: entry.key }), family) : undefined;
        if (!entry || !scope) return this.say('no level selected', 'bad');
        // A device key and a channel key are the same AstDB path: clearing one as a channel clears either.
        void this.levelControl.clear(entry.server, scope.kind === 'channel-or-device' ? { kind: 'channel', name: scope.name } : scope);
        return;
      }
    }
  }

  private traceCommand(command: 'trace-call' | 'turn-up-call' | 'watch-line' | 'watch-clear' | 'watch-pause' | 'trace-expand' | 'save-trace'): void {
    const trace = this.trace;
    if (!trace) return this.say('no trace here (the console was started without connection details)', 'bad');
    const fail = (err: unknown) => this.say(err instanceof Error ? err.message : String(err), 'bad');
    switch (command) {
      case 'trace-call':
      case 'turn-up-call': {
        const channel = this.calls.selected();
        if (!channel) return this.say('no call selected', 'bad');
        const call = { server: channel.server, linkedid: channel.linkedid };
        if (command === 'turn-up-call') {
          void trace.toggleFollow(call).then((on) => this.say(terminalSafe(`call ${call.linkedid}: ${on ? 'followed, every channel logs at level 9' : 'no longer followed, its key is as it was'}`), 'good'), fail);
          return;
        }
        const same = trace.tracedCall?.server === call.server && trace.tracedCall.linkedid === call.linkedid;
        if (same) return trace.stopTrace();
        void trace.trace(call);
        return;
      }
      case 'watch-line':
        return this.ask({
          label: 'watch line FILE:LINE',
          initial: trace.newestSource() ?? '',
          submit: (text) => void trace.watch(text).then((line) => this.say(terminalSafe(`watching ${line.file}:${line.line}`), 'good'), fail),
        });
      case 'watch-clear':
        this.store.clearWatched();
        void trace.unwatchAll().catch(fail);
        return;
      case 'watch-pause':
        trace.pauseOnWatch = !trace.pauseOnWatch;
        return this.say(trace.pauseOnWatch ? 'a watched line pauses the log' : 'a watched line no longer pauses the log', 'info');
      case 'trace-expand':
        trace.expandRoutine = !trace.expandRoutine;
        return;
      case 'save-trace': {
        const call = trace.tracedCall;
        if (!call) return this.say('no call traced (t on a call)', 'bad');
        return this.ask({
          label: `save the trace and lines of call ${terminalSafe(call.linkedid)} to (.jsonl: JSON Lines)`,
          initial: defaultSaveName(new Date(this.now())),
          submit: (name) =>
            this.attempt(() => {
              const lines = [...this.callEntries(call.server, call.linkedid)].flatMap((entry) => (entry.kind === 'line' ? [entry.line] : []));
              const saved = trace.save(name, lines);
              this.say(terminalSafe(`saved ${saved.steps} steps and ${saved.lines} lines to ${saved.file}`), 'good');
            }),
        });
      }
    }
  }

  private helpKey(key: string): void {
    if (key === 'down' || key === 'j') this.helpOffset! += 1;
    else if (key === 'up' || key === 'k') this.helpOffset = Math.max(0, this.helpOffset! - 1);
    else if (key === 'pagedown') this.helpOffset! += 10;
    else if (key === 'pageup') this.helpOffset = Math.max(0, this.helpOffset! - 10);
    else this.helpOffset = undefined;
    this.scheduleFrame();
  }

  private ask(spec: PromptSpec): void {
    this.prompt = new Prompt(spec);
  }

  private askSave(label: string, entries: () => Iterable<LogEntry>): void {
    this.ask({
      label: `${label} (.jsonl: JSON Lines)`,
      initial: defaultSaveName(new Date(this.now())),
      submit: (name) =>
        this.attempt(() => {
          const { file, lines } = saveEntries(name, entries());
          this.say(`saved ${lines} line${lines === 1 ? '' : 's'} to ${terminalSafe(file)}`, 'good');
        }),
    });
  }

  private *viewEntries(): Iterable<LogEntry> {
    const view = this.store.view;
    for (let at = view.first; at < view.end; at++) {
      const entry = view.entry(at);
      if (entry) yield entry;
    }
  }

  private *callEntries(server: string, linkedid: string): Iterable<LogEntry> {
    const buffer = this.store.buffer;
    for (let seq = buffer.first; seq < buffer.end; seq++) {
      const entry = buffer.get(seq);
      if (entry?.kind === 'line' && entry.line.server === server && entry.line.linkedid === linkedid) yield entry;
    }
  }

  private changeFilters(change: () => void): void {
    this.attempt(() => {
      change();
      this.store.filtersChanged();
    });
  }

  private jumpToMatch(at: number | undefined, none: string): void {
    if (!this.store.search.pattern) return this.say(`no search yet: ${this.keymap.keyOf('search')} searches`, 'info');
    if (at === undefined) return this.say(none, 'info');
    this.store.view.showAt(at);
  }

  /** Runs a change the user asked for; a bad pattern or file name becomes a message, never a crash. */
  private attempt(change: () => void): void {
    try {
      change();
    } catch (err) {
      this.say(err instanceof Error ? err.message : String(err), 'bad');
    }
  }

  private say(text: string, tone: 'good' | 'bad' | 'info'): void {
    this.messageUntil = this.now() + MESSAGE_MS;
    this.store.setMessage(text, tone);
  }

  private totalEvents(): number {
    let events = 0;
    for (const server of this.options.feed.servers) events += this.options.feed.status(server).events;
    return events;
  }

  private tick(): void {
    const now = this.now();
    const events = this.totalEvents();
    const seconds = Math.max(0.001, (now - this.lastCounts.at) / 1000);
    this.store.eventRate = (events - this.lastCounts.events) / seconds;
    this.store.lineRate = (this.store.linesReceived - this.lastCounts.lines) / seconds;
    this.lastCounts = { events, lines: this.store.linesReceived, at: now };
    this.store.pruneEnded();
    this.scheduleFrame();
  }

  /** At most one frame per frame interval, however many events arrive. */
  private scheduleFrame(): void {
    if (this.frameTimer) return;
    const wait = Math.max(0, this.lastFrame + this.frameMs - this.now());
    this.frameTimer = setTimeout(() => {
      this.frameTimer = undefined;
      this.draw();
    }, wait);
  }

  /** The log's rectangle, its lower part given to the trace while a call is traced. */
  private logAndTrace(rect: Rect, focused: boolean) {
    if (!this.trace?.active) return [{ ...rect, rows: this.log.render(rect.width, rect.height, focused) }];
    const traceHeight = Math.floor(rect.height / 2);
    const logRect = { ...rect, height: rect.height - traceHeight };
    const traceRect = { ...rect, y: rect.y + logRect.height, height: traceHeight };
    return [
      { ...logRect, rows: this.log.render(logRect.width, logRect.height, focused) },
      { ...traceRect, rows: this.trace.render(traceRect.width, traceRect.height) },
    ];
  }

  /** Draws the whole screen now (tests call it to see a frame without waiting). */
  draw(): void {
    this.lastFrame = this.now();
    this.frames++;
    const { width, height } = this.screen;
    const layout = computeLayout(width, height, { calls: this.calls.wantedRows(), levels: this.levels.wantedRows() });
    const focused = this.focused.context as KeyContext;
    const message = this.now() < this.messageUntil ? this.store.message : undefined;
    const status = { ...layout.status, rows: [statusBar(this.store, this.now())] };
    if (this.helpOffset !== undefined) {
      const rows = helpScreen(this.keymap, width);
      this.helpOffset = Math.min(this.helpOffset, Math.max(0, rows.length - (height - 1)));
      this.screen.draw([status, { x: 0, y: 1, width, height: height - 1, rows: [rows[0]!, ...rows.slice(1 + this.helpOffset)] }]);
      return;
    }
    this.screen.draw([
      status,
      { ...layout.filter, rows: [filterBar(this.store.filters, this.keymap)] },
      { ...layout.calls, rows: this.calls.render(layout.calls.width, layout.calls.height, focused === 'calls') },
      { ...layout.levels, rows: this.levels.render(layout.levels.width, layout.levels.height, focused === 'levels') },
      ...this.logAndTrace(layout.log, focused === 'log'),
      { ...layout.footer, rows: [footer({ prompt: this.prompt, message, keymap: this.keymap, focused, width })] },
    ]);
  }
}
