import { keyLabel, type Keymap, type KeyContext } from '../keymap.js';
import { displayWidth, padTo } from '../screen.js';
import { DIM, row, seg, TITLE, type Row, type Segment } from '../style.js';

const CONTEXT_TITLES: Record<KeyContext, string> = { global: 'Everywhere', calls: 'Calls pane', log: 'Log pane', levels: 'Levels pane' };
const KEY_WIDTH = 14;
/** Wide enough for the command names ([keys] uses them) beside the help text. */
const WITH_COMMANDS = 90;

/** The `?` screen: every binding of the keymap, by pane, in one or two columns; the title row first. */
export function helpScreen(keymap: Keymap, width: number): Row[] {
  const columns = width >= 160 ? 2 : 1;
  const columnWidth = Math.floor(width / columns);
  const entries: Segment[][] = [];
  for (const context of Object.keys(CONTEXT_TITLES) as KeyContext[]) {
    entries.push([seg(` ${CONTEXT_TITLES[context]}`, { bold: true, underline: true })]);
    for (const binding of keymap.bindings.filter((b) => b.context === context)) {
      const keys = binding.keys.length > 0 ? binding.keys.map(keyLabel).join(' ') : '(unbound)';
      const command = columnWidth >= WITH_COMMANDS ? binding.command : '';
      const helpWidth = columnWidth - KEY_WIDTH - 4 - (command ? 16 : 0);
      entries.push([seg(`   ${padTo(keys, KEY_WIDTH)}`, { bold: true }), seg(` ${padTo(binding.help, helpWidth)}`), ...(command ? [seg(padTo(command, 15), DIM)] : [])]);
    }
  }
  const perColumn = Math.ceil(entries.length / columns);
  const out: Row[] = [row([seg(' chanlog console keys ', { bold: true }), seg(' ↑↓ scroll, any other key closes; rebind in ~/.config/chanlog/config [keys]: command = key, key')], TITLE)];
  for (let r = 0; r < perColumn; r++) {
    const segments: Segment[] = [];
    for (let c = 0; c < columns; c++) {
      const entry = entries[c * perColumn + r] ?? [];
      const used = entry.reduce((n, s) => n + displayWidth(s.text), 0);
      segments.push(...entry, seg(' '.repeat(Math.max(0, columnWidth - used))));
    }
    out.push(row(segments));
  }
  return out;
}
