import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Build the grammars with Chevrotain's full validations on (they are skipped in normal runs).
process.env.CHANLOG_GRAMMAR_CHECKS = '1';
const { grammarArtifacts } = await import('../../src/dialplan/grammar-artifacts.js');

describe('grammar/ artifacts', () => {
  it('are what the parsers generate now (run `npm run grammar` after changing a grammar)', () => {
    const generated = grammarArtifacts();
    expect([...generated.keys()].sort()).toEqual(fs.readdirSync(path.resolve('grammar')).sort());
    for (const [name, text] of generated) expect(fs.readFileSync(path.resolve('grammar', name), 'utf8'), `grammar/${name} is stale`).toBe(text);
  });

  it('describe the file structure in EBNF', () => {
    const ebnf = grammarArtifacts().get('grammar.ebnf')!;
    expect(ebnf).toContain('configFile = { statement } { section } ;');
    expect(ebnf).toContain('section = CategoryLine { statement } ;');
  });
});
