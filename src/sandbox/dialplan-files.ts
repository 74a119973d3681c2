import fs from 'node:fs';
import path from 'node:path';
import { expandGlob } from '../util/glob.js';

const INCLUDE_LINE = /^\s*#\s*(?:try)?include\s*[<"]?([^<>"]+?)[>"]?\s*(?:;.*)?$/;

/**
 * The files a dialplan file pulls in through `#include` / `#tryinclude`,
 * recursively, resolved like Asterisk does (relative to the config
 * directory `configDir`, globs expanded). Only existing files are returned;
 * the loader in src/dialplan reports missing ones.
 */
export function collectIncludedFiles(file: string, configDir: string, seen = new Set<string>()): string[] {
  const result: string[] = [];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return result;
  }
  for (const line of text.split(/\r?\n/)) {
    const match = INCLUDE_LINE.exec(line);
    if (!match) continue;
    const target = match[1]!.trim();
    const pattern = path.isAbsolute(target) ? target : path.join(configDir, target);
    for (const found of expandGlob(pattern)) {
      if (seen.has(found) || !fs.existsSync(found) || !fs.statSync(found).isFile()) continue;
      seen.add(found);
      result.push(found, ...collectIncludedFiles(found, configDir, seen));
    }
  }
  return result;
}
