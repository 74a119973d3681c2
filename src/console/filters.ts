import type { FeedLine } from '../ami/feed-types.js';
import { matchesFilter, type TailFilter } from '../ami/tail.js';
import { checkLevel } from '../chanlog/keys.js';
import { usageError } from '../errors.js';
import { compileRegExp, parseNamePattern } from '../util/pattern.js';
import type { LogEntry } from './log-entry.js';

/** A pattern as the user typed it, and what it compiled to. */
export interface TypedPattern {
  text: string;
  regex: RegExp;
}

/** One call, as the calls pane names it: the log shows only its channels. */
export interface CallFilter {
  server: string;
  linkedid: string;
  label: string;
}

export interface FilterSettings {
  level?: number;
  channel?: TypedPattern;
  device?: TypedPattern;
  grep?: TypedPattern;
  call?: CallFilter;
  invert: boolean;
}

export type FilterField = 'level' | 'channel' | 'device' | 'grep';

/**
 * The log pane's filters: the same criteria as `chanlog tail` (level,
 * channel and device glob or /regex/, message regex), plus one call and
 * invert. One switch turns them all off and on again without forgetting
 * them. Notices (gaps, lost lines) always pass: they say what is missing.
 */
export class Filters {
  settings: FilterSettings = { invert: false };
  enabled = true;
  private criteria: TailFilter = {};

  /** Sets one field from what the user typed; empty text removes it. Throws a ChanlogError with a readable message when it does not parse. */
  setField(field: FilterField, text: string): void {
    const value = text.trim();
    const next: FilterSettings = { ...this.settings };
    if (value === '') delete next[field];
    else if (field === 'level') {
      const problem = checkLevel(value);
      if (problem) throw usageError(`level filter: ${problem}`);
      next.level = Number(value);
    } else if (field === 'grep') next.grep = { text: value, regex: compileRegExp(value, smartCase(value), 'message filter') };
    else next[field] = { text: value, regex: parseNamePattern(value, `${field} filter`) };
    this.replace(next);
  }

  setCall(call: CallFilter | undefined): void {
    const next = { ...this.settings };
    if (call) next.call = call;
    else delete next.call;
    this.replace(next);
  }

  toggleInvert(): void {
    this.replace({ ...this.settings, invert: !this.settings.invert });
  }

  clear(): void {
    this.replace({ invert: false });
  }

  /** Whether any criterion is set (enabled or not). */
  get isSet(): boolean {
    const s = this.settings;
    return s.level !== undefined || Boolean(s.channel || s.device || s.grep || s.call);
  }

  get isActive(): boolean {
    return this.enabled && this.isSet;
  }

  accepts(entry: LogEntry): boolean {
    if (entry.kind === 'notice' || !this.isActive) return true;
    return this.matches(entry.line) !== this.settings.invert;
  }

  private matches(line: FeedLine): boolean {
    const call = this.settings.call;
    if (call && (line.linkedid !== call.linkedid || line.server !== call.server)) return false;
    return matchesFilter(line, this.criteria);
  }

  private replace(next: FilterSettings): void {
    this.settings = next;
    this.criteria = {
      ...(next.level !== undefined ? { maxLevel: next.level } : {}),
      ...(next.channel ? { channel: next.channel.regex } : {}),
      ...(next.device ? { device: next.device.regex } : {}),
      ...(next.grep ? { grep: next.grep.regex } : {}),
    };
  }
}

/** Smart case, as in less and vim: a pattern without capitals ignores case. */
export function smartCase(pattern: string): string {
  return /[A-Z]/.test(pattern) ? '' : 'i';
}
