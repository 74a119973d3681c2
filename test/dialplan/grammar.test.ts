import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Build the grammars with Chevrotain's full validations on (they are skipped in normal runs).
process.env.CHANLOG_GRAMMAR_CHECKS = '1';
const { grammarArtifacts } = await import('../tools/grammar/artifacts.js');

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

describe('category headers', () => {
  it('read directly in their two plain shapes exactly as the header grammar reads them', async () => {
    const fc = (await import('fast-check')).default;
    const { parsePlainHeader, parseHeaderWithGrammar } = await import('../../src/dialplan/config/grammar/header.js');
    const piece = fc.constantFrom('[', ']', '(', ')', ',', '!', '+', ' ', 'a', 'b-2', '\t');
    const header = fc.array(piece, { maxLength: 12 }).map((parts) => `[${parts.join('')}`);
    let direct = 0;
    fc.assert(
      fc.property(header, (text) => {
        const plain = parsePlainHeader(text);
        if (plain === undefined) return;
        direct++;
        expect(plain).toEqual(parseHeaderWithGrammar(text));
      }),
      // A fixed seed: the same inputs every run, so the count below is stable.
      { numRuns: 2000, seed: 20261124 },
    );
    for (const text of ['[a]', '[]', '[a](!)', '[a](b,c)', '[a]()', '[a](,)', '[a b](+)']) expect(parsePlainHeader(text), text).toEqual(parseHeaderWithGrammar(text));
    expect(direct).toBeGreaterThan(50);
    // Everything else is the grammar's: text after the brackets, no `]`, no `)`.
    for (const text of ['[a] (!)', '[a](!) x', '[a', '[a](b']) expect(parsePlainHeader(text), text).toBeUndefined();
  });
});
