/** A rectangle on the screen. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  status: Rect;
  filter: Rect;
  calls: Rect;
  levels: Rect;
  log: Rect;
  footer: Rect;
}

/** From this width on, the levels pane sits beside the calls pane instead of under it. */
export const SIDE_BY_SIDE_MIN = 120;

/**
 * Where each pane goes for a terminal size: a status line and the filter
 * bar on top, the footer at the bottom, the log taking what is left after
 * the calls and levels panes, which grow with their content up to a share
 * of the screen. Works from 80x24 up (and degrades, never throws, below).
 */
export function computeLayout(width: number, height: number, wanted: { calls: number; levels: number }): Layout {
  const body = Math.max(0, height - 3);
  const status = { x: 0, y: 0, width, height: 1 };
  const filter = { x: 0, y: 1, width, height: 1 };
  const footer = { x: 0, y: Math.max(0, height - 1), width, height: 1 };
  let calls: Rect;
  let levels: Rect;
  let top: number;
  if (width >= SIDE_BY_SIDE_MIN) {
    top = clamp(Math.max(wanted.calls, wanted.levels) + 1, 5, Math.floor(body * 0.4));
    const levelsWidth = clamp(Math.floor(width * 0.35), 40, 64);
    calls = { x: 0, y: 2, width: width - levelsWidth - 1, height: top };
    levels = { x: width - levelsWidth, y: 2, width: levelsWidth, height: top };
  } else {
    const callsHeight = clamp(wanted.calls + 1, 3, Math.floor(body * 0.3));
    const levelsHeight = clamp(wanted.levels + 1, 2, Math.min(4, Math.floor(body * 0.2)));
    calls = { x: 0, y: 2, width, height: callsHeight };
    levels = { x: 0, y: 2 + callsHeight, width, height: levelsHeight };
    top = callsHeight + levelsHeight;
  }
  const log = { x: 0, y: 2 + top, width, height: Math.max(0, body - top) };
  return { status, filter, calls, levels, log, footer };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(Math.min(value, max), Math.min(min, max));
}
