import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../src/dialplan/log/catalogue.js';

/** `chanlog lint` as a user runs it (the built CLI; `npm test` builds first). */
const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

function chanlog(args: string[], cwd = root) {
  const run = spawnSync(process.execPath, [path.join(root, 'bin/chanlog.js'), ...args], { cwd, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A scratch directory with `files`; returns its path. */
function scratch(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-lint-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const MIXED = '[a]\nexten => 1,1,Dail(x)\nexten => 2,1,Goto(nowhere,s,1)\nexten => 3,1,Macro(dial)\n';

describe('chanlog lint (CLI)', { timeout: 60_000 }, () => {
  it('--list prints every catalogued code; --explain one, with its example', () => {
    const list = chanlog(['lint', '--list']);
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(CATALOGUE.map((entry) => entry.code));
    const explain = chanlog(['lint', '--explain', 'w_unknown_app']);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain('W_UNKNOWN_APP (warning, from chanlog check)');
    expect(explain.stdout).toContain('    exten => s,1,Dail(PJSIP/100)');
    expect(chanlog(['lint', '--explain', 'W_NOPE']).status).toBe(2);
  });

  it('exit codes: 0 clean or warnings only, 1 errors or too many warnings, 2 bad usage', () => {
    const dir = scratch({ 'clean.conf': '[a]\nexten => 1,1,NoOp()\n', 'warn.conf': '[a]\nexten => 1,1,Dail(x)\n', 'mixed.conf': MIXED });
    expect(chanlog(['lint', 'clean.conf'], dir).status).toBe(0);
    expect(chanlog(['lint', 'warn.conf'], dir).status).toBe(0);
    expect(chanlog(['lint', 'warn.conf', '--max-warnings', '1'], dir).status).toBe(0);
    const tooMany = chanlog(['lint', 'warn.conf', '--max-warnings', '0'], dir);
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toContain('0 errors, 1 warning; more than --max-warnings 0');
    expect(chanlog(['lint', 'mixed.conf'], dir).status).toBe(1);
    expect(chanlog(['lint', 'mixed.conf', '--disable', 'E_GOTO_TARGET,E_REMOVED_APP'], dir).status).toBe(0);
    for (const bad of [['--format', 'xml'], ['--disable', 'W_NOPE'], ['--asterisk', '13'], ['--max-warnings', 'many']]) {
      expect(chanlog(['lint', 'warn.conf', ...bad], dir).status, bad.join(' ')).toBe(2);
    }
    expect(chanlog(['lint', 'missing.conf'], dir).status).toBe(2);
  });

  it('--asterisk 18: Macro is no error and no unknown application', () => {
    const dir = scratch({ 'x.conf': MIXED });
    const out = chanlog(['lint', '--json', '--asterisk', '18', 'x.conf'], dir);
    expect((JSON.parse(out.stdout) as { code: string }[]).map((d) => d.code)).toEqual(['W_UNKNOWN_APP', 'E_GOTO_TARGET', 'W_NOT_BUILT_BY_DEFAULT']);
  });

  it('finds .chanlog-lint.conf walking up from the file, and --no-lint-config skips it', () => {
    const dir = scratch({
      '.chanlog-lint.conf': '; shared by the repository and its CI\n[lint]\nasterisk = 18\ndisable = W_UNKNOWN_APP, W_NOT_BUILT_BY_DEFAULT\nexternal-context = nowhere\n',
      'pbx/dialplan/x.conf': MIXED,
    });
    const withConfig = chanlog(['lint', '--json', 'pbx/dialplan/x.conf'], dir);
    expect(withConfig.stdout.trim()).toBe('[]');
    expect(withConfig.status).toBe(0);
    const without = chanlog(['lint', '--json', '--no-lint-config', 'pbx/dialplan/x.conf'], dir);
    expect((JSON.parse(without.stdout) as { code: string }[]).map((d) => d.code)).toEqual(['W_UNKNOWN_APP', 'E_GOTO_TARGET', 'E_REMOVED_APP']);
  });

  it('a lint config with anything but lint settings is refused without echoing a value', () => {
    const dir = scratch({ '.chanlog-lint.conf': '[lint]\nsecret = hunter2\n', 'x.conf': MIXED });
    const out = chanlog(['lint', 'x.conf'], dir);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('.chanlog-lint.conf:2: unknown setting');
    expect(out.stderr + out.stdout).not.toContain('hunter2');
  });

  it('--format sarif is valid SARIF 2.1.0 (checked against its schema)', () => {
    const dir = scratch({ 'x.conf': MIXED });
    const out = chanlog(['lint', '--format', 'sarif', 'x.conf'], dir);
    expect(out.status).toBe(1);
    const log = JSON.parse(out.stdout) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const Ajv = require('ajv') as new (options: object) => { addMetaSchema(s: object): void; validate(s: object, d: unknown): boolean; errorsText(): string };
    const ajv = new Ajv({ schemaId: 'id', allErrors: true });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    expect(ajv.validate(schema, log), ajv.errorsText()).toBe(true);
    const results = log.runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ['W_UNKNOWN_APP', 'warning', 'x.conf', 2],
      ['E_GOTO_TARGET', 'error', 'x.conf', 3],
      ['E_REMOVED_APP', 'error', 'x.conf', 4],
    ]);
    // The schema does bite: a result without its message is refused.
    delete (results[0] as Partial<(typeof results)[0]> & { message?: unknown }).message;
    expect(ajv.validate(schema, log)).toBe(false);
  });

  it('--format github writes one escaped workflow command per diagnostic', () => {
    const dir = scratch({ 'x,y.conf': '[a]\nexten => 1,1,Dail(x)\nexten => 2,1,Goto(nowhere,s,1)\n' });
    const out = chanlog(['lint', '--format', 'github', 'x,y.conf'], dir);
    expect(out.stdout.split('\n')).toEqual([
      "::warning file=x%2Cy.conf,line=2,col=14,title=W_UNKNOWN_APP::unknown application 'Dail'",
      "::error file=x%2Cy.conf,line=3,col=19,title=E_GOTO_TARGET::Goto(nowhere,s,1): no context 'nowhere'",
      '',
    ]);
  });

  it('text output: each diagnostic with its line and caret, in order, on a file with many', () => {
    const lines = ['[a]'];
    for (let i = 1; i <= 3000; i++) lines.push(`exten => ${i},1,Dail(${i})`);
    const dir = scratch({ 'many.conf': lines.join('\n') + '\n' });
    const out = chanlog(['lint', 'many.conf'], dir);
    const blocks = out.stdout.trimEnd().split('\n');
    expect(blocks.length).toBe(3 * 3000);
    for (const i of [1, 1500, 3000]) {
      const at = (i - 1) * 3;
      expect(blocks[at]).toBe(`many.conf:${i + 1}:${13 + String(i).length}: warning W_UNKNOWN_APP unknown application 'Dail'`);
      expect(blocks[at + 1]).toBe(` ${i + 1} | exten => ${i},1,Dail(${i})`);
      expect(blocks[at + 2]).toBe(` ${' '.repeat(String(i + 1).length)} | ${' '.repeat(12 + String(i).length)}^`);
    }
    expect(out.stderr).toBe('0 errors, 3000 warnings\n');
  });
  it('text output shows terminal controls from the dialplan escaped, the caret still under its column', () => {
    const dir = scratch({ 'esc.conf': '[a]\nexten => 1,1,NoOp(\x1b]0;owned\x07)\nexten => 2,1,Goto(\x1b[2J,s,1)\n' });
    const out = chanlog(['lint', 'esc.conf'], dir);
    expect(out.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    const lines = out.stdout.split('\n');
    const quoted = lines.findIndex((l) => l.startsWith(' 3 | '));
    expect(lines[quoted]).toBe(' 3 | exten => 2,1,Goto(\\e[2J,s,1)');
    expect(lines[quoted - 1]).toMatch(/^esc\.conf:3:\d+: error E_GOTO_TARGET .*\\e\[2J/);
    const column = Number(/^esc\.conf:3:(\d+):/.exec(lines[quoted - 1]!)![1]);
    const raw = 'exten => 2,1,Goto(\x1b[2J,s,1)';
    // The caret points at the same character of the line, shown escaped (ESC as the `\` of `\e`).
    const caret = lines[quoted + 1]!.indexOf('^');
    const expected = raw[column - 1] === '\x1b' ? '\\' : raw[column - 1];
    expect(lines[quoted]![caret]).toBe(expected);
  });
});
