import type { AmiFrame } from '../frame.js';
import { repeatedUniqueHeader } from '../frame.js';

/**
 * How large a frame may grow before the connection is reset, per kind, in
 * characters plus HEADER_COST per header (what a header costs in memory
 * beyond its text, so a flood of tiny headers is bounded too).
 */
export interface FrameLimits {
  /** The greeting line (`Asterisk Call Manager/x.y.z`). */
  greeting: number;
  /** Events, and any frame whose kind is not known yet. */
  event: number;
  /** Responses to every action but those marked large. */
  response: number;
  /** Responses to actions marked large: `Command` (a `dialplan show` of a big dialplan is tens of MB). */
  largeResponse: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: FrameLimits = { greeting: 1024, event: MiB, response: 4 * MiB, largeResponse: 128 * MiB };

/** Counted per header on top of its text: a string slice, an object slot, an array slot. */
export const HEADER_COST = 32;

export interface FrameSink {
  greeting(line: string): void;
  frame(frame: AmiFrame): void;
  /** A frame that cannot be one message, dropped: the headers read, and why. */
  malformed(frame: AmiFrame, why: string): void;
}

/** A frame (or greeting) outgrew its limit: the caller resets the connection. */
export class FrameLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameLimitError';
  }
}

type MutableFrame = Record<string, string | string[]>;

/** A header name as the frames hold it, and the last frame that had it (to see a repeat without reading the frame). */
interface HeaderName {
  readonly lower: string;
  lastFrame: number;
  /** A name Object.prototype has (`constructor`, `__proto__`), or one not cached: stored the careful way. */
  readonly careful: boolean;
}

/**
 * Header names lower-cased, found without hashing in the common case:
 * frames of a kind repeat the same names in the same order (every channel
 * event opens with the same snapshot headers), so the name at a position
 * is first compared with the one seen last at that position. Otherwise a
 * Map, bounded (a hostile server could invent millions of names).
 */
class HeaderNames {
  private readonly seen: string[] = [];
  private readonly entries: HeaderName[] = [];
  private readonly all = new Map<string, HeaderName>();

  get(name: string, position: number): HeaderName {
    if (this.seen[position] === name) return this.entries[position]!;
    let entry = this.all.get(name);
    if (entry === undefined) {
      const lower = name.toLowerCase();
      const cached = this.all.size < NAMES_MAX;
      entry = { lower, lastFrame: -1, careful: !cached || lower in Object.prototype };
      if (!cached) return entry;
      this.all.set(name, entry);
    }
    if (position < POSITIONS_MAX) {
      this.seen[position] = name;
      this.entries[position] = entry;
    }
    return entry;
  }
}

const NAMES_MAX = 4096;
const POSITIONS_MAX = 256;

/** Adds a header that may be there already; a repeated one becomes an array of its values in arrival order. Returns whether it repeated. */
function addHeader(frame: MutableFrame, name: string, value: string): boolean {
  const previous: unknown = Object.hasOwn(frame, name) ? frame[name] : undefined;
  if (previous === undefined) {
    // defineProperty, so `__proto__` is a header like any other, never a prototype change.
    Object.defineProperty(frame, name, { value, enumerable: true, writable: true, configurable: true });
    return false;
  }
  if (Array.isArray(previous)) previous.push(value);
  else frame[name] = [previous as string, value];
  return true;
}

/**
 * AMI's framing, read as a stream of text (the socket decodes UTF-8, so a
 * character cut between two reads arrives whole): a header ends at CR LF
 * and only there, a frame at an empty line. A bare LF or CR is data inside
 * a value (`Newexten`'s AppData carries the dialplan's raw line feeds) and
 * reaches it intact. Each character is searched once: a chunk is scanned
 * from where the last line ended, and a line cut between reads is carried,
 * never searched again. The first line is the greeting.
 *
 * Bounded: a frame (counted as it grows, including the line not yet ended)
 * larger than its kind's limit throws FrameLimitError, and the parser stays
 * failed; the caller resets the connection.
 */
export class FrameParser {
  private carried = '';
  /** The carried text ends with CR, so an LF at the start of the next chunk ends the line. */
  private carriedCr = false;
  private greeted = false;
  private frame: MutableFrame = {};
  private headers = 0;
  private size = 0;
  private limit: number;
  private kind = 'event';
  private repeated = false;
  /** A line without `:` was seen in this frame. */
  private unreadable = false;
  private failure: FrameLimitError | undefined;
  private readonly names = new HeaderNames();
  /** Frames started so far: the current frame's number. */
  private frames = 0;

  constructor(
    private readonly sink: FrameSink,
    private readonly limits: FrameLimits = DEFAULT_LIMITS,
    /** Whether a response with this ActionID may be a large one (a `Command`). */
    private readonly isLarge: (actionId: string) => boolean = () => false,
  ) {
    this.limit = limits.greeting;
  }

  push(text: string): void {
    if (this.failure) throw this.failure;
    if (text === '') return;
    let start = 0;
    const carriedCr = this.carriedCr;
    this.carriedCr = false;
    if (carriedCr && text.charCodeAt(0) === 10) {
      const carried = this.carried;
      this.carried = '';
      start = 1;
      this.carriedLine(carried.slice(0, -1));
    }
    // Where the next ':' is, searched once per chunk position: a line without one must not make the search run on through the chunk again.
    let colon = -1;
    for (let end = text.indexOf('\r\n', start); end >= 0; end = text.indexOf('\r\n', start)) {
      if (this.carried !== '') {
        const line = this.carried + text.slice(start, end);
        this.carried = '';
        this.carriedLine(line);
      } else if (!this.greeted || start === end) this.line(text.slice(start, end));
      else {
        if (colon < start) colon = text.indexOf(':', start);
        if (colon < 0) colon = text.length;
        this.header(text, start, colon < end ? colon : -1, end);
      }
      start = end + 2;
    }
    if (start < text.length) {
      this.carried += start === 0 ? text : text.slice(start);
      this.carriedCr = text.charCodeAt(text.length - 1) === 13;
      if (this.size + this.carried.length > this.limit) this.fail();
    }
  }

  /** Whether a frame (or the greeting) has started and not ended: the connection closed mid-frame. */
  get midFrame(): boolean {
    return this.carried !== '' || this.headers > 0 || this.unreadable;
  }

  private carriedLine(line: string): void {
    if (!this.greeted || line === '') this.line(line);
    else this.header(line, 0, line.indexOf(':'), line.length);
  }

  /** The greeting, or an empty line: the end of a frame. */
  private line(line: string): void {
    if (!this.greeted) {
      if (line.length > this.limit) this.fail();
      this.greeted = true;
      this.limit = this.limits.event;
      this.sink.greeting(line);
      return;
    }
    this.endFrame();
  }

  /** The header in `text` from `start` to `end`, its colon at `colon` (-1: none). */
  private header(text: string, start: number, colon: number, end: number): void {
    this.size += end - start + HEADER_COST;
    if (colon <= start) this.unreadable = true;
    else {
      const header = this.names.get(text.slice(start, colon), this.headers);
      const name = header.lower;
      // Asterisk writes `Name: value`; one space after the colon is the separator, anything more is the value's.
      const value = text.slice(text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1, end);
      if (header.careful) {
        if (addHeader(this.frame, name, value)) this.repeated = true;
      } else if (header.lastFrame === this.frames) {
        addHeader(this.frame, name, value);
        this.repeated = true;
      } else {
        header.lastFrame = this.frames;
        this.frame[name] = value;
      }
      if (this.headers++ === 0 && name === 'response') this.setKind('response', this.limits.response);
      else if (name === 'actionid' && this.kind === 'response' && this.isLarge(value)) this.setKind('large response', this.limits.largeResponse);
    }
    if (this.size > this.limit) this.fail();
  }

  private setKind(kind: string, limit: number): void {
    this.kind = kind;
    this.limit = limit;
  }

  private endFrame(): void {
    const frame = this.frame;
    const { headers, repeated, unreadable } = this;
    this.frame = {};
    this.frames++;
    this.headers = 0;
    this.size = 0;
    this.repeated = false;
    this.unreadable = false;
    this.setKind('event', this.limits.event);
    if (unreadable) {
      this.sink.malformed(frame, 'a line without a colon (not a header)');
      return;
    }
    if (headers === 0) return; // blank lines between frames
    const twice = repeated ? repeatedUniqueHeader(frame) : undefined;
    if (twice !== undefined) this.sink.malformed(frame, `${twice} twice (two messages ran together, or forged headers)`);
    else this.sink.frame(frame);
  }

  private fail(): never {
    const what = this.greeted ? `${/^[aeiou]/.test(this.kind) ? 'an' : 'a'} ${this.kind}` : 'a greeting';
    this.failure = new FrameLimitError(`the server sent ${what} over ${describeSize(this.limit)} without its end`);
    throw this.failure;
  }
}

function describeSize(chars: number): string {
  return chars >= MiB ? `${chars / MiB} MiB` : `${chars} bytes`;
}
