import type { FeedLine, LineVia } from '../ami/feed-types.js';
import type { LogEntry, NoticeEntry } from './log-entry.js';
import { RingNumbering } from './ring-buffer.js';
import { StringTable } from './string-table.js';
import { TextArena } from './text-arena.js';

/** What the log view reads from the scrollback. */
export interface EntrySource {
  readonly capacity: number;
  readonly first: number;
  readonly end: number;
  get(seq: number): LogEntry | undefined;
}

const NONE = 0xffffffff;
const VIAS: readonly LineVia[] = ['userevent', 'marker', 'newexten'];
const KIND_LINE = 0;
const KIND_NOTICE = 1;

/** The string fields, each a column of StringTable numbers. */
const STRING_FIELDS = ['server', 'channel', 'device', 'uniqueid', 'linkedid', 'context', 'extension', 'application'] as const;

type KeptField = (typeof STRING_FIELDS)[number] | 'time' | 'priority' | 'chanlogLevel' | 'caller' | 'verboseLevel' | 'message' | 'via' | 'source' | 'callerSource';
type UnkeptField = Exclude<keyof FeedLine, KeptField>;
/** Fails the type check when FeedLine gains a field the scrollback does not keep and give back. */
export const everyFeedLineFieldKept: [UnkeptField] extends [never] ? true : ['FeedLine fields the scrollback loses:', UnkeptField] = true;

/**
 * The console's scrollback: the last `capacity` log entries, addressed by
 * sequence number like a ring (each push gets the next number and, once
 * full, overwrites the oldest). A line is kept as columns of numbers in
 * typed arrays (strings interned in a StringTable, the message as bytes in
 * a TextArena), not as objects: a full 100,000-line scrollback then costs
 * the garbage collector next to nothing to keep, and memory stays flat
 * however long the console runs. `get` gives back an equal FeedLine (same
 * fields in the same order, so `tail --json` and a save print the same
 * text); it is built on demand, for the few rows on screen, a save or a
 * search.
 */
export class Scrollback extends RingNumbering implements EntrySource {
  private readonly strings = new StringTable();
  private readonly arena = new TextArena();
  private readonly kind: Uint8Array;
  private readonly via: Uint8Array;
  private readonly time: Float64Array;
  private readonly priority: Float64Array;
  /** NaN: no ChanLog level. */
  private readonly chanlogLevel: Float64Array;
  /** Verbose's level as a number, or NaN with `logLevel` holding Log()'s level name. */
  private readonly verboseLevel: Float64Array;
  private readonly logLevel: Uint32Array;
  private readonly stringColumns: Record<(typeof STRING_FIELDS)[number], Uint32Array>;
  private readonly callerContext: Uint32Array;
  private readonly callerExtension: Uint32Array;
  private readonly callerPriority: Float64Array;
  private readonly sourceFile: Uint32Array;
  private readonly sourceLine: Float64Array;
  private readonly callerSourceFile: Uint32Array;
  private readonly callerSourceLine: Float64Array;
  private readonly messageChunk: Uint32Array;
  private readonly messageOffset: Uint32Array;
  private readonly messageLength: Uint32Array;
  /** The rare entries kept as objects: notices, and messages a UTF-8 round trip would change. */
  private readonly objects = new Map<number, NoticeEntry | string>();

  constructor(capacity: number) {
    super(capacity, 'scrollback');
    const numbers = () => new Float64Array(capacity);
    const ids = () => new Uint32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.via = new Uint8Array(capacity);
    this.time = numbers();
    this.priority = numbers();
    this.chanlogLevel = numbers();
    this.verboseLevel = numbers();
    this.logLevel = ids();
    this.stringColumns = Object.fromEntries(STRING_FIELDS.map((field) => [field, ids()])) as Scrollback['stringColumns'];
    this.callerContext = ids();
    this.callerExtension = ids();
    this.callerPriority = numbers();
    this.sourceFile = ids();
    this.sourceLine = numbers();
    this.callerSourceFile = ids();
    this.callerSourceLine = numbers();
    this.messageChunk = ids();
    this.messageOffset = ids();
    this.messageLength = ids();
  }

  /** Distinct strings held for the kept lines (tests, the memory benchmark). */
  get stringsHeld(): number {
    return this.strings.size;
  }

  /** Bytes the kept messages take (tests, the memory benchmark). */
  get messageBytesHeld(): number {
    return this.arena.bytesHeld;
  }

  /** Adds an entry, dropping the oldest when full; returns its sequence number. */
  push(entry: LogEntry): number {
    const slot = this.next % this.capacity;
    if (this.next >= this.capacity) this.drop(slot, this.next - this.capacity);
    if (entry.kind === 'notice') {
      this.kind[slot] = KIND_NOTICE;
      this.objects.set(this.next, entry);
    } else {
      this.kind[slot] = KIND_LINE;
      this.keep(slot, entry.line);
    }
    return this.next++;
  }

  /** The entry with this sequence number, or undefined once dropped (or never pushed). */
  get(seq: number): LogEntry | undefined {
    if (!this.holds(seq)) return undefined;
    const slot = seq % this.capacity;
    if (this.kind[slot] === KIND_NOTICE) return this.objects.get(seq) as NoticeEntry;
    return { kind: 'line', line: this.line(slot, seq) };
  }

  private keep(slot: number, line: FeedLine): void {
    const strings = this.strings;
    this.time[slot] = line.time.getTime();
    for (const field of STRING_FIELDS) this.stringColumns[field][slot] = strings.intern(line[field]);
    this.priority[slot] = line.priority;
    this.chanlogLevel[slot] = line.chanlogLevel ?? NaN;
    if (typeof line.verboseLevel === 'string') {
      this.verboseLevel[slot] = NaN;
      this.logLevel[slot] = strings.intern(line.verboseLevel);
    } else {
      this.verboseLevel[slot] = line.verboseLevel;
      this.logLevel[slot] = NONE;
    }
    this.callerContext[slot] = line.caller ? strings.intern(line.caller.context) : NONE;
    this.callerExtension[slot] = line.caller ? strings.intern(line.caller.extension) : NONE;
    this.callerPriority[slot] = line.caller ? line.caller.priority : NaN;
    this.sourceFile[slot] = line.source ? strings.intern(line.source.file) : NONE;
    this.sourceLine[slot] = line.source ? line.source.line : NaN;
    this.callerSourceFile[slot] = line.callerSource ? strings.intern(line.callerSource.file) : NONE;
    this.callerSourceLine[slot] = line.callerSource ? line.callerSource.line : NaN;
    this.via[slot] = VIAS.indexOf(line.via);
    if (TextArena.fits(line.message)) {
      const place = this.arena.add(line.message);
      this.messageChunk[slot] = place.chunk;
      this.messageOffset[slot] = place.offset;
      this.messageLength[slot] = place.length;
    } else {
      this.messageChunk[slot] = NONE;
      this.objects.set(this.next, line.message);
    }
  }

  /** Releases what the entry in `slot` (sequence number `seq`) holds. */
  private drop(slot: number, seq: number): void {
    if (this.kind[slot] === KIND_NOTICE) {
      this.objects.delete(seq);
      return;
    }
    const strings = this.strings;
    for (const field of STRING_FIELDS) strings.release(this.stringColumns[field][slot]!);
    this.releaseOptional(this.logLevel[slot]!);
    this.releaseOptional(this.callerContext[slot]!);
    this.releaseOptional(this.callerExtension[slot]!);
    this.releaseOptional(this.sourceFile[slot]!);
    this.releaseOptional(this.callerSourceFile[slot]!);
    const chunk = this.messageChunk[slot]!;
    if (chunk === NONE) this.objects.delete(seq);
    else this.arena.release(chunk);
  }

  private releaseOptional(id: number): void {
    if (id !== NONE) this.strings.release(id);
  }

  /** The line in `slot` as the FeedLine it was pushed as: same fields, same order (built without `...` spreads: see events.ts). */
  private line(slot: number, seq: number): FeedLine {
    const strings = this.strings;
    const columns = this.stringColumns;
    const line = {
      time: new Date(this.time[slot]!),
      server: strings.text(columns.server[slot]!),
      channel: strings.text(columns.channel[slot]!),
      device: strings.text(columns.device[slot]!),
      uniqueid: strings.text(columns.uniqueid[slot]!),
      linkedid: strings.text(columns.linkedid[slot]!),
      context: strings.text(columns.context[slot]!),
      extension: strings.text(columns.extension[slot]!),
      priority: this.priority[slot]!,
      application: strings.text(columns.application[slot]!),
    } as FeedLine;
    const chanlogLevel = this.chanlogLevel[slot]!;
    if (!Number.isNaN(chanlogLevel)) line.chanlogLevel = chanlogLevel;
    const callerContext = this.callerContext[slot]!;
    if (callerContext !== NONE) line.caller = { context: strings.text(callerContext), extension: strings.text(this.callerExtension[slot]!), priority: this.callerPriority[slot]! };
    const logLevel = this.logLevel[slot]!;
    line.verboseLevel = logLevel === NONE ? this.verboseLevel[slot]! : strings.text(logLevel);
    const chunk = this.messageChunk[slot]!;
    line.message = chunk === NONE ? (this.objects.get(seq) as string) : this.arena.text(chunk, this.messageOffset[slot]!, this.messageLength[slot]!);
    line.via = VIAS[this.via[slot]!]!;
    const sourceFile = this.sourceFile[slot]!;
    if (sourceFile !== NONE) line.source = { file: strings.text(sourceFile), line: this.sourceLine[slot]! };
    const callerSourceFile = this.callerSourceFile[slot]!;
    if (callerSourceFile !== NONE) line.callerSource = { file: strings.text(callerSourceFile), line: this.callerSourceLine[slot]! };
    return line;
  }
}
