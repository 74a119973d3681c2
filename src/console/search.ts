import { compileRegExp } from '../util/pattern.js';
import { smartCase } from './filters.js';
import { searchableText } from './log-entry.js';
import type { LogView } from './log-view.js';

/**
 * `/` search over the log view: a regular expression (smart case), `n`
 * towards newer lines and `N` towards older ones, matches highlighted in
 * every visible row. Finding walks the view from the current line, so it
 * costs nothing until asked.
 */
export class Search {
  pattern: RegExp | undefined;
  text = '';

  /** Throws a ChanlogError with a readable message when the text is not a regular expression. */
  set(text: string): void {
    this.text = text;
    this.pattern = text === '' ? undefined : compileRegExp(text, `g${smartCase(text)}`, 'search');
  }

  /** The next view number after `from` (direction 1: newer, -1: older) whose line matches, or undefined. */
  find(view: LogView, from: number, direction: 1 | -1): number | undefined {
    if (!this.pattern) return undefined;
    for (let at = from + direction; at >= view.first && at < view.end; at += direction) {
      const entry = view.entry(at);
      if (entry && this.test(searchableText(entry))) return at;
    }
    return undefined;
  }

  test(text: string): boolean {
    if (!this.pattern) return false;
    this.pattern.lastIndex = 0;
    return this.pattern.test(text);
  }

  /** Where the pattern matches in `text`: [start, end) pairs, in order. */
  ranges(text: string): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    if (!this.pattern) return ranges;
    this.pattern.lastIndex = 0;
    for (const match of text.matchAll(this.pattern)) {
      if (match[0].length === 0) continue;
      ranges.push([match.index, match.index + match[0].length]);
    }
    return ranges;
  }
}
