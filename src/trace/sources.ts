import fs from 'node:fs';
import path from 'node:path';
import type { AmiClient } from '../ami/client.js';
import type { SourceLocator, SourceRef } from '../ami/source-locator.js';
import { parseDialplanShow } from './dialplan-show.js';
import { ShownLocator } from './shown-locator.js';

/** Where a step was written, and the text of that line when chanlog can read the file. */
export interface StepSource {
  source?: SourceRef;
  /** The source line as written (comments included), without its line break. */
  text?: string;
  /** The step as the server loaded it, `App(data)` before substitution (server sources). */
  loaded?: string;
}

export interface TraceSources {
  lookup(context: string, extension: string, priority: number): StepSource;
}

/** How deep under the config directory a registrar's file name is looked for (Asterisk shows only the base name). */
const SEARCH_DEPTH = 3;

/**
 * Reads source lines on demand, each file once. Files are read as bytes
 * and shown as UTF-8, as the trace shows everything else Asterisk sends.
 */
export class LineReader {
  private readonly files = new Map<string, string[] | undefined>();

  line(file: string, line: number): string | undefined {
    if (!this.files.has(file)) this.files.set(file, readLines(file));
    return this.files.get(file)?.[line - 1];
  }
}

function readLines(file: string): string[] | undefined {
  try {
    return fs.readFileSync(file).toString('utf8').split(/\r?\n/);
  } catch {
    return undefined;
  }
}

/** Sources from chanlog's own parser (`--dialplan FILE`): the locator's file is a path chanlog read. */
export function fileSources(locator: SourceLocator): TraceSources {
  const reader = new LineReader();
  return {
    lookup(context, extension, priority) {
      const source = locator.locate(context, extension, priority);
      if (!source) return {};
      const text = reader.line(source.file, source.line);
      return { source, ...(text !== undefined ? { text } : {}) };
    },
  };
}

/**
 * Sources from the running server: `dialplan show` over AMI's `Command`
 * action, read once and again after every `dialplan reload` (`refresh`).
 * The registrar column names a file by its base name, relative to
 * Asterisk's config directory; when `configDir` is readable from here the
 * line's text is added (a name found twice under it stays without text).
 */
export class ServerSources implements TraceSources {
  private locator = new ShownLocator(new Map());
  private readonly reader = new LineReader();
  private readonly paths = new Map<string, string | undefined>();
  private loading: Promise<void> | undefined;

  constructor(
    private readonly client: AmiClient,
    private readonly configDir: string | undefined,
  ) {}

  /** Reads `dialplan show` again; concurrent calls share one read. */
  refresh(): Promise<void> {
    this.loading ??= this.client
      .command('dialplan show', 60_000)
      .then((lines) => {
        this.locator = new ShownLocator(parseDialplanShow(lines));
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** The loaded priorities written at `file:line`. */
  definedAt(file: string, line: number): ReturnType<ShownLocator['at']> {
    return this.locator.at(file, line);
  }

  lookup(context: string, extension: string, priority: number): StepSource {
    const found = this.locator.find(context, extension, priority);
    if (!found) return {};
    const file = this.hostPath(found.source.file);
    const text = file === undefined ? undefined : this.reader.line(file, found.source.line);
    return { source: found.source, loaded: found.step, ...(text !== undefined ? { text } : {}) };
  }

  private hostPath(name: string): string | undefined {
    if (!this.configDir) return undefined;
    if (!this.paths.has(name)) this.paths.set(name, findUnique(this.configDir, name));
    return this.paths.get(name);
  }
}

/** `dir/name` when it exists, else the one file of that base name under `dir` (a few levels deep). */
function findUnique(dir: string, name: string): string | undefined {
  const direct = path.join(dir, name);
  if (isFile(direct)) return direct;
  const found: string[] = [];
  const walk = (current: string, depth: number) => {
    if (depth > SEARCH_DEPTH || found.length > 1) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.name === path.basename(name) && entry.isFile()) found.push(full);
    }
  };
  walk(dir, 0);
  return found.length === 1 ? found[0] : undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
