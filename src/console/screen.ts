import blessed from 'blessed';
import type { Rect } from './layout.js';
import type { Color, Row, Style } from './style.js';

/**
 * The one module that talks to blessed. It keeps blessed to what it does
 * well (terminal capabilities, raw keys, mouse, resize, and writing only the
 * cells that changed) and draws the panes' rows straight into its cell
 * grid: no widgets, no tag parsing (dialplan text is never read as markup),
 * and a frame costs the size of the screen, not of the scrollback.
 */

/** A terminal-like stream: a real TTY, or a PassThrough with columns/rows/isTTY in tests. */
export type TerminalInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
export type TerminalOutput = NodeJS.WritableStream & { columns?: number; rows?: number; isTTY?: boolean };

export interface ScreenOptions {
  input: TerminalInput;
  output: TerminalOutput;
  /** terminfo name; default $TERM. */
  terminal?: string;
  /** Drop colours and keep bold / underline / inverse (NO_COLOR, monochrome terminals). */
  monochrome?: boolean;
  mouse?: boolean;
}

/** A rectangle of the screen and the rows drawn in it. */
export interface Region extends Rect {
  rows: Row[];
}

export type KeyListener = (key: string) => void;

const COLOR_INDEX: Record<Color, number> = {
  black: 0, red: 1, green: 2, yellow: 3, blue: 4, magenta: 5, cyan: 6, white: 7,
  gray: 8, brightred: 9, brightgreen: 10, brightyellow: 11, brightblue: 12, brightmagenta: 13, brightcyan: 14, brightwhite: 15,
};
/** blessed's "terminal default" colour, and its attribute flags (bold 1, underline 2, inverse 8). */
const DEFAULT_COLOR = 0x1ff;

type Cell = [number, string];
type CellLine = Cell[] & { dirty?: boolean };

export class TerminalScreen {
  private readonly screen: blessed.Widgets.Screen;
  private readonly monochrome: boolean;
  private destroyed = false;

  constructor(options: ScreenOptions) {
    // blessed compiles terminfo on start and prints what it cannot compile
    // (Setulc on modern terminfo) with console.error: that would scribble
    // over the console and stderr, so it is silenced for the construction.
    const consoleError = console.error;
    console.error = () => {};
    try {
      this.screen = blessed.screen({
        input: options.input as never,
        output: options.output as never,
        terminal: options.terminal ?? process.env.TERM ?? 'xterm',
        fullUnicode: true,
        smartCSR: true,
        warnings: false,
        autoPadding: false,
        dockBorders: false,
        sendFocus: false,
        forceUnicode: true,
      } as blessed.Widgets.IScreenOptions);
    } finally {
      console.error = consoleError;
    }
    const tput = (this.screen.program as unknown as { tput: { colors: number; brokenACS: boolean } }).tput;
    this.monochrome = Boolean(options.monochrome) || tput.colors < 8;
    // Box-drawing characters go out as UTF-8: blessed would switch them to the
    // terminal's line-drawing set, which tmux and some terminals show as letters.
    tput.brokenACS = true;
    this.screen.program.hideCursor();
    if (options.mouse) this.screen.enableMouse();
  }

  get width(): number {
    return this.screen.cols;
  }

  get height(): number {
    return this.screen.rows;
  }

  /** Keys by name: a printable character as itself (`q`, `F`, `+`, `?`), others as `C-c`, `up`, `S-tab`, `enter`, `escape`, `space`. */
  onKey(listener: KeyListener): void {
    this.screen.on('keypress', (ch: string | undefined, key: { full?: string; name?: string; ctrl?: boolean; meta?: boolean } | undefined) => {
      const name = keyName(ch, key);
      if (name) listener(name);
    });
  }

  onWheel(listener: (direction: 'up' | 'down') => void): void {
    this.screen.on('wheelup', () => listener('up'));
    this.screen.on('wheeldown', () => listener('down'));
  }

  onResize(listener: () => void): void {
    this.screen.on('resize', listener);
  }

  /** Draws a whole frame: every region's rows, blank where a region has fewer rows than its height. */
  draw(regions: Region[]): void {
    if (this.destroyed) return;
    const lines = this.cells;
    const blank = this.attr(undefined);
    for (const line of lines) {
      for (const cell of line) {
        cell[0] = blank;
        cell[1] = ' ';
      }
      line.dirty = true;
    }
    for (const region of regions) {
      for (let r = 0; r < region.height; r++) {
        const line = lines[region.y + r];
        if (!line) break;
        const row = region.rows[r];
        if (row) this.drawRow(line, region.x, Math.min(region.width, line.length - region.x), row);
      }
    }
    this.screen.render();
  }

  /** Clears the terminal and draws everything again on the next frame (^L after another program wrote over it). */
  redraw(): void {
    (this.screen as unknown as { realloc(): void }).realloc();
  }

  /** The screen as text, one string per row (what a person would read; tests assert on it). */
  snapshot(): string[] {
    return this.cells.map((line) => {
      let text = '';
      for (let x = 0; x < line.length; x++) {
        const ch = line[x]![1];
        text += ch;
        if (charWidth(ch) === 2) x++;
      }
      return text.trimEnd();
    });
  }

  /** The style drawn at one cell, decoded (tests check colours and highlights with it). */
  styleAt(x: number, y: number): { fg?: number; bg?: number; bold: boolean; underline: boolean; inverse: boolean } {
    const attr = this.cells[y]?.[x]?.[0] ?? this.attr(undefined);
    const flags = attr >> 18;
    const fg = (attr >> 9) & 0x1ff;
    const bg = attr & 0x1ff;
    return {
      ...(fg !== DEFAULT_COLOR ? { fg } : {}),
      ...(bg !== DEFAULT_COLOR ? { bg } : {}),
      bold: (flags & 1) !== 0,
      underline: (flags & 2) !== 0,
      inverse: (flags & 8) !== 0,
    };
  }

  /** Leaves the alternate screen, shows the cursor and gives the terminal back as it was. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.screen.program.showCursor();
    this.screen.destroy();
  }

  /** blessed's cell grid, [attribute, character] per cell; reallocated by blessed on resize. */
  private get cells(): CellLine[] {
    return (this.screen as unknown as { lines: CellLine[] }).lines;
  }

  private drawRow(line: CellLine, x0: number, width: number, row: Row): void {
    let x = x0;
    const end = x0 + width;
    for (const segment of row.segments) {
      const attr = this.attr(segment.style);
      for (const ch of segment.text) {
        const w = charWidth(ch);
        if (w === 0) {
          // A combining mark joins the character before it.
          if (x > x0) line[x - 1]![1] += ch;
          continue;
        }
        if (x + w > end) return this.fill(line, x, end, row.fill);
        line[x]![0] = attr;
        line[x]![1] = ch;
        if (w === 2) {
          line[x + 1]![0] = attr;
          line[x + 1]![1] = ' ';
        }
        x += w;
      }
    }
    this.fill(line, x, end, row.fill);
  }

  private fill(line: CellLine, from: number, to: number, style: Style | undefined): void {
    if (!style) return;
    const attr = this.attr(style);
    for (let x = from; x < to; x++) {
      line[x]![0] = attr;
      line[x]![1] = ' ';
    }
  }

  private attr(style: Style | undefined): number {
    if (!style) return (DEFAULT_COLOR << 9) | DEFAULT_COLOR;
    const flags = (style.bold ? 1 : 0) | (style.underline ? 2 : 0) | (style.inverse ? 8 : 0);
    const fg = !this.monochrome && style.fg ? COLOR_INDEX[style.fg] : DEFAULT_COLOR;
    const bg = !this.monochrome && style.bg ? COLOR_INDEX[style.bg] : DEFAULT_COLOR;
    // A coloured background replaces inverse where colours exist; inverse stays the monochrome fallback.
    const effectiveFlags = !this.monochrome && style.bg ? flags & ~8 : flags;
    return (effectiveFlags << 18) | (fg << 9) | bg;
  }
}

function keyName(ch: string | undefined, key: { full?: string; name?: string; ctrl?: boolean; meta?: boolean } | undefined): string | undefined {
  if (ch === ' ') return 'space';
  if (ch && ch.length === 1 && ch >= ' ' && ch !== '\x7f' && !key?.ctrl && !key?.meta) return ch;
  if (ch && [...ch].length === 1 && ch > '\x7f' && !key?.ctrl && !key?.meta) return ch;
  // blessed reports CR twice, as `return` and again as `enter`: keep one.
  if (key?.name === 'return') return undefined;
  if (key?.name === 'enter') return 'enter';
  return key?.full ?? key?.name;
}

type CharWidth = (text: string | number, index?: number) => number;
const UNICODE = (blessed as unknown as { unicode: { charWidth: CharWidth } }).unicode;
const BLESSED_WIDTH: CharWidth = UNICODE.charWidth.bind(UNICODE);
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}$/u;

/**
 * blessed's width table predates emoji: it counts 🎉 as one column where
 * terminals (tmux, xterm, VTE) draw two, and every cell after one would
 * land a column off. Emoji shown as emoji take two columns here, in
 * blessed's own drawing too (it asks this same function).
 */
function widthOf(text: string | number, index = 0): number {
  const point = typeof text === 'number' ? text : (text.codePointAt(index) ?? 0);
  // Asked for every cell of every frame (here and by blessed): printable ASCII answered at once, other
  // characters looked up once each (blessed's table search was most of the console's CPU under load).
  if (point >= 0x20 && point < 0x7f) return 1;
  let width = KNOWN_WIDTHS.get(point);
  if (width === undefined) {
    width = point >= 0x2300 && EMOJI_PRESENTATION.test(String.fromCodePoint(point)) ? 2 : BLESSED_WIDTH(point);
    if (KNOWN_WIDTHS.size < 4096) KNOWN_WIDTHS.set(point, width);
  }
  return width;
}
const KNOWN_WIDTHS = new Map<number, number>();
UNICODE.charWidth = widthOf;

/** Columns a character takes on the terminal (0 for combining marks, 2 for wide ones), as blessed draws it. */
export function charWidth(ch: string): number {
  return widthOf(ch);
}
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** The longest start of `text` that fits in `width` columns. */
export function fitWidth(text: string, width: number): string {
  if (PRINTABLE_ASCII.test(text)) return text.slice(0, Math.max(0, width));
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width) break;
    used += w;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** `text` cut to `width` columns, with `…` as its last column when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  return `${fitWidth(text, width - 1)}…`;
}

/** `text` padded with spaces (or cut) to exactly `width` columns. */
export function padTo(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

/** Splits `text` into pieces of at most `width` columns each (a long message wraps). */
export function wrapWidth(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (displayWidth(rest) > width) {
    const head = fitWidth(rest, width) || [...rest][0]!;
    pieces.push(head);
    rest = rest.slice(head.length);
  }
  pieces.push(rest);
  return pieces;
}
