import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDialplan, renderDialplanShow, type LoadResult } from '../../src/dialplan/index.js';
import { formatAsteriskLog } from '../../src/dialplan/log/asterisk-log.js';

/** Writes `files` (name -> text, latin1 bytes) into a fresh directory and loads `extensions.conf` from it. */
export function load(files: Record<string, string> | string, options: { now?: Date } = {}): LoadResult & { dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-dp-'));
  const all = typeof files === 'string' ? { 'extensions.conf': files } : files;
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), Buffer.from(text, 'latin1'));
  }
  return { ...loadDialplan(path.join(dir, 'extensions.conf'), options.now ? { now: options.now } : {}), dir };
}

/** `dialplan show` for a file given as text. */
export function show(text: string): string {
  return renderDialplanShow(load(text));
}

/** The log lines as Asterisk's console prints them (no date, no thread). */
export function logOf(result: LoadResult): string[] {
  return result.log.map(formatAsteriskLog);
}

/** Only the priority lines of `dialplan show`, trimmed, for compact assertions. */
export function priorityLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('  ') && !l.startsWith('  Include') && !l.startsWith('  Ignore') && !l.startsWith('  Alt.'))
    .map((l) => l.replace(/\s+/g, ' ').trim());
}
