import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatJson, formatLine } from '../ami/line-format.js';
import { ChanlogError } from '../errors.js';
import type { LogEntry } from './log-entry.js';

/** `chanlog-20261206-141503.log`, in the current directory. */
export function defaultSaveName(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `chanlog-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}.log`;
}

/**
 * Writes entries to a file: JSON Lines (the objects of `chanlog tail
 * --json`, lines only) when the name ends in .jsonl or .json, else text
 * as `chanlog tail` prints it, notices (gaps) included. The file appears
 * whole or not at all (written beside, then renamed); an existing file is
 * never overwritten. Returns the path written and the count of lines.
 */
export function saveEntries(name: string, entries: Iterable<LogEntry>): { file: string; lines: number } {
  const json = /\.jsonl?$/i.test(name.trim());
  const out: string[] = [];
  let lines = 0;
  for (const entry of entries) {
    if (entry.kind === 'line') {
      out.push(json ? formatJson(entry.line) : formatLine(entry.line));
      lines++;
    } else if (!json) out.push(entry.text);
  }
  return { file: writeNewFile(name, out).file, lines };
}

/**
 * Writes text lines to a new file named as typed (`~/` allowed): whole or
 * not at all (written beside, then renamed), never over an existing file.
 */
export function writeNewFile(name: string, out: string[]): { file: string } {
  const trimmed = name.trim();
  if (trimmed === '') throw new ChanlogError('no file name given');
  const file = path.resolve(trimmed.replace(/^~(?=$|\/)/, os.homedir()));
  if (fs.existsSync(file)) throw new ChanlogError(`${file} exists; choose another name`);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, out.length > 0 ? `${out.join('\n')}\n` : '', { flag: 'wx', mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw new ChanlogError(`cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { file };
}
