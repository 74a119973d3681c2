import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/console/log-entry.js';
import { LogView } from '../../src/console/log-view.js';
import { Scrollback } from '../../src/console/scrollback.js';

function notice(text: string): LogEntry {
  return { kind: 'notice', time: new Date(0), server: 's', tone: 'info', text };
}

function setup(capacity: number, accept: (text: string) => boolean) {
  const buffer = new Scrollback(capacity);
  const view = new LogView(buffer, (e) => accept(e.kind === 'notice' ? e.text : ''));
  const add = (...texts: string[]) => {
    for (const text of texts) {
      const entry = notice(text);
      view.add(buffer.push(entry), entry);
    }
  };
  const shown = () => {
    const out: string[] = [];
    for (let v = view.first; v < view.end; v++) {
      const e = view.entry(v);
      if (e?.kind === 'notice') out.push(e.text);
    }
    return out;
  };
  const at = (v: number) => (view.entry(v) as { text: string } | undefined)?.text;
  return { buffer, view, add, shown, at };
}

describe('LogView', () => {
  it('holds only accepted entries, and drops them as the scrollback forgets them', () => {
    const { view, add, shown } = setup(4, (t) => t.startsWith('keep'));
    add('keep1', 'drop1', 'keep2', 'keep3', 'drop2', 'keep4');
    expect(shown()).toEqual(['keep2', 'keep3', 'keep4']);
    expect(view.size).toBe(3);
  });

  it('pauses when scrolled up, counts what arrives meanwhile, and follows again at the end', () => {
    const { view, add, at } = setup(100, () => true);
    add('a', 'b', 'c', 'd');
    view.scroll(-2);
    expect(view.following).toBe(false);
    expect(at(view.bottom)).toBe('b');
    add('e', 'f', 'g');
    expect(view.arrivedWhilePaused).toBe(3);
    expect(at(view.bottom)).toBe('b');
    view.scroll(100);
    expect(view.following).toBe(true);
    expect(at(view.bottom)).toBe('g');
  });

  it('keeps a paused position on the nearest line when the filter changes', () => {
    let wanted = (_: string) => true;
    const { view, add, at } = setup(100, (t) => wanted(t));
    add('x1', 'y1', 'x2', 'y2', 'x3');
    view.showAt(3); // y2
    wanted = (t) => t.startsWith('x');
    view.rebuild();
    expect(at(view.bottom)).toBe('x2');
    expect(view.following).toBe(false);
  });

  it('a paused position that leaves the scrollback moves to the oldest line', () => {
    const { view, add, at } = setup(3, () => true);
    add('a', 'b', 'c');
    view.scroll(-2);
    add('d', 'e', 'f');
    expect(at(view.bottom)).toBe('d');
  });
});
