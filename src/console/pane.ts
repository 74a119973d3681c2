import type { KeyContext } from './keymap.js';
import type { Row } from './style.js';

/**
 * A pane draws itself into a rectangle from the store; the app decides
 * where (layout.ts) and which one has the focus. Another pane (the call
 * trace, say) implements this and joins the layout and the focus ring.
 */
export interface Pane {
  readonly id: string;
  /** The keymap context its keys live in. */
  readonly context: KeyContext;
  /** Rows it would like to show (the layout gives what it can). */
  wantedRows(): number;
  render(width: number, height: number, focused: boolean): Row[];
}
