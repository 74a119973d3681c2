/**
 * What panes draw: rows of styled text segments. Panes never see blessed;
 * screen.ts turns rows into terminal cells. Colours are named, so a
 * monochrome terminal (or NO_COLOR) can drop them and keep bold, underline
 * and inverse, which is how selection and highlights stay visible there.
 */
export type Color =
  | 'black' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white'
  | 'gray' | 'brightred' | 'brightgreen' | 'brightyellow' | 'brightblue' | 'brightmagenta' | 'brightcyan' | 'brightwhite';

export interface Style {
  fg?: Color;
  bg?: Color;
  bold?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export interface Segment {
  text: string;
  style?: Style;
}

/** One screen row of a pane; `fill` styles the rest of the row after the last segment (title bars, the selection). */
export interface Row {
  segments: Segment[];
  fill?: Style;
}

export function seg(text: string, style?: Style): Segment {
  return style ? { text, style } : { text };
}

export function row(segments: Segment[], fill?: Style): Row {
  return fill ? { segments, fill } : { segments };
}

/** Pane titles and the status bar: inverse, so they read on any terminal. */
export const TITLE: Style = { inverse: true };
export const TITLE_FOCUSED: Style = { inverse: true, bold: true, bg: 'blue', fg: 'brightwhite' };
export const SELECTED: Style = { inverse: true };
export const DIM: Style = { fg: 'gray' };
export const WARN: Style = { fg: 'brightyellow', bold: true };
export const BAD: Style = { fg: 'brightred', bold: true };
export const GOOD: Style = { fg: 'brightgreen' };
export const MATCH: Style = { bg: 'yellow', fg: 'black', underline: true };

/**
 * Colours by ChanLog level, after Asterisk's console: the important lines
 * (low levels) bright, the chatty ones (high levels) dimmer. Plain
 * Verbose() lines, which have no ChanLog level, keep the default colour.
 */
const LEVEL_STYLES: Style[] = [
  { fg: 'brightwhite', bold: true },
  { fg: 'brightgreen' },
  { fg: 'brightcyan' },
  { fg: 'green' },
  { fg: 'cyan' },
  { fg: 'magenta' },
  { fg: 'blue' },
  { fg: 'gray' },
];

export function levelStyle(level: number | undefined): Style | undefined {
  if (level === undefined) return undefined;
  return LEVEL_STYLES[Math.min(Math.max(level, 0), LEVEL_STYLES.length - 1)];
}

/** Log() lines carry Asterisk's log level name; coloured as Asterisk's logger colours them. */
const LOG_LEVEL_STYLES: Record<string, Style> = {
  ERROR: { fg: 'brightred', bold: true },
  WARNING: { fg: 'brightyellow', bold: true },
  NOTICE: { fg: 'yellow' },
  DEBUG: { fg: 'blue' },
  DTMF: { fg: 'brightgreen' },
};

export function logLevelStyle(name: string): Style | undefined {
  return LOG_LEVEL_STYLES[name.toUpperCase()];
}
