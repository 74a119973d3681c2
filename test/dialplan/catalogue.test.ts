import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, CHANLOG_CHECK } from '../../src/dialplan/log/catalogue.js';
import { lintDialplan } from '../../src/dialplan/lint/index.js';
import { load } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const CODE = /'([EW]_[A-Z0-9_]+)'/g;

/** Every code written as a string literal in src/, with the files it is in (the catalogue itself left out). */
function codesUsedInSource(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !full.endsWith(path.join('log', 'catalogue.ts'))) {
        for (const match of fs.readFileSync(full, 'utf8').matchAll(CODE)) used.set(match[1]!, [...(used.get(match[1]!) ?? []), path.relative(root, full)]);
      }
    }
  };
  walk(path.join(root, 'src'));
  return used;
}

describe('the diagnostic catalogue', () => {
  it('lists each code once', () => {
    const seen = new Set<string>();
    const twice = CATALOGUE.map((entry) => entry.code).filter((code) => (seen.has(code) ? true : (seen.add(code), false)));
    expect(twice).toEqual([]);
  });

  it('holds every code the source reports, and no code the source never reports', () => {
    const used = codesUsedInSource();
    const catalogued = new Set<string>(CATALOGUE.map((entry) => entry.code));
    expect([...used.keys()].filter((code) => !catalogued.has(code))).toEqual([]);
    expect([...catalogued].filter((code) => !used.has(code))).toEqual([]);
  });

  it('gives each code a severity matching its prefix, a summary, a source and an example', () => {
    for (const entry of CATALOGUE) {
      expect(entry.severity, entry.code).toBe(entry.code.startsWith('E_') ? 'error' : 'warning');
      expect(entry.summary.length, entry.code).toBeGreaterThan(10);
      expect(entry.source, entry.code).toMatch(/^(main|pbx)\/[a-z_0-9]+\.(c|y|fl)$|^chanlog check$/);
      expect(entry.example.length, entry.code).toBeGreaterThan(0);
    }
  });

  // Examples that describe a situation rather than being a dialplan (they need several files, 8 KB lines, 513 includes...).
  const described = CATALOGUE.filter((entry) => entry.example.startsWith('('));
  const runnable = CATALOGUE.filter((entry) => !entry.example.startsWith('('));

  it('keeps examples that are not dialplans few', () => {
    expect(described.map((entry) => entry.code)).toEqual([
      'W_INCLUDED_TWICE',
      'W_LINE_TOO_LONG',
      'E_INCLUDE_DEPTH',
      'W_TOO_MANY_INCLUDES',
      'E_PATTERN_SET_TOO_LARGE',
      'W_LABEL_LOOKUP_LOOP',
      'W_NO_SUCH_SWITCH',
      'E_SUBSTITUTION_DEPTH',
      'W_EXPR_CONVERSION_RANGE',
      'W_NOT_LOADED',
    ]);
  });

  it.each(runnable.map((entry) => [entry.code, entry] as const))('%s: its example reports it, from the source it names', (code, entry) => {
    const result = load(entry.example);
    const found = lintDialplan(result).filter((d) => d.code === code);
    expect(found.length, `${code} example:\n${entry.example}`).toBeGreaterThan(0);
    for (const diagnostic of found) {
      if (entry.source === CHANLOG_CHECK) expect(diagnostic.asterisk).toBeUndefined();
      else expect(diagnostic.asterisk?.source.replace(/:\d+$/, ''), code).toBe(path.basename(entry.source));
    }
  });
});
