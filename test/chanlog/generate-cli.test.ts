import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-generate-'));

describe('chanlog generate: bad input', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['--context', 'has space', /context name "has space" may hold only/],
    ['--context', '[x', /context name/],
    ['--context', 'x]', /context name/],
    ['--context', 'a,b', /context name/],
    ['--context', 'a/b', /context name/],
    ['--context', '', /context name must not be empty/],
    ['--context', 'c'.repeat(80), /at most 79 characters/],
    ['--context', 'globals', /reserved/],
    ['--family', 'Chan Log', /AstDB family "Chan Log" may hold only/],
    ['--family', 'Chan/Log', /AstDB family/],
    ['--family', '', /AstDB family must not be empty/],
    ['--family', 'f'.repeat(80), /at most 79/],
    ['--verbose-level', '5', /verbose level must be a whole number from 0 to 4/],
    ['--verbose-level', '-1', /verbose level/],
    ['--verbose-level', '1.5', /verbose level/],
    ['--verbose-level', 'x', /verbose level/],
  ];
  const featureCases: Array<[string, string, RegExp]> = [
    ['--prefix', '58a', /prefix must be 1 to 10 of the keys 0-9, \* and #/],
    ['--prefix', '', /prefix/],
    ['--technologies', 'PJSIP,', /technologies must be channel technology names/],
    ['--technologies', 'PJ SIP', /technologies/],
    ['--technologies', 'PJSIP|Local', /technologies/],
    ['--family', 'a/b', /AstDB family/],
    ['--context', 'a b', /context name/],
  ];
  const all = [...cases.map((c) => [[], ...c] as const), ...featureCases.map((c) => [['feature-codes'], ...c] as const)];
  for (const [command, option, value, message] of all) {
    it(`generate ${[...command, option].join(' ')} ${JSON.stringify(value)}: a clear message, exit 2, nothing written`, async () => {
      const dir = tmp();
      const out = path.join(dir, 'chanlog.conf');
      fs.writeFileSync(out, 'before\n');
      const result = await runCli(['generate', ...command, option, value, '-o', out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
      expect(fs.readFileSync(out, 'utf8')).toBe('before\n');
      expect(fs.readdirSync(dir)).toEqual(['chanlog.conf']);
    });
  }
});

describe('chanlog generate: output', () => {
  it('-o writes the same text as stdout, replacing the file whole', async () => {
    const dir = tmp();
    const out = path.join(dir, 'routine.conf');
    fs.writeFileSync(out, 'old\n');
    const args = ['generate', '--context', 'dbg', '--family', 'Fam', '--verbose-level', '2'];
    const printed = await runCli(args);
    const written = await runCli([...args, '-o', out]);
    expect(written.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(printed.stdout);
    expect(fs.readdirSync(dir)).toEqual(['routine.conf']);
  });
  it('documents every option in --help', async () => {
    const help = (await runCli(['generate', '--help'])).stdout;
    for (const option of ['--context <name>', '--family <name>', '--verbose-level <n>', '--output <file>', 'feature-codes']) expect(help).toContain(option);
    const featureHelp = (await runCli(['generate', 'feature-codes', '--help'])).stdout;
    for (const option of ['--context <name>', '--family <name>', '--prefix <keys>', '--technologies <list>', '--output <file>']) expect(featureHelp).toContain(option);
  });
});
