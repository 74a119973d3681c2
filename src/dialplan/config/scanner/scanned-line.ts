/** One physical line as the scanner (line-scanner.ts) classifies it; the line arena (line-run.ts) stores it. */

export type LineKind = 'blank' | 'category' | 'directive' | 'variable' | 'long';

export interface ScannedLine {
  kind: LineKind;
  /** The line number config.c reports for it. */
  line: number;
  /** Offset of the chunk in the file text. */
  start: number;
  /** Offset just past the chunk (after its newline, if any). */
  next: number;
  /**
   * The live text, stripped of blanks at both ends, is the file text
   * [from, to), unless comment processing changed it (`\;`, a block comment
   * inside the line): then it is `text`, and `from` is where it began.
   */
  from: number;
  to: number;
  text?: string;
  /** For `long` lines: the first 32 bytes, as Asterisk quotes them. */
  beginning?: string;
}
