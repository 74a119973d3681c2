import { strip } from '../../text/bytes.js';
import { LineArena } from './line-run.js';
import type { LineKind, ScannedLine } from './scanned-line.js';

/**
 * The first stage of Asterisk's config reader (main/config.c), one physical
 * line at a time: fgets-sized chunks, the line counter, the UTF-8 BOM, and
 * the comment engine (`;` comments, `\;` escapes, nested `;-- --;` blocks
 * with their odd cases). What is left of a line, the "live text", is
 * classified by its first byte: `[` header, `#` directive, else a variable.
 *
 * It is the engine behind the lexer's line tokens (see ../grammar/tokens.ts): it runs
 * once per line, in order, and keeps the state config.c keeps per
 * `config_text_file_load` call, which spans all files of one `#include`
 * glob (line numbers and comment depth continue from file to file).
 */

/** The live text of a scanned line. */
export function liveText(line: ScannedLine, fileText: string): string {
  return line.text ?? fileText.slice(line.from, line.to);
}

/** config.c reads with an 8192-byte buffer: 8191 bytes at most per fgets. */
export const LINE_BUFFER = 8192;
const MAX_NESTED_COMMENTS = 128;
const BOM = '\xEF\xBB\xBF';


function kindOf(firstByte: number): LineKind {
  return firstByte === 91 ? 'category' : firstByte === 35 ? 'directive' : 'variable';
}

/** The state config.c keeps across the files of one include (one glob). */
export class ScanState {
  /** The last line number handed out. */
  line = 0;
  /** Block-comment depth; can go negative through a stray `--;`, as in Asterisk. */
  depth = 0;
  /** Line numbers where the open blocks began, innermost last. */
  nest: number[] = [];

  /**
   * The line config.c names in "Unterminated comment detected beginning on
   * line N": the innermost open block, or 0 when the depth is negative.
   */
  unterminatedLine(): number {
    return this.depth > 0 ? (this.nest[this.depth - 1] ?? 0) : 0;
  }

  /**
   * (line, depth, unterminatedLine()) after each line that changed the
   * depth. The lexer scans a whole file before it is read; a file that stops
   * at a fatal line needs the state as it was there.
   */
  private readonly changes: number[] = [];

  recordChange(): void {
    this.changes.push(this.line, this.depth, this.unterminatedLine());
  }

  /** Depth and unterminatedLine() as they were right after line `line`. */
  after(line: number): { depth: number; unterminatedLine: number } {
    const changes = this.changes;
    for (let i = changes.length - 3; i >= 0; i -= 3) {
      if (changes[i]! <= line) return { depth: changes[i + 1]!, unterminatedLine: changes[i + 2]! };
    }
    return { depth: 0, unterminatedLine: 0 };
  }
}

export class LineScanner {
  /** Where the body runs of the file being scanned keep their lines. */
  readonly arena = new LineArena();
  private text = '';
  private memoOffset = -1;
  private memo: ScannedLine | undefined;
  // Positions of the next `;` and NUL at or after the current line, found once and reused,
  // so each byte of the file is searched once however long the gaps between them are.
  private nextSemicolon = -1;
  private nextNul = -1;
  /**
   * Blank, variable and too-long lines are handed out in this one object,
   * overwritten by the next line: their users copy what they keep (the
   * arena), and a big file then makes no object per line. Headers and
   * directives get objects of their own, as tokens keep them.
   */
  private readonly scratch: ScannedLine = { kind: 'blank', line: 0, start: 0, next: 0, from: 0, to: 0 };

  constructor(readonly state: ScanState) {}

  /** Starts a file: offsets restart, the state goes on (shared across a glob). */
  reset(text: string): void {
    this.text = text;
    // Most lines of a dialplan are variable lines of 20 to 60 bytes.
    this.arena.reserve(text.length >> 5);
    this.memoOffset = -1;
    this.memo = undefined;
    this.nextSemicolon = -1;
    this.nextNul = -1;
  }

  /**
   * The line that begins at `offset`. Memoised, because the lexer asks each
   * token type in turn about the same offset and the state must move on
   * exactly once per line.
   */
  at(offset: number): ScannedLine {
    if (offset === this.memoOffset && this.memo) return this.memo;
    const line = this.scan(offset);
    this.memoOffset = offset;
    this.memo = line;
    return line;
  }

  /** After the last line: config.c's loop counts one more line when the file ends with a newline. */
  finishFile(): void {
    const text = this.text;
    if (text.length === 0 || text.charCodeAt(text.length - 1) === 10) this.state.line++;
  }

  private scan(offset: number): ScannedLine {
    const text = this.text;
    const lineNumber = ++this.state.line;
    // fgets: up to and including the newline, at most 8191 bytes.
    let newline = text.indexOf('\n', offset);
    if (newline < 0) newline = text.length;
    let next = newline < text.length ? newline + 1 : newline;
    let end = newline;
    if (next - offset > LINE_BUFFER - 1) {
      next = offset + LINE_BUFFER - 1;
      end = next;
    }
    if (this.nextNul !== Infinity && this.nextNul < offset) {
      const found = text.indexOf('\0', offset);
      this.nextNul = found < 0 ? Infinity : found;
    }
    if (this.nextSemicolon !== Infinity && this.nextSemicolon < offset) {
      const found = text.indexOf(';', offset);
      this.nextSemicolon = found < 0 ? Infinity : found;
    }
    const hasNul = this.nextNul < end;
    if (!hasNul && next - offset === LINE_BUFFER - 1 && text.charCodeAt(next - 1) !== 10) {
      return this.longLine(offset, next, lineNumber);
    }
    if (hasNul) end = this.nextNul; // C string functions stop at the NUL
    let from = offset;
    if (lineNumber === 1 && text.startsWith(BOM, offset) && end - offset >= 3) from += 3;

    // Common cases without building strings: no `;` at all, or a plain `;` comment.
    if (this.state.depth === 0) {
      const semicolon = this.nextSemicolon;
      if (semicolon >= end) return this.classify(offset, next, lineNumber, from, end);
      if (!this.isSpecialSemicolon(semicolon, from)) return this.classify(offset, next, lineNumber, from, semicolon);
    } else if (this.nextSemicolon >= end) {
      return this.blankLine(offset, next, lineNumber);
    }
    const chunk = text.slice(from, end);
    const depthBefore = this.state.depth;
    const { live, liveStart } = this.liveTextGeneral(chunk, lineNumber);
    if (this.state.depth !== depthBefore) this.state.recordChange();
    if (live === undefined) return this.blankLine(offset, next, lineNumber);
    const stripped = strip(live);
    if (stripped.length === 0) return this.blankLine(offset, next, lineNumber);
    let lead = 0;
    while (lead < live.length && live.charCodeAt(lead) < 33) lead++;
    const begin = from + liveStart + lead;
    return this.line(kindOf(stripped.charCodeAt(0)), lineNumber, offset, next, begin, begin + stripped.length, stripped);
  }

  /** A `;` that is escaped, opens or closes a block: the general engine must handle the line. */
  private isSpecialSemicolon(semicolon: number, from: number): boolean {
    const text = this.text;
    if (semicolon > from && text.charCodeAt(semicolon - 1) === 92) return true;
    if (text.charCodeAt(semicolon + 1) === 45 && text.charCodeAt(semicolon + 2) === 45) return true;
    return semicolon >= from + 2 && text.charCodeAt(semicolon - 1) === 45 && text.charCodeAt(semicolon - 2) === 45;
  }

  /** A line of `kind`; see `scratch` for which kinds share one object. */
  private line(kind: LineKind, line: number, start: number, next: number, from: number, to: number, text?: string, beginning?: string): ScannedLine {
    if (kind === 'category' || kind === 'directive') {
      return text === undefined ? { kind, line, start, next, from, to } : { kind, line, start, next, from, to, text };
    }
    const scratch = this.scratch;
    scratch.kind = kind;
    scratch.line = line;
    scratch.start = start;
    scratch.next = next;
    scratch.from = from;
    scratch.to = to;
    scratch.text = text;
    scratch.beginning = beginning;
    return scratch;
  }

  private blankLine(start: number, next: number, line: number): ScannedLine {
    return this.line('blank', line, start, next, start, start);
  }

  /** The live text is text[from, to): strip it and classify it by its first byte. */
  private classify(offset: number, next: number, line: number, from: number, to: number): ScannedLine {
    const text = this.text;
    while (from < to && text.charCodeAt(from) < 33) from++;
    while (to > from && text.charCodeAt(to - 1) < 33) to--;
    if (from === to) return this.blankLine(offset, next, line);
    return this.line(kindOf(text.charCodeAt(from)), line, offset, next, from, to);
  }

  /** 8191 bytes or more without a newline: this chunk and the rest of the physical line are skipped. */
  private longLine(offset: number, next: number, line: number): ScannedLine {
    const text = this.text;
    let rest = next;
    while (rest < text.length) {
      let end = text.indexOf('\n', rest);
      end = end < 0 ? text.length : end + 1;
      if (end - rest <= LINE_BUFFER - 1) {
        rest = end;
        break;
      }
      rest += LINE_BUFFER - 1;
    }
    return this.line('long', line, offset, rest, offset, offset, undefined, text.slice(offset, offset + 32));
  }

  /**
   * The full engine, following config.c's buffer manipulation: a scan
   * position moves along the line; `\;` drops the backslash; `;--` (not
   * `;---`) ends the live text and opens a block; `--;` closes one (even at
   * depth 0, which makes the depth negative) and, back at depth 0, glues the
   * rest of the line onto the live text; a plain `;` ends the line at depth 0
   * and is ignored inside a block.
   */
  private liveTextGeneral(chunk: string, lineNumber: number): { live: string | undefined; liveStart: number } {
    const state = this.state;
    let buf = chunk;
    // live text = buf[liveStart, liveEnd) when liveStart >= 0; liveEnd = where a block opened (or end).
    let liveStart = state.depth === 0 ? 0 : -1;
    let liveEnd = -1; // -1: up to the end of buf
    let scan = 0;
    for (;;) {
      const semicolon = buf.indexOf(';', scan);
      if (semicolon < 0) break;
      if (semicolon > scan && buf.charCodeAt(semicolon - 1) === 92) {
        // Escaped: the backslash goes, the `;` stays as text.
        buf = buf.slice(0, semicolon - 1) + buf.slice(semicolon);
        if (liveEnd > semicolon - 1) liveEnd--;
        scan = semicolon; // just past the `;`, which moved one to the left
      } else if (buf.charCodeAt(semicolon + 1) === 45 && buf.charCodeAt(semicolon + 2) === 45 && buf.charCodeAt(semicolon + 3) !== 45) {
        if (state.depth >= MAX_NESTED_COMMENTS) {
          // config.c logs an error here and then never moves on; we treat the rest as a plain comment.
          if (state.depth === 0 && liveStart >= 0 && liveEnd < 0) liveEnd = semicolon;
          break;
        }
        if (liveStart >= 0 && liveEnd < 0) liveEnd = semicolon;
        state.depth++;
        state.nest[state.depth - 1] = lineNumber;
        scan = semicolon + 3;
      } else if (semicolon >= scan + 2 && buf.charCodeAt(semicolon - 1) === 45 && buf.charCodeAt(semicolon - 2) === 45) {
        state.depth--;
        scan = semicolon + 1;
        if (state.depth === 0) {
          if (liveStart >= 0) {
            // Glue what follows `--;` onto the live text that ended where the block opened.
            const end = liveEnd < 0 ? buf.length : liveEnd;
            buf = buf.slice(0, end) + buf.slice(scan);
            scan = end;
            liveEnd = -1;
          } else {
            liveStart = scan;
          }
        }
      } else if (state.depth === 0) {
        if (liveStart >= 0 && liveEnd < 0) liveEnd = semicolon;
        break;
      } else {
        scan = semicolon + 1;
      }
    }
    if (liveStart < 0) return { live: undefined, liveStart: 0 };
    return { live: buf.slice(liveStart, liveEnd < 0 ? buf.length : liveEnd), liveStart };
  }
}
