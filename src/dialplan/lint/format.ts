import { terminalSafe } from '../../util/safe-text.js';
import { bytesToDisplay } from '../text/bytes.js';
import type { SourceFile } from '../text/text-store.js';
import type { LintDiagnostic } from './index.js';

/**
 * Finds a line of a file by number: the line starts of each file are
 * indexed once, on first use, so formatting N diagnostics costs N lookups,
 * not N scans from the top of the file.
 */
export class LineFinder {
  private readonly byPath = new Map<string, SourceFile>();
  private readonly starts = new Map<SourceFile, number[]>();

  constructor(sources: readonly SourceFile[]) {
    for (const source of sources) if (!this.byPath.has(source.hostPath)) this.byPath.set(source.hostPath, source);
  }

  /** The text of line `line` (1-based) of `file`, without its line end, or undefined. */
  line(file: string | undefined, line: number): string | undefined {
    if (file === undefined || line <= 0) return undefined;
    const source = this.byPath.get(file);
    if (!source) return undefined;
    const starts = this.startsOf(source);
    const start = starts[line - 1];
    if (start === undefined) return undefined;
    const next = starts[line];
    const end = next === undefined ? source.text.length : next - 1;
    return source.text.slice(start, end).replace(/\r$/, '');
  }

  private startsOf(source: SourceFile): number[] {
    let starts = this.starts.get(source);
    if (!starts) {
      starts = [0];
      const text = source.text;
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      this.starts.set(source, starts);
    }
    return starts;
  }
}

/**
 * `FILE:LINE:COL: severity CODE message` and, under it, the line with a
 * caret under the column, as compilers print them. Lines and columns are
 * shown as a person reads the file (UTF-8), though Asterisk counts bytes.
 */
export function formatDiagnostic(diagnostic: LintDiagnostic, lines: LineFinder, displayPath: (file: string) => string): string {
  const text = lines.line(diagnostic.file, diagnostic.line);
  const column = text === undefined ? diagnostic.column : displayColumn(text, diagnostic.column);
  const where = diagnostic.file === undefined ? '(load)' : `${terminalSafe(displayPath(diagnostic.file))}:${diagnostic.line}:${column}`;
  // The dialplan's own text (in the message and the quoted line) may hold terminal controls: shown escaped.
  const head = `${where}: ${diagnostic.severity} ${diagnostic.code} ${terminalSafe(bytesToDisplay(diagnostic.message))}`;
  if (text === undefined || text.length > 400) return head;
  const number = String(diagnostic.line);
  const visible = (raw: string) => terminalSafe(bytesToDisplay(raw).replace(/\t/g, ' '));
  const caretAt = visible(text.slice(0, Math.max(0, diagnostic.column - 1))).length;
  return `${head}\n ${number} | ${visible(text)}\n ${' '.repeat(number.length)} | ${' '.repeat(caretAt)}^`;
}

/** The column a person sees (UTF-8 characters) for a 1-based byte column. */
export function displayColumn(lineText: string, byteColumn: number): number {
  return bytesToDisplay(lineText.slice(0, Math.max(0, byteColumn - 1))).length + 1;
}

/** The text form, in chunks of about 64 KB, formatted as they are written. */
export function* textChunks(diagnostics: readonly LintDiagnostic[], sources: readonly SourceFile[], displayPath: (file: string) => string): Generator<string> {
  const lines = new LineFinder(sources);
  let chunk = '';
  for (const diagnostic of diagnostics) {
    chunk += formatDiagnostic(diagnostic, lines, displayPath) + '\n';
    if (chunk.length >= 65536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
