import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatLogLine, normaliseConfigDir } from '../tools/oracle/oracle-log.js';

/**
 * chanlog's side of the differential test: its own parser
 * (src/dialplan/index.ts) loading the same files the oracle loads.
 *
 * The module is written by the lead in parallel with this harness, so it is
 * imported dynamically and its absence is a normal state: the comparison is
 * then skipped with a message saying so. The interface below is the one
 * agreed for it (issue 3); only what the harness uses is declared.
 */
export interface ChanlogDiagnostic {
  severity: string;
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  asterisk?: { level: 'WARNING' | 'ERROR'; source: string; func: string; text: string };
}

export interface ChanlogLoadResult {
  aborted: boolean;
  diagnostics: ChanlogDiagnostic[];
}

export interface ChanlogDialplanApi {
  loadDialplan(mainFile: string, options?: { configDir?: string }): ChanlogLoadResult;
  renderDialplanShow(result: ChanlogLoadResult, options?: { context?: string }): string;
}

/** The parser module: src/dialplan/index.ts, or another build of it named by CHANLOG_DIALPLAN_MODULE (e.g. dist/dialplan/index.js). */
export function chanlogModulePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CHANLOG_DIALPLAN_MODULE ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/dialplan/index.ts'));
}

/** The parser's API, or the reason it cannot be used (yet). */
export async function importChanlogDialplan(file = chanlogModulePath()): Promise<{ api: ChanlogDialplanApi } | { missing: string }> {
  const shown = path.relative(process.cwd(), file);
  if (!fs.existsSync(file)) return { missing: `${shown} does not exist yet (the lead's dialplan parser, issue 3)` };
  const module = (await import(pathToFileURL(file).href)) as Partial<ChanlogDialplanApi>;
  if (typeof module.loadDialplan !== 'function' || typeof module.renderDialplanShow !== 'function') {
    return { missing: `${shown} does not export loadDialplan and renderDialplanShow yet` };
  }
  return { api: module as ChanlogDialplanApi };
}

export interface ChanlogOutcome {
  show: string;
  /** `LEVEL: source func: text`, config dir paths read as /etc/asterisk/. */
  warnings: string[];
  aborted: boolean;
  /** `renderDialplanShow(result, { context })` for each context asked for. */
  shows: Map<string, string>;
  /** The parser threw instead of answering. */
  error?: string;
}

/**
 * Writes the case into a fresh temporary directory (the main file as
 * extensions.conf, as Asterisk sees it) and lets chanlog load it with that
 * directory as its config directory. Paths under it in messages are
 * rewritten to /etc/asterisk/, the way the oracle reports Asterisk's.
 */
export function runChanlog(api: ChanlogDialplanApi, files: ReadonlyMap<string, Buffer | string>, contexts: readonly string[] = []): ChanlogOutcome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-conformance-'));
  try {
    for (const [relative, content] of files) {
      const target = path.join(dir, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, typeof content === 'string' ? Buffer.from(content, 'latin1') : content);
    }
    const result = api.loadDialplan(path.join(dir, 'extensions.conf'), { configDir: dir });
    const shows = new Map<string, string>();
    for (const context of contexts) shows.set(context, api.renderDialplanShow(result, { context }));
    return {
      show: api.renderDialplanShow(result),
      warnings: result.diagnostics.flatMap((d) =>
        d.asterisk ? [formatLogLine({ level: d.asterisk.level, source: d.asterisk.source, func: d.asterisk.func, message: normaliseConfigDir(d.asterisk.text, dir) })] : [],
      ),
      aborted: result.aborted,
      shows,
    };
  } catch (err) {
    return { show: '', warnings: [], aborted: false, shows: new Map(), error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
