import type { Diagnostic, LoadResult } from '../pbx/load.js';
import { columnOf } from '../text/bytes.js';
import { CHECKS } from './registry.js';
import type { Finding, Severity } from './types.js';

export { CHECKS } from './registry.js';

/** A diagnostic of `chanlog lint`: Asterisk's own messages and chanlog's checks alike. */
export type LintDiagnostic = Omit<Diagnostic, 'severity' | 'asterisk'> & {
  severity: Severity;
  /** Present when Asterisk prints this message itself while loading. */
  asterisk?: Diagnostic['asterisk'];
};

/**
 * Everything wrong with a loaded dialplan: what Asterisk 22 prints while
 * loading it, then what chanlog's checks find (skipped when Asterisk would
 * refuse the file: there is no dialplan to check then). Sorted by file, line
 * and column, Asterisk's messages first on a line.
 */
export function lintDialplan(result: LoadResult): LintDiagnostic[] {
  const diagnostics: LintDiagnostic[] = [...result.diagnostics];
  if (!result.aborted) {
    const findings: Finding[] = [];
    for (const check of CHECKS) check.run({ result, report: (finding) => findings.push({ code: check.code, severity: check.severity, ...finding }) });
    for (const finding of findings) diagnostics.push(toDiagnostic(finding, result));
  }
  const order = (d: LintDiagnostic) => (d.file === undefined ? -1 : result.sources.findIndex((s) => s.hostPath === d.file));
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((a, b) => order(a.diagnostic) - order(b.diagnostic) || a.diagnostic.line - b.diagnostic.line || a.index - b.index)
    .map(({ diagnostic }) => diagnostic);
}

function toDiagnostic(finding: Finding, result: LoadResult): LintDiagnostic {
  const source = result.sources[finding.source];
  const column = source ? columnOf(source.text, finding.offset) : 1;
  return { severity: finding.severity, code: finding.code, message: finding.message, file: source?.hostPath, line: finding.line, column };
}
