import fs from 'node:fs';
import path from 'node:path';

/**
 * Expands a file pattern the way glob(3) with GLOB_BRACE | GLOB_NOMAGIC
 * does for Asterisk's `#include`: `*`, `?`, `[...]` within one path segment,
 * `{a,b}` alternatives; results sorted per directory level; a pattern with no
 * magic characters is returned as it is, even if the file does not exist.
 */
export function expandGlob(pattern: string): string[] {
  const alternatives = expandBraces(pattern);
  const results: string[] = [];
  for (const alternative of alternatives) {
    if (!hasMagic(alternative)) {
      results.push(alternative);
      continue;
    }
    results.push(...matchSegments(alternative));
  }
  return results;
}

export function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

function expandBraces(pattern: string): string[] {
  const open = findBrace(pattern);
  if (!open) return [pattern];
  const { start, end, options } = open;
  const head = pattern.slice(0, start);
  const tail = pattern.slice(end + 1);
  return options.flatMap((option) => expandBraces(head + option + tail));
}

function findBrace(pattern: string): { start: number; end: number; options: string[] } | undefined {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      i++;
      continue;
    }
    if (pattern[i] !== '{') continue;
    let depth = 0;
    const options: string[] = [];
    let last = i + 1;
    for (let j = i; j < pattern.length; j++) {
      const c = pattern[j];
      if (c === '\\') {
        j++;
      } else if (c === '{') {
        depth++;
      } else if (c === '}') {
        depth--;
        if (depth === 0) {
          options.push(pattern.slice(last, j));
          // glob(3) leaves `{}` and `{x}` without a comma as they are.
          if (options.length < 2) break;
          return { start: i, end: j, options };
        }
      } else if (c === ',' && depth === 1) {
        options.push(pattern.slice(last, j));
        last = j + 1;
      }
    }
  }
  return undefined;
}

function matchSegments(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let bases = [absolute ? '/' : '.'];
  const start = absolute ? 1 : 0;
  for (let i = start; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      if (!hasMagic(segment)) {
        const candidate = path.join(base, unescape(segment));
        if (last ? fs.existsSync(candidate) : isDirectory(candidate)) next.push(candidate);
        continue;
      }
      const regex = globToRegExp(segment);
      let names: string[];
      try {
        names = fs.readdirSync(base);
      } catch {
        continue;
      }
      for (const name of names.sort()) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (!regex.test(name)) continue;
        const candidate = path.join(base, name);
        if (last || isDirectory(candidate)) next.push(candidate);
      }
    }
    bases = next;
  }
  return absolute ? bases : bases.map((b) => (b.startsWith('./') ? b.slice(2) : b));
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function unescape(segment: string): string {
  return segment.replace(/\\(.)/g, '$1');
}

/**
 * A glob pattern (`*`, `?`, `[...]`, backslash escapes) as an anchored
 * regular expression over the whole text; `*` also crosses `/`, which suits
 * one path segment and names such as `PJSIP/100-0000002a` alike.
 */
export function globToRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\' && i + 1 < segment.length) {
      source += escapeRegex(segment[++i]!);
    } else if (c === '*') {
      source += '.*';
    } else if (c === '?') {
      source += '.';
    } else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
      i = close;
    } else {
      source += escapeRegex(c);
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
