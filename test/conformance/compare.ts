import fs from 'node:fs';
import path from 'node:path';
import { formatLogLine } from '../tools/oracle/oracle-log.js';
import type { OracleResult } from '../tools/oracle/oracle.js';
import type { ChanlogOutcome } from './chanlog-side.js';

/**
 * Comparing chanlog with the oracle, and writing a failing case where the
 * lead can study it. Everything is compared as bytes (latin1 strings).
 *
 * - `dialplan show`: byte-identical.
 * - warnings: Asterisk's WARNING and ERROR lines, each as
 *   `LEVEL: source func: text` (the form of the experiment recordings), with
 *   paths under the config directory read as /etc/asterisk/ on both sides.
 *   `sequence` demands the same lines in the same order (what Asterisk
 *   prints); `multiset` ignores the order, to tell "wrong order" from
 *   "wrong lines". A line Asterisk cut at its log buffer (8191 bytes with
 *   its prefix, spec addenda) matches any chanlog line it is a prefix of.
 * - aborted: the same verdict.
 */
export interface Comparison {
  showEqual: boolean;
  warningsSequenceEqual: boolean;
  warningsMultisetEqual: boolean;
  abortedEqual: boolean;
  /** `dialplan show CONTEXT` per context asked for: equal or not. */
  contextShowsEqual: Map<string, boolean>;
  expectedWarnings: string[];
  identical: boolean;
}

export function compare(oracle: OracleResult, chanlog: ChanlogOutcome): Comparison {
  const expected = oracle.warnings.map(formatLogLine);
  const truncated = oracle.warnings.map((w) => w.truncated === true);
  // Asterisk's copy of a truncated line is the start of the real one.
  const same = (i: number, line: string | undefined): boolean => line !== undefined && (truncated[i] ? line.startsWith(expected[i]!) : line === expected[i]);
  const sequence = expected.length === chanlog.warnings.length && expected.every((_, i) => same(i, chanlog.warnings[i]));
  const multiset = sequence || sameMultiset(expected, chanlog.warnings);
  const contextShowsEqual = new Map<string, boolean>();
  for (const [context, text] of oracle.shows) contextShowsEqual.set(context, chanlog.shows.get(context) === text);
  const showEqual = !chanlog.error && oracle.show === chanlog.show;
  const abortedEqual = oracle.aborted === chanlog.aborted;
  return {
    showEqual,
    warningsSequenceEqual: !chanlog.error && sequence,
    warningsMultisetEqual: !chanlog.error && multiset,
    abortedEqual,
    contextShowsEqual,
    expectedWarnings: expected,
    identical: showEqual && sequence && abortedEqual && !chanlog.error && [...contextShowsEqual.values()].every(Boolean),
  };
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const x of b) {
    const n = counts.get(x);
    if (!n) return false;
    counts.set(x, n - 1);
  }
  return true;
}

/**
 * A line diff (`-` Asterisk only, `+` chanlog only, ` ` both), from a
 * longest-common-subsequence table; bounded so a huge mismatch stays
 * readable and cheap (beyond `maxLines` per side, the tail is summarised).
 */
export function lineDiff(expected: string, actual: string, maxLines = 2000): string {
  const a = splitLines(expected).slice(0, maxLines);
  const b = splitLines(actual).slice(0, maxLines);
  const n = a.length;
  const m = b.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(` ${a[i++]}`);
      j++;
    } else if (i < n && (j === m || table[i + 1]![j]! >= table[i]![j + 1]!)) {
      out.push(`-${a[i++]}`);
    } else {
      out.push(`+${b[j++]}`);
    }
  }
  const more = Math.max(splitLines(expected).length, splitLines(actual).length) - maxLines;
  if (more > 0) out.push(`... (${more} more lines not compared here)`);
  return out.join('\n') + '\n';
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The first lines that differ, for an assertion message. */
export function briefDiff(expected: string, actual: string, context = 3, maxOut = 40): string {
  const diff = lineDiff(expected, actual).split('\n');
  const keep = new Set<number>();
  diff.forEach((line, index) => {
    if (line.startsWith('+') || line.startsWith('-')) for (let k = index - context; k <= index + context; k++) keep.add(k);
  });
  const out: string[] = [];
  let last = -2;
  for (const index of [...keep].filter((k) => k >= 0 && k < diff.length).sort((x, y) => x - y)) {
    if (index !== last + 1) out.push('@@');
    out.push(diff[index]!);
    last = index;
    if (out.length >= maxOut) {
      out.push('... (more differences)');
      break;
    }
  }
  return out.join('\n');
}

export interface CaseReport {
  name: string;
  files: ReadonlyMap<string, Buffer | string>;
  oracle: OracleResult;
  chanlog: ChanlogOutcome;
  comparison: Comparison;
}

/**
 * Writes one failing case under `dir`: the input files exactly as loaded
 * (`input/`), both outputs, both warning lists, their diffs and a summary
 * (`case.json`).
 */
export function writeCaseReport(dir: string, report: CaseReport): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [relative, content] of report.files) {
    const target = path.join(dir, 'input', relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, typeof content === 'string' ? Buffer.from(content, 'latin1') : content);
  }
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), Buffer.from(text, 'latin1'));
  const warnings = (lines: readonly string[]) => lines.map((l) => `${l}\n`).join('');
  write('asterisk.show.txt', report.oracle.show);
  write('chanlog.show.txt', report.chanlog.show);
  write('show.diff', lineDiff(report.oracle.show, report.chanlog.show));
  write('asterisk.warnings.txt', warnings(report.comparison.expectedWarnings));
  write('chanlog.warnings.txt', warnings(report.chanlog.warnings));
  write('warnings.diff', lineDiff(warnings(report.comparison.expectedWarnings), warnings(report.chanlog.warnings)));
  for (const [context, text] of report.oracle.shows) {
    const safe = context.replace(/[^A-Za-z0-9_.-]/g, '_') || '_';
    write(`asterisk.show-${safe}.txt`, text);
    write(`chanlog.show-${safe}.txt`, report.chanlog.shows.get(context) ?? '');
  }
  if (report.chanlog.error) write('chanlog.error.txt', report.chanlog.error);
  const summary = {
    name: report.name,
    showEqual: report.comparison.showEqual,
    warningsSequenceEqual: report.comparison.warningsSequenceEqual,
    warningsMultisetEqual: report.comparison.warningsMultisetEqual,
    abortedEqual: report.comparison.abortedEqual,
    aborted: { asterisk: report.oracle.aborted, chanlog: report.chanlog.aborted },
    contextShowsEqual: Object.fromEntries(report.comparison.contextShowsEqual),
    crashedOnReplace: report.oracle.crashedOnReplace ?? false,
    asteriskLinesFromOtherThreads: report.oracle.warnings.some((w) => w.thread !== report.oracle.warnings[0]?.thread),
  };
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify(summary, null, 2) + '\n');
}
