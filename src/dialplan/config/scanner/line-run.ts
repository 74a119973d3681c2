import { IntVector } from '../../text/int-vector.js';
import type { ScannedLine } from './scanned-line.js';

/**
 * The variable lines of a file, as numbers in one arena per file: a large
 * dialplan has hundreds of thousands of them, and numbers in a few big typed
 * arrays cost the garbage collector nothing (an object or a small array per
 * line or per run would).
 */
export class LineArena {
  /** config.c's line number of each line. */
  readonly lines = new IntVector(1024);
  /** The live text of each line is file text [from, to) ... */
  readonly from = new IntVector(1024);
  readonly to = new IntVector(1024);
  /** ... unless comment processing changed it: then it is here, by index. */
  changed: Map<number, string> | undefined;
  /** Lines of 8191 bytes or more, by index: Asterisk skips them with a warning quoting their start. */
  tooLong: Map<number, string> | undefined;

  get length(): number {
    return this.lines.length;
  }

  reserve(count: number): void {
    this.lines.reserve(count);
    this.from.reserve(count);
    this.to.reserve(count);
  }

  push(line: ScannedLine): void {
    const index = this.lines.length;
    this.lines.push(line.line);
    this.from.push(line.from);
    this.to.push(line.to);
    if (line.text !== undefined) (this.changed ??= new Map()).set(index, line.text);
    if (line.kind === 'long') (this.tooLong ??= new Map()).set(index, line.beginning ?? '');
  }
}

/** A run of consecutive variable lines: arena entries [start, end). */
export class LineRun {
  readonly start: number;
  end: number;

  constructor(readonly arena: LineArena) {
    this.start = arena.length;
    this.end = this.start;
  }

  push(line: ScannedLine): void {
    this.arena.push(line);
    this.end = this.arena.length;
  }
}
