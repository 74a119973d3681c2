import { pathToFileURL } from 'node:url';
import { CATALOGUE } from '../log/catalogue.js';
import { bytesToDisplay } from '../text/bytes.js';
import type { SourceFile } from '../text/text-store.js';
import { displayColumn, LineFinder } from './format.js';
import type { LintDiagnostic } from './index.js';

/** A file as a SARIF artifact URI: relative to the working directory when inside it (code scanning wants that), else a file: URL. */
function artifactUri(file: string, relative: (file: string) => string): string {
  const shown = relative(file);
  if (shown === file) return pathToFileURL(file).href;
  return shown.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 (the OASIS format code-scanning tools read): one run of the
 * tool "chanlog", every catalogued code as a rule, each diagnostic a result.
 * Columns count Unicode code points of the UTF-8 line, as a person reads it.
 */
export function sarifLog(diagnostics: readonly LintDiagnostic[], sources: readonly SourceFile[], relative: (file: string) => string, version: string) {
  const lines = new LineFinder(sources);
  const ruleIndex = new Map<string, number>(CATALOGUE.map((entry, index) => [entry.code, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'chanlog',
            version,
            rules: CATALOGUE.map((entry) => ({
              id: entry.code,
              shortDescription: { text: entry.summary },
              help: { text: `${entry.summary}\nFrom: ${entry.source}\nExample:\n${entry.example}` },
              defaultConfiguration: { level: entry.severity },
              properties: { source: entry.source },
            })),
          },
        },
        columnKind: 'unicodeCodePoints' as const,
        results: diagnostics.map((d) => {
          const text = lines.line(d.file, d.line);
          const region = d.line > 0 ? { startLine: d.line, startColumn: text === undefined ? d.column : displayColumn(text, d.column) } : undefined;
          return {
            ruleId: d.code,
            ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code)! } : {}),
            level: d.severity,
            message: { text: bytesToDisplay(d.message) },
            ...(d.file === undefined
              ? {}
              : { locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(d.file, relative) }, ...(region ? { region } : {}) } }] }),
          };
        }),
      },
    ],
  };
}

/** Escapes a workflow command's message (`%`, CR, LF) and, for a property, also `:` and `,`. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=CODE::message`, one per diagnostic. */
export function* githubAnnotations(diagnostics: readonly LintDiagnostic[], sources: readonly SourceFile[], relative: (file: string) => string): Generator<string> {
  const lines = new LineFinder(sources);
  for (const d of diagnostics) {
    const properties: string[] = [];
    if (d.file !== undefined) {
      properties.push(`file=${escapeProperty(relative(d.file))}`);
      if (d.line > 0) {
        const text = lines.line(d.file, d.line);
        properties.push(`line=${d.line}`, `col=${text === undefined ? d.column : displayColumn(text, d.column)}`);
      }
    }
    properties.push(`title=${escapeProperty(d.code)}`);
    yield `::${d.severity} ${properties.join(',')}::${escapeData(bytesToDisplay(d.message))}\n`;
  }
}
