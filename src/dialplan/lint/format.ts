import { bytesToDisplay } from '../text/bytes.js';
import type { SourceFile } from '../text/text-store.js';
import type { LintDiagnostic } from './index.js';

/**
 * `FILE:LINE:COL: severity CODE message` and, under it, the line with a
 * caret under the column, as compilers print them. Lines and columns are
 * shown as a person reads the file (UTF-8), though Asterisk counts bytes.
 */
export function formatDiagnostic(diagnostic: LintDiagnostic, sources: SourceFile[], displayPath: (file: string) => string): string {
  const where = diagnostic.file === undefined ? '(load)' : `${displayPath(diagnostic.file)}:${diagnostic.line}:${displayColumn(diagnostic, sources)}`;
  const head = `${where}: ${diagnostic.severity} ${diagnostic.code} ${bytesToDisplay(diagnostic.message)}`;
  const excerpt = excerptOf(diagnostic, sources);
  return excerpt ? `${head}\n${excerpt}` : head;
}

function lineText(diagnostic: LintDiagnostic, sources: SourceFile[]): { text: string; start: number } | undefined {
  if (diagnostic.file === undefined || diagnostic.line <= 0) return undefined;
  const source = sources.find((s) => s.hostPath === diagnostic.file);
  if (!source) return undefined;
  let start = 0;
  for (let n = 1; n < diagnostic.line && start >= 0; n++) start = source.text.indexOf('\n', start) + 1 || -1;
  if (start < 0 || start > source.text.length) return undefined;
  let end = source.text.indexOf('\n', start);
  if (end < 0) end = source.text.length;
  return { text: source.text.slice(start, end).replace(/\r$/, ''), start };
}

function displayColumn(diagnostic: LintDiagnostic, sources: SourceFile[]): number {
  const line = lineText(diagnostic, sources);
  if (!line) return diagnostic.column;
  return bytesToDisplay(line.text.slice(0, Math.max(0, diagnostic.column - 1))).length + 1;
}

function excerptOf(diagnostic: LintDiagnostic, sources: SourceFile[]): string | undefined {
  const line = lineText(diagnostic, sources);
  if (!line || line.text.length > 400) return undefined;
  const number = String(diagnostic.line);
  const shown = bytesToDisplay(line.text).replace(/\t/g, ' ');
  const caret = ' '.repeat(Math.max(0, displayColumn(diagnostic, sources) - 1));
  return ` ${number} | ${shown}\n ${' '.repeat(number.length)} | ${caret}^`;
}
