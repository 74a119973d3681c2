import path from 'node:path';
import type { AsteriskLog } from '../log/asterisk-log.js';
import { severityOf, type Code } from '../log/catalogue.js';
import { columnOf } from '../text/bytes.js';
import { readConfig, type FileAccess } from '../config/reader.js';
import { PriorityPool, type Context } from '../model/model.js';
import type { SourceFile } from '../text/text-store.js';
import { loadPbx } from './loader.js';

/**
 * Loading extensions.conf the way Asterisk 22 does: the config layer reads
 * the files, the pbx layer builds the contexts, and every line Asterisk would
 * log becomes a located diagnostic.
 */

export interface LoadOptions {
  /** Plays Asterisk's config directory (/etc/asterisk); default: the main file's directory. */
  configDir?: string;
  /** The moment label lookups evaluate timed includes at (the clock matters to Asterisk there). */
  now?: Date;
  files?: FileAccess;
  /** The Asterisk major version whose load-time messages to print (default 22; see README, versions). */
  asteriskMajor?: number;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  code: Code;
  message: string;
  /** Host path of the file, or undefined for messages about no particular place. */
  file: string | undefined;
  line: number;
  /** 1-based, in bytes of the line. */
  column: number;
  asterisk: { level: 'WARNING' | 'ERROR'; source: string; func: string; text: string };
}

export interface LoadResult {
  /** Asterisk would refuse the file and keep the dialplan it had (a fresh one stays empty). */
  aborted: boolean;
  /** The main file does not exist. */
  missing: boolean;
  /** What Asterisk would hold, listed as `dialplan show` lists it; empty when aborted. */
  contexts: Context[];
  /** The priorities of all contexts (see model/model.ts). */
  pool: PriorityPool;
  sources: SourceFile[];
  /** Every line Asterisk would log while loading, in order. */
  log: AsteriskLog[];
  diagnostics: Diagnostic[];
  globals: Map<string, string>;
}

export function loadDialplan(mainFile: string, options: LoadOptions = {}): LoadResult {
  const configDir = options.configDir ?? path.dirname(path.resolve(mainFile));
  const config = readConfig(mainFile, { configDir, ...(options.files ? { files: options.files } : {}), ...(options.asteriskMajor ? { asteriskMajor: options.asteriskMajor } : {}) });
  let contexts: Context[] = [];
  let globals = new Map<string, string>();
  let pool = new PriorityPool(config.store);
  if (!config.aborted) {
    const pbx = loadPbx(config.categories, config.store, config.log, options.now ?? new Date());
    contexts = pbx.contexts;
    globals = pbx.globals;
    pool = pbx.pool;
  }
  const sources = config.store.sources;
  return {
    aborted: config.aborted,
    missing: config.missing,
    contexts,
    pool,
    sources,
    log: config.log.lines,
    diagnostics: config.log.lines.map((line) => toDiagnostic(line, sources)),
    globals,
  };
}

function toDiagnostic(log: AsteriskLog, sources: SourceFile[]): Diagnostic {
  const source = log.at && log.at.source >= 0 ? sources[log.at.source] : undefined;
  const column = source && log.at?.offset !== undefined ? columnOf(source.text, log.at.offset) : 1;
  return {
    severity: severityOf(log.code),
    code: log.code,
    message: log.text,
    file: source?.hostPath,
    line: log.at?.line ?? 0,
    column,
    asterisk: { level: log.level, source: log.origin, func: log.func, text: log.text },
  };
}
