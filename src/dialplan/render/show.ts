import { matchExtension } from '../model/extension-order.js';
import { truncateBytes } from '../text/bytes.js';
import { HINT, type Context, type PriorityPool } from '../model/model.js';
import type { LoadResult } from '../pbx/load.js';

/**
 * `dialplan show [[exten@]context]` as Asterisk 22 prints it
 * (show_dialplan_helper in main/pbx.c): a header per context, a line per
 * priority in `"  %-17s %-45s [file:line]"`, includes, ignore patterns and
 * switches, a blank line, and the summary `-= E extensions (P priorities)
 * in C contexts. =-`. Widths count bytes (the text is latin1) and each
 * field is cut at 1023 bytes like Asterisk's 1024-byte buffers.
 *
 * A big dialplan prints tens of megabytes, so lines are written as bytes
 * into a reused buffer, applications and data copied straight from the
 * bytes of the files they were read from.
 */

const FIELD = 1023;

/** Collects latin1 bytes in a reused buffer and hands full chunks to `flush`. */
class ByteWriter {
  buffer = Buffer.allocUnsafe(1 << 20);
  position = 0;

  constructor(private readonly flush: (chunk: Buffer) => void) {}

  room(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    this.end();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes * 2);
  }

  /** Writes latin1 text (a room() call must have made space). */
  put(text: string): void {
    const buffer = this.buffer;
    let position = this.position;
    if (text.length > 32) {
      this.position += buffer.write(text, position, 'latin1');
      return;
    }
    for (let i = 0; i < text.length; i++) buffer[position++] = text.charCodeAt(i);
    this.position = position;
  }

  text(text: string): void {
    this.room(text.length);
    this.put(text);
  }

  /** Copies bytes; a loop beats Buffer.copy's per-call cost for the short runs of a dialplan line. */
  copy(source: Buffer, start: number, length: number): void {
    const buffer = this.buffer;
    let position = this.position;
    if (length > 64) {
      this.position += source.copy(buffer, position, start, start + length);
      return;
    }
    for (let i = start, end = start + length; i < end; i++) buffer[position++] = source[i]!;
    this.position = position;
  }

  spaces(count: number): void {
    const buffer = this.buffer;
    let position = this.position;
    for (let i = 0; i < count; i++) buffer[position++] = 32;
    this.position = position;
  }

  /** A decimal integer, written digit by digit (`length`: its digits(), when the caller has it already). */
  int(value: number, length = digits(value)): void {
    if (value < 0) {
      this.put(String(value));
      return;
    }
    const buffer = this.buffer;
    const end = this.position + length;
    let position = end;
    do {
      const digit = value % 10;
      buffer[--position] = 48 + digit;
      value = (value - digit) / 10; // exact: no rounding to floor
    } while (value > 0);
    this.position = end;
  }

  /** Hands over the buffered bytes as a view: the sink must use them before returning. */
  end(): void {
    if (this.position === 0) return;
    this.flush(this.buffer.subarray(0, this.position));
    this.position = 0;
  }
}

/** How many characters `String(value)` has. */
function digits(value: number): number {
  if (value < 0) return String(value).length;
  // Comparing with growing powers of ten: a multiplication is cheaper than a division per digit.
  let count = 1;
  for (let power = 10; value >= power; power *= 10) count++;
  return count;
}

function cut(text: string): string {
  return truncateBytes(text, FIELD);
}

interface Counters {
  contexts: number;
  extensions: number;
  priorities: number;
  contextFound: boolean;
  extensionFound: boolean;
}

export interface ShowOptions {
  /** `dialplan show CONTEXT`, or the context part of `EXTEN@CONTEXT`. */
  context?: string;
  /** The extension part of `EXTEN@CONTEXT` (or `EXTEN@`). */
  exten?: string;
}

/** Parses the argument of `dialplan show` the way the CLI does: `EXTEN@CONTEXT`, `@CONTEXT`, `EXTEN@`, `CONTEXT`. */
export function parseShowArgument(argument: string | undefined): ShowOptions {
  if (argument === undefined) return {};
  const at = argument.indexOf('@');
  if (at < 0) return argument ? { context: argument } : {};
  const exten = argument.slice(0, at);
  const context = argument.slice(at + 1);
  return { ...(exten ? { exten } : {}), ...(context ? { context } : {}) };
}

class ShowRenderer {
  readonly out: ByteWriter;
  readonly counters: Counters = { contexts: 0, extensions: 0, priorities: 0, contextFound: false, extensionFound: false };
  /** The bytes of each text (file or made string) that applications are copied from, built on first use. */
  private readonly bytes = new Map<number, Buffer>();

  constructor(
    private readonly contexts: Context[],
    private readonly pool: PriorityPool,
    sink: (chunk: Buffer) => void,
  ) {
    this.out = new ByteWriter(sink);
  }

  /** Each registrar file's ` [file:` as bytes, by file id: every priority line has one, and copying bytes beats encoding the name each time. */
  private readonly trailers: Buffer[] = [];

  private trailerOf(fileId: number): Buffer {
    let trailer = this.trailers[fileId];
    if (trailer === undefined) {
      trailer = Buffer.from(` [${this.pool.files[fileId]!}:`, 'latin1');
      this.trailers[fileId] = trailer;
    }
    return trailer;
  }

  private lastRef = 0;
  private lastBytes: Buffer | undefined;

  private bytesOf(ref: number): Buffer {
    if (ref === this.lastRef && this.lastBytes) return this.lastBytes;
    let buffer = this.bytes.get(ref);
    if (!buffer) {
      buffer = this.pool.store.bytes(ref);
      this.bytes.set(ref, buffer);
    }
    this.lastRef = ref;
    this.lastBytes = buffer;
    return buffer;
  }

  /**
   * One priority line, `  %-17s %-45s [file:line]`, written straight into
   * the output. Column 1 is `'name' =>` (with a CID: `'name' (CID match
   * 'cid') => `) for an extension's first priority, `   [label]` or nothing
   * for the others.
   */
  private priorityLine(first: boolean, name: string, cid: string | undefined, label: string, id: number): void {
    const pool = this.pool;
    const out = this.out;
    const fileId = pool.file[id]!;
    const file = pool.files[fileId]!;
    const column1Length = first ? (cid === undefined ? name.length + 5 : name.length + cid.length + 22) : label ? label.length + 5 : 0;
    if (column1Length > FIELD) {
      this.slowLine(first ? (cid === undefined ? `'${name}' =>` : `'${name}' (CID match '${cid}') => `) : `   [${label}]`, id);
      return;
    }
    const number = pool.number[id]!;
    const appStart = pool.appStart[id]!;
    const appLength = pool.appEnd[id]! - appStart;
    const dataStart = pool.dataStart[id]!;
    const dataLength = pool.dataEnd[id]! - dataStart;
    const numberLength = number === HINT ? 0 : digits(number);
    const column2Length = number === HINT ? 6 + appLength : numberLength + 2 + appLength + 1 + dataLength + 1;
    if (column2Length > FIELD) {
      this.slowLine(first ? (cid === undefined ? `'${name}' =>` : `'${name}' (CID match '${cid}') => `) : label ? `   [${label}]` : '', id);
      return;
    }
    out.room(2 + Math.max(column1Length, 17) + 1 + Math.max(column2Length, 45) + file.length + 16);
    if (!first && !label) {
      // Most lines: an empty first column, so the line opens with 20 spaces (2, 17 for the column, 1).
      out.spaces(20);
    } else {
      this.column1(first, name, cid, label, column1Length);
    }
    const source = this.bytesOf(pool.text[id]!);
    if (number === HINT) {
      out.put('hint: ');
      out.copy(source, appStart, appLength);
    } else {
      out.int(number, numberLength);
      out.put('. ');
      if (dataStart === appStart + appLength + 1 && source[dataStart - 1] === 40 && source[dataStart + dataLength] === 41) {
        // The source has `(`, the data and `)` right after the application: one copy writes all four.
        out.copy(source, appStart, appLength + dataLength + 2);
      } else {
        out.copy(source, appStart, appLength);
        out.buffer[out.position++] = 40; // (
        out.copy(source, dataStart, dataLength);
        out.buffer[out.position++] = 41; // )
      }
    }
    out.spaces(45 - column2Length);
    const trailer = this.trailerOf(fileId);
    out.copy(trailer, 0, trailer.length);
    out.int(pool.line[id]!);
    out.put(']\n');
  }

  /** The line's opening and a first column that is not empty (a first priority's name, a label), padded to 17, and the space after it. */
  private column1(first: boolean, name: string, cid: string | undefined, label: string, column1Length: number): void {
    const out = this.out;
    out.put('  ');
    if (first) {
      out.put("'");
      out.put(name);
      if (cid === undefined) {
        out.put("' =>");
      } else {
        out.put("' (CID match '");
        out.put(cid);
        out.put("') => ");
      }
    } else {
      out.put('   [');
      out.put(label);
      out.put(']');
    }
    out.spaces(17 - column1Length);
    out.put(' ');
  }

  /** A line with a field longer than Asterisk's 1023-byte buffer: built as strings and cut. */
  private slowLine(column1: string, id: number): void {
    const pool = this.pool;
    const number = pool.number[id]!;
    const c1 = cut(column1);
    const c2 = cut(number === HINT ? `hint: ${pool.app(id)}` : `${number}. ${pool.app(id)}(${pool.data(id)})`);
    const file = pool.files[pool.file[id]!]!;
    this.out.text(`  ${c1}${' '.repeat(Math.max(0, 17 - c1.length))} ${c2}${' '.repeat(Math.max(0, 45 - c2.length))} [${file}:${pool.line[id]}]\n`);
  }

  private quoted(prefix: string, text: string): void {
    this.out.text(prefix);
    const field = cut(`'${text}'`);
    this.out.text(field);
    this.out.room(64);
    this.out.spaces(45 - field.length);
    this.out.put(' [pbx_config]\n');
  }

  render(contextName: string | undefined, exten: string | undefined, included: boolean, includeStack: string[]): void {
    const pool = this.pool;
    const counters = this.counters;
    for (const context of this.contexts) {
      if (contextName !== undefined && context.name !== contextName) continue;
      counters.contextFound = true;
      let headerPrinted = false;
      const header = () => {
        counters.contexts++;
        if (included) {
          this.out.text(`[ Included context '${context.name}' created by 'pbx_config' ]\n`);
        } else {
          this.out.text(`[ Context '${context.name}' created by 'pbx_config' ]\n`);
          if (context.autohints) this.out.text('Autohints support enabled\n');
        }
        headerPrinted = true;
      };
      if (exten === undefined) header();

      for (const extension of context.extensions) {
        const head = extension.head;
        const name = pool.name(head, extension);
        if (exten !== undefined && !matchExtension(name, exten)) continue;
        counters.extensionFound = true;
        if (!headerPrinted) header();
        this.priorityLine(true, name, extension.cid, '', head);
        counters.extensions++;
        counters.priorities += extension.size;
        for (let id = pool.next[head]!; id >= 0; id = pool.next[id]!) this.priorityLine(false, name, undefined, pool.label(id), id);
      }

      for (const include of context.includes) {
        if (exten === undefined) {
          this.quoted('  Include =>        ', include.name);
        } else if (includeStack.length < 512 && !includeStack.some((name) => name.toLowerCase() === include.name.toLowerCase())) {
          this.render(include.name, exten, true, [...includeStack, include.name]);
        }
      }
      for (const ignore of context.ignorePatterns) {
        if (exten === undefined || matchExtension(`_${ignore.pattern}.`, exten)) this.quoted('  Ignore pattern => ', ignore.pattern);
      }
      if (!included) {
        for (const sw of context.switches) this.quoted('  Alt. Switch =>    ', `${sw.module}/${sw.data}`);
      }
      if (headerPrinted) this.out.text('\n');
    }
  }
}

/**
 * Writes the listing to `sink` in chunks. A chunk is a view of a buffer
 * that is reused once the sink returns: write it or copy it right away.
 * Returns false when Asterisk would answer with an error (no such context
 * or extension); its message is then the last thing written.
 */
export function writeShow(contexts: Context[], pool: PriorityPool, options: ShowOptions, sink: (chunk: Buffer) => void): boolean {
  const renderer = new ShowRenderer(contexts, pool, sink);
  renderer.render(options.context, options.exten, false, []);
  const { out, counters } = renderer;
  let ok = true;
  if (options.context !== undefined && !counters.contextFound) {
    out.text(`There is no existence of '${options.context}' context\n`);
    ok = false;
  } else if (options.exten !== undefined && !counters.extensionFound) {
    out.text(
      options.context !== undefined
        ? `There is no existence of ${options.exten}@${options.context} extension\n`
        : `There is no existence of '${options.exten}' extension in all contexts\n`,
    );
    ok = false;
  } else {
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    out.text(
      `-= ${plural(counters.extensions, 'extension', 'extensions')} (${plural(counters.priorities, 'priority', 'priorities')}) in ${plural(counters.contexts, 'context', 'contexts')}. =-\n`,
    );
  }
  out.end();
  return ok;
}

export interface ShowOutput {
  text: string;
  failed: boolean;
}

/** The listing as one latin1 string. */
export function renderShow(contexts: Context[], pool: PriorityPool, options: ShowOptions = {}): ShowOutput {
  const chunks: Buffer[] = [];
  const ok = writeShow(contexts, pool, options, (chunk) => chunks.push(Buffer.from(chunk)));
  return { text: Buffer.concat(chunks).toString('latin1'), failed: !ok };
}

/** The exact text of `dialplan show` (latin1: one char per byte). */
export function renderDialplanShow(result: LoadResult, options: ShowOptions = {}): string {
  return renderShow(result.contexts, result.pool, options).text;
}

/** Writes the `dialplan show` text in chunks (for big dialplans); false when Asterisk would answer an error. */
export function writeDialplanShow(result: LoadResult, options: ShowOptions, sink: (chunk: Buffer) => void): boolean {
  return writeShow(result.contexts, result.pool, options, sink);
}
