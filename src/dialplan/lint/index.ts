import type { Diagnostic, LoadResult } from '../pbx/load.js';
import { severityOf, type Severity } from '../log/catalogue.js';
import { columnOf } from '../text/bytes.js';
import { DEFAULT_ASTERISK, type AsteriskVersion } from './asterisk-version.js';
import { contextsFromOtherModules } from './external-contexts.js';
import { Registered, type RegisteredNames } from './registered-names.js';
import { CHECKS } from './registry.js';
import { Suppressions } from './suppression.js';
import type { Finding } from './types.js';

/** A diagnostic of `chanlog lint`: Asterisk's own messages and chanlog's checks alike. */
export type LintDiagnostic = Omit<Diagnostic, 'severity' | 'asterisk'> & {
  severity: Severity;
  /** Present when Asterisk prints this message itself while loading. */
  asterisk?: Diagnostic['asterisk'];
};

export interface LintOptions {
  /** The Asterisk major version to lint for (default 22). */
  asterisk?: AsteriskVersion;
  /** Codes not to report (`--disable`, the lint config). */
  disabled?: Iterable<string>;
  /** Contexts that exist outside extensions.conf: jumps into them are not checked further. */
  externalContexts?: Iterable<string>;
  /** The config directory, whose extensions.ael and extensions.lua register contexts too. */
  configDir?: string;
  /** The applications and functions a live server has registered (`--ami`), which then decide what exists. */
  registered?: RegisteredNames;
}

/**
 * Everything wrong with a loaded dialplan: what Asterisk prints while
 * loading it, then what chanlog's checks find (skipped when Asterisk would
 * refuse the file: there is no dialplan to check then), less what the
 * file's suppression comments and `disabled` silence, plus the suppression
 * comments that silence nothing. Sorted by file, line and column,
 * Asterisk's messages first on a line.
 */
export function lintDialplan(result: LoadResult, options: LintOptions = {}): LintDiagnostic[] {
  const diagnostics: LintDiagnostic[] = [...result.diagnostics];
  if (!result.aborted) {
    const findings: Finding[] = [];
    const externalContexts = new Set(options.externalContexts ?? []);
    if (options.configDir !== undefined) for (const name of contextsFromOtherModules(options.configDir)) externalContexts.add(name);
    const settings = {
      asterisk: options.asterisk ?? DEFAULT_ASTERISK,
      externalContexts,
      ...(options.registered ? { registered: new Registered(options.registered) } : {}),
    };
    for (const check of CHECKS) check.run({ result, settings, report: (finding) => findings.push(finding) });
    for (const finding of findings) diagnostics.push(toDiagnostic(finding, result));
  }
  const suppressions = new Suppressions(result.sources);
  const kept = diagnostics.filter((d) => !suppressions.suppresses(d.file, d.line, d.code));
  for (const { directive, message } of suppressions.unused()) {
    kept.push({ severity: severityOf('W_UNUSED_SUPPRESSION'), code: 'W_UNUSED_SUPPRESSION', message, file: directive.file, line: directive.line, column: directive.column });
  }
  const disabled = new Set(options.disabled ?? []);
  const sourceOrder = new Map<string, number>();
  result.sources.forEach((source, index) => {
    if (!sourceOrder.has(source.hostPath)) sourceOrder.set(source.hostPath, index);
  });
  const order = (d: LintDiagnostic) => (d.file === undefined ? -1 : (sourceOrder.get(d.file) ?? -1));
  return kept
    .filter((d) => !disabled.has(d.code))
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((a, b) => order(a.diagnostic) - order(b.diagnostic) || a.diagnostic.line - b.diagnostic.line || a.index - b.index)
    .map(({ diagnostic }) => diagnostic);
}

function toDiagnostic(finding: Finding, result: LoadResult): LintDiagnostic {
  const source = result.sources[finding.source];
  const column = source ? columnOf(source.text, finding.offset) : 1;
  return { severity: severityOf(finding.code), code: finding.code, message: finding.message, file: source?.hostPath, line: finding.line, column };
}
