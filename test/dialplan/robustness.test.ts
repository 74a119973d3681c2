import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDialplan, renderDialplanShow } from '../../src/dialplan/index.js';
import { lintDialplan } from '../../src/dialplan/lint/index.js';
import { formatDiagnostic, LineFinder } from '../../src/dialplan/lint/format.js';
import { runCli } from '../helpers/cli.js';

/** A small realistic dialplan to mangle. */
const SEED = [
  '[general]',
  'static=yes',
  '[globals]',
  'TRUNK=PJSIP/trunk',
  '[tmpl](!)',
  'exten => h,1,Hangup()',
  '[from-internal](tmpl)',
  'exten => _1XX,1,NoOp(${CALLERID(num)} calls ${EXTEN})',
  ' same => n(dial),Dial(PJSIP/${EXTEN},20,tT)',
  ' same => n,GotoIf($["${DIALSTATUS}" = "BUSY"]?busy)',
  ' same => n,Hangup()',
  ' same => n(busy),Busy(5) ; comment',
  'exten => 100/200,hint,PJSIP/100',
  ';-- block',
  'comment --;',
  'include => other,09:00-17:00,mon-fri,*,*',
  '#include "more.conf"',
  '[other]',
  'exten => s,1,Goto(from-internal,100,dial)',
].join('\n');

/** Edits that tend to hit the reader's edge cases. */
const FRAGMENTS = ['\0', '\xff', '\xc3', '\r', '\n', ';', ';--', '--;', '\\', '[', ']', '(', ')', ',', '=', '=>', '+=', '#include ', '#tryinclude *', '#exec x', '${', '$[', '}', '_', '.', '!', 'n', 'hint', 'same =>', 'exten =>', '\t', ' ', '"'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), times: fc.integer({ min: 2, max: 400 }) }),
);

function mangle(text: string, edits: Array<typeof mutation extends fc.Arbitrary<infer T> ? T : never>): string {
  let out = text;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    if (edit.kind === 'insert') out = out.slice(0, at) + edit.text + out.slice(at);
    else if (edit.kind === 'delete') out = out.slice(0, at) + out.slice(at + edit.length);
    else if (edit.kind === 'bytes') out = out.slice(0, at) + Buffer.from(edit.bytes).toString('latin1') + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + 40).repeat(edit.times) + out.slice(at + 40);
  }
  return out;
}

function writeCase(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-fuzz-'));
  fs.writeFileSync(path.join(dir, 'extensions.conf'), Buffer.from(text, 'latin1'));
  fs.writeFileSync(path.join(dir, 'more.conf'), Buffer.from('[more]\nexten => 1,1,NoOp(more)\n', 'latin1'));
  return path.join(dir, 'extensions.conf');
}

describe('any bytes in: a result, never an exception', () => {
  it('loads, renders and lints 300 mangled dialplans without throwing', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 12 }), (edits) => {
        const file = writeCase(mangle(SEED, edits));
        const result = loadDialplan(file);
        expect(typeof renderDialplanShow(result)).toBe('string');
        for (const diagnostic of lintDialplan(result)) expect(typeof formatDiagnostic(diagnostic, new LineFinder(result.sources), (p) => p)).toBe('string');
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('survives raw random bytes, huge lines and a file that includes itself', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const result = loadDialplan(writeCase(Buffer.from(bytes).toString('latin1')));
        renderDialplanShow(result);
        lintDialplan(result);
      }),
      { numRuns: 200, seed: 7 },
    );
    const huge = loadDialplan(writeCase(`[c]\nexten => 1,1,NoOp(${'x'.repeat(100_000)})\n#include "extensions.conf"\n`));
    expect(huge.log.some((l) => l.code === 'W_LINE_TOO_LONG')).toBe(true);
  });

  it('the CLI answers mangled files with exit 0-2 and no stack trace', { timeout: 120_000 }, async () => {
    const cases = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 12 }), { numRuns: 12, seed: 42 });
    for (const edits of cases) {
      const file = writeCase(mangle(SEED, edits));
      for (const command of ['show', 'lint']) {
        const run = await runCli([command, file]);
        expect([0, 1, 2], `${command} ${file}: ${run.stderr}`).toContain(run.code);
        expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
      }
    }
  });
});
