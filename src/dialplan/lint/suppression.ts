import { catalogueEntry } from '../log/catalogue.js';
import type { SourceFile } from '../text/text-store.js';

/**
 * Suppression comments in the dialplan, as ESLint and ShellCheck users know
 * them (Asterisk reads them as comments):
 *   ; chanlog-disable-next-line CODE[,CODE]   the next line
 *   ; chanlog-disable CODE[,CODE]             from here on, in this file...
 *   ; chanlog-enable CODE[,CODE]              ...until here
 * Without codes they apply to every code. Text after `--` is a reason.
 * A directive that suppresses nothing is reported (W_UNUSED_SUPPRESSION).
 */
export interface Directive {
  kind: 'disable-next-line' | 'disable' | 'enable';
  /** Empty: every code. */
  codes: string[];
  file: string;
  line: number;
  /** 1-based byte column of the `;`. */
  column: number;
  used: boolean;
}

interface Range {
  directive: Directive;
  /** '*' for every code. */
  code: string;
  /** Lines (from, to) exclusive of the directive lines themselves. */
  from: number;
  to: number;
  /** For '*': codes enabled again by name while it is open, each from its enable line on (as ESLint does). */
  enabledAgain: Array<{ code: string; line: number }>;
}

const DIRECTIVE = /(?:^|[^\\]);+[ \t]*chanlog-(disable-next-line|disable|enable)\b([^\n;]*)/;

function parseCodes(text: string): string[] {
  const codes: string[] = [];
  for (const word of text.split(/[\s,]+/)) {
    if (word === '') continue;
    if (!/^[A-Z][A-Z0-9_]*$/.test(word)) break; // `-- reason`, or prose
    codes.push(word);
  }
  return codes;
}

/** The directives of one file, in order. */
export function parseDirectives(source: SourceFile): Directive[] {
  const directives: Directive[] = [];
  const text = source.text;
  let line = 1;
  // Where the next `chanlog-` is: searched again only once a line passes it, so a file without
  // directives is searched once (searching from every line to the end made lint quadratic: minutes at 60,000 lines).
  let next = text.indexOf('chanlog-');
  for (let start = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (next >= 0 && next < start) next = text.indexOf('chanlog-', start);
    if (next >= 0 && next < end) {
      const match = DIRECTIVE.exec(text.slice(start, end));
      if (match) {
        const semicolon = match.index + (match[0][0] === ';' ? 0 : 1);
        directives.push({ kind: match[1] as Directive['kind'], codes: parseCodes(match[2]!), file: source.hostPath, line, column: semicolon + 1, used: false });
      }
    }
    start = end + 1;
  }
  return directives;
}

/** The suppressions of every file of a load; asks whether a diagnostic is suppressed, and marks what it used. */
export class Suppressions {
  readonly directives: Directive[] = [];
  private readonly nextLine = new Map<string, Map<number, Directive[]>>();
  private readonly ranges = new Map<string, Range[]>();

  constructor(sources: readonly SourceFile[]) {
    const seen = new Set<string>();
    for (const source of sources) {
      if (seen.has(source.hostPath)) continue;
      seen.add(source.hostPath);
      this.add(source.hostPath, parseDirectives(source));
    }
  }

  private add(file: string, directives: Directive[]): void {
    const byLine = new Map<number, Directive[]>();
    const ranges: Range[] = [];
    const open: Range[] = [];
    for (const directive of directives) {
      this.directives.push(directive);
      if (directive.kind === 'disable-next-line') {
        const list = byLine.get(directive.line + 1) ?? [];
        list.push(directive);
        byLine.set(directive.line + 1, list);
      } else if (directive.kind === 'disable') {
        for (const code of directive.codes.length > 0 ? directive.codes : ['*']) {
          const range: Range = { directive, code, from: directive.line, to: Infinity, enabledAgain: [] };
          ranges.push(range);
          open.push(range);
        }
      } else {
        for (let i = open.length - 1; i >= 0; i--) {
          const range = open[i]!;
          if (directive.codes.length === 0 || directive.codes.includes(range.code)) {
            range.to = directive.line;
            open.splice(i, 1);
          } else if (range.code === '*') {
            for (const code of directive.codes) range.enabledAgain.push({ code, line: directive.line });
          }
        }
      }
    }
    if (byLine.size > 0) this.nextLine.set(file, byLine);
    if (ranges.length > 0) this.ranges.set(file, ranges);
  }

  /** Whether a diagnostic at file:line with `code` is suppressed by a comment (marking the comment used). */
  suppresses(file: string | undefined, line: number, code: string): boolean {
    if (file === undefined) return false;
    let suppressed = false;
    for (const directive of this.nextLine.get(file)?.get(line) ?? []) {
      if (directive.codes.length === 0 || directive.codes.includes(code)) {
        directive.used = true;
        suppressed = true;
      }
    }
    for (const range of this.ranges.get(file) ?? []) {
      if (line <= range.from || line >= range.to) continue;
      const covers = range.code === code || (range.code === '*' && !range.enabledAgain.some((again) => again.code === code && line > again.line));
      if (covers) {
        range.directive.used = true;
        suppressed = true;
      }
    }
    return suppressed;
  }

  /** Suppressing directives that matched nothing, with why (for W_UNUSED_SUPPRESSION). */
  *unused(): Generator<{ directive: Directive; message: string }> {
    for (const directive of this.directives) {
      if (directive.kind === 'enable' || directive.used) continue;
      const unknown = directive.codes.filter((code) => !catalogueEntry(code));
      const written = `chanlog-${directive.kind}${directive.codes.length > 0 ? ` ${directive.codes.join(',')}` : ''}`;
      const message = `'${written}' suppresses nothing${unknown.length > 0 ? ` (no such code: ${unknown.join(', ')})` : ''}`;
      yield { directive, message };
    }
  }
}
