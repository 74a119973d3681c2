import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsteriskOracle, type OracleResult } from '../tools/oracle/oracle.js';
import { formatLogLine } from '../tools/oracle/oracle-log.js';
import { fixtureCases, FIXTURES_DIR } from '../conformance/corpus.js';
import { generateCase } from '../conformance/generate.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

/**
 * The oracle's self-check: loaded one after another into one running
 * Asterisk, the research experiments must give what a fresh start of
 * Asterisk 22.10.1 gave when notes/dialplan-spec.md was written. These
 * recordings (test/fixtures/dialplan/experiments/recorded) are the only
 * stored Asterisk outputs the tests use, and only here: they pin the oracle
 * to the reference behaviour, so a drifted chroot (another Asterisk
 * version) or a harness that leaks state from one load into the next fails
 * loudly instead of silently redefining "correct".
 */
const RECORDED = path.join(FIXTURES_DIR, 'experiments', 'recorded');

/** Recorded warnings, without the start-up-only loader lines and the logger's own notes. */
function recordedWarnings(name: string): string[] | undefined {
  const file = path.join(RECORDED, `${name}.asterisk-warnings.txt`);
  if (!fs.existsSync(file)) return undefined;
  return fs
    .readFileSync(file, 'latin1')
    .split('\n')
    .filter((line) => line && !line.includes(' loader.c:') && !line.includes(': logger: '));
}

/** A fresh start that refused the file says so through the module loader; reload recordings of abort-* were made on top of a good dialplan. */
function recordedAborted(name: string): boolean {
  const file = path.join(RECORDED, `${name}.asterisk-warnings.txt`);
  return (fs.existsSync(file) && fs.readFileSync(file, 'latin1').includes('pbx_config declined to load')) || (name.startsWith('abort-') && name !== 'abort-base');
}

const cases = fixtureCases(['experiments']).map((c) => ({ ...c, base: c.name.slice('experiments/'.length) }));
const checked = cases.filter((c) => fs.existsSync(path.join(RECORDED, `${c.base}.asterisk-show.txt`)) || recordedWarnings(c.base));

describe.skipIf(!sandbox)('the Asterisk oracle reproduces the recorded fresh starts', () => {
  const oracle = new AsteriskOracle({ root: sandbox?.root ?? '' });
  const timings: number[] = [];

  beforeAll(() => oracle.start(), 120_000);
  afterAll(async () => {
    await oracle.stop();
    if (timings.length) {
      const mean = timings.reduce((a, b) => a + b, 0) / timings.length;
      process.stdout.write(`oracle: ${timings.length} loads, mean ${mean.toFixed(0)} ms, max ${Math.max(...timings)} ms\n`);
    }
  });

  it('has recordings to check against', () => {
    expect(checked.length).toBeGreaterThan(50);
  });

  it.each(checked.map((c) => [c.base, c] as const))('%s', async (base, c) => {
    const result = await oracle.load({ files: c.files });
    timings.push(result.elapsedMs);
    const showFile = path.join(RECORDED, `${base}.asterisk-show.txt`);
    if (fs.existsSync(showFile)) expect(result.show).toBe(fs.readFileSync(showFile, 'latin1'));
    const expected = recordedWarnings(base);
    const got = result.warnings.map(formatLogLine);
    if (expected) expect(got).toEqual(expected);
    expect(result.aborted).toBe(recordedAborted(base));
    if (result.aborted) expect(result.show).toBe(oracle.emptyShow);
  });

  it("labinc2: keeps every line the recording's logger dropped (queue limit raised)", async () => {
    const c = cases.find((x) => x.base === 'labinc2')!;
    const result = await oracle.load({ files: c.files });
    expect(result.show).toBe(fs.readFileSync(path.join(RECORDED, 'labinc2.asterisk-show.txt'), 'latin1'));
    expect(result.warnings.length).toBeGreaterThan(1516); // the recording lost 29 lines to the logger's queue limit
  });
});

describe.skipIf(!sandbox)('the Asterisk oracle isolates loads', () => {
  const oracle = new AsteriskOracle({ root: sandbox?.root ?? '' });
  beforeAll(() => oracle.start(), 120_000);
  afterAll(() => oracle.stop());

  const one = (text: string, more: Record<string, string> = {}) => ({ files: new Map([['extensions.conf', text], ...Object.entries(more)]) });
  const contexts = (r: OracleResult) => [...r.show.matchAll(/^\[ Context '([^']*)'/gm)].map((m) => m[1]);

  it('forgets the globals of the previous file, even when that file said clearglobalvars=no', async () => {
    await oracle.load(one('[general]\nclearglobalvars=no\n[globals]\nX=5\n[a]\nexten => ${X}1,1,NoOp()\n'));
    const result = await oracle.load(one('[b]\nexten => ${X}2,1,NoOp()\n'));
    expect(result.show).toContain("'2' =>");
  });

  it('shows no ghost of a context the previous file opened twice', async () => {
    const first = await oracle.load(one('[dup]\nexten => 1,1,NoOp()\n[dup]\nexten => 2,1,NoOp()\n[keep]\nexten => 1,1,NoOp()\n'));
    expect(contexts(first)).toEqual(['keep', 'dup']);
    const second = await oracle.load(one('[keep]\nexten => 1,1,NoOp(v2)\n'));
    expect(contexts(second)).toEqual(['keep']);
  });

  it('tells a refused top-level file from a truncated included one', async () => {
    const refused = await oracle.load(one('[a]\nexten => 1,1,NoOp()\n#include missing.conf\n'));
    expect(refused.aborted).toBe(true);
    expect(refused.show).toBe(oracle.emptyShow);
    expect(refused.warnings.map((w) => w.message)).toEqual(["The file 'missing.conf' was listed as a #include but it does not exist."]);
    const truncated = await oracle.load(one('[a]\nexten => 1,1,NoOp()\n#include sub.conf\n', { 'sub.conf': '#include missing.conf\n' }));
    expect(truncated.aborted).toBe(false);
    expect(truncated.warnings.map((w) => w.source)).toEqual(['config.c:2234']);
    expect(contexts(truncated)).toEqual(['a']);
  });

  it('loads only pbx_config, so functions are never available while loading', async () => {
    const result = await oracle.load(one('[f]\nexten => ${LEN(abc)}x,1,NoOp()\n'));
    expect(result.warnings.map(formatLogLine)).toEqual(['ERROR: pbx_functions.c:631 ast_func_read: Function LEN not registered']);
    expect(result.show).toContain("'x' =>");
  });

  it('shows Asterisk the files as /etc/asterisk, absolute includes included', async () => {
    const result = await oracle.load(one('[a]\n#include /etc/asterisk/sub/x.conf\nnonsense\n', { 'sub/x.conf': 'also nonsense\n' }));
    expect(result.warnings.map((w) => w.message)).toEqual([
      "No '=' (equal sign) in line 1 of /etc/asterisk/sub/x.conf",
      "No '=' (equal sign) in line 3 of /etc/asterisk/extensions.conf",
    ]);
  });

  it('removes the files of the previous load', async () => {
    await oracle.load(one('[a]\n#include extra.conf\n', { 'extra.conf': 'exten => 1,1,NoOp()\n' }));
    const result = await oracle.load(one('[a]\n#tryinclude extra.conf\n'));
    expect(result.show).toBe("[ Context 'a' created by 'pbx_config' ]\n\n-= 0 extensions (0 priorities) in 1 context. =-\n");
  });

  it('keeps every byte: non-UTF-8 names and CRLF', async () => {
    const result = await oracle.load(one('[caf\xe9]\r\nexten => \xe9,1,NoOp(\xff)\r\n'));
    expect(result.show).toContain("[ Context 'caf\xe9' created by 'pbx_config' ]\n  '\xe9' =>");
    expect(result.show).toContain('1. NoOp(\xff)');
  });

  it('survives a dialplan whose replacement crashes Asterisk 22.10.1, and reports it', async () => {
    // A failed label lookup builds the context's pattern tree; then a hint and a
    // priority on a name with a dash. Loading is fine; replacing it segfaulted.
    const crashing = one('[c]\nexten => 103,1,NoOp()\nsame => x,NoOp()\nexten => 4-4,hint,PJSIP/1\nexten => 4-4,1,NoOp()\n');
    const result = await oracle.load(crashing);
    expect(result.show).toContain("  '4-4' =>          hint: PJSIP/1");
    expect(result.warnings.map((w) => w.source)).toEqual(['pbx_config.c:1834', 'pbx.c:1769']);
    if (result.crashedOnReplace) process.stdout.write('oracle: Asterisk still crashes when replacing the 4-4 hint dialplan\n');
    const next = await oracle.load(one('[after]\nexten => 1,1,NoOp()\n'));
    expect(contexts(next)).toEqual(['after']);
  });

  it('runs dialplan show ARG while the file is loaded', async () => {
    const result = await oracle.load(one('[a b]\nexten => 1,1,NoOp()\n[c]\nexten => 2,1,NoOp()\n'), { show: ['a b', '2@c', 'nothere'] });
    expect(result.shows.get('a b')).toMatch(/^\[ Context 'a b' created by 'pbx_config' \]\n/);
    expect(result.shows.get('2@c')).toContain("'2' =>");
    // asterisk -rx adds its own line for a command that failed.
    expect(result.shows.get('nothere')).toBe("There is no existence of 'nothere' context\nCommand 'dialplan show nothere' failed.\n");
  });
});

/**
 * The premise of the oracle: a reload from its reset state answers what a
 * fresh start of Asterisk with that file answers (the judge's and the
 * recordings' situation). Checked here on a few varied files, each against
 * a real start-up of a second instance.
 */
describe.skipIf(!sandbox)('the Asterisk oracle answers what a fresh start answers', () => {
  const oracle = new AsteriskOracle({ root: sandbox?.root ?? '' });
  beforeAll(() => oracle.start(), 120_000);
  afterAll(() => oracle.stop());

  const byName = new Map(fixtureCases(['constructs', 'realworld']).map((c) => [c.name, c.files as ReadonlyMap<string, Buffer | string>]));
  const inputs: Array<[string, ReadonlyMap<string, Buffer | string>]> = [
    ...['constructs/include-forms', 'constructs/bytes-nonascii', 'constructs/categories-abort-header', 'realworld/freepbx-style'].map((n) => [n, byName.get(n)!] as [string, ReadonlyMap<string, Buffer | string>]),
    ...[11, 23].map((seed) => [`random/${seed}`, generateCase(seed).files] as [string, ReadonlyMap<string, Buffer | string>]),
  ];

  it.each(inputs)('%s', async (_name, files) => {
    const reloaded = await oracle.load({ files });
    const fresh = await AsteriskOracle.freshStart({ files }, { root: sandbox!.root });
    expect(reloaded.show).toBe(fresh.show);
    expect(reloaded.warnings.map(formatLogLine)).toEqual(fresh.warnings.map(formatLogLine));
    expect(reloaded.aborted).toBe(fresh.aborted);
  });
});

describe.skipIf(!sandbox)('the Asterisk oracle without the /etc/asterisk mount', () => {
  it('rewrites its own config directory to /etc/asterisk in messages, so both modes agree', async () => {
    const files = fixtureCases(['constructs']).find((c) => c.name === 'constructs/include-failures')!.files;
    const plain = new AsteriskOracle({ root: sandbox!.root, instance: `oracle-${process.pid}-plain`, stockConfigDir: false });
    const mounted = new AsteriskOracle({ root: sandbox!.root, instance: `oracle-${process.pid}-mounted` });
    try {
      await Promise.all([plain.start(), mounted.start()]);
      const [a, b] = await Promise.all([plain.load({ files }), mounted.load({ files })]);
      expect(a.warnings.map(formatLogLine)).toEqual(b.warnings.map(formatLogLine));
      expect(a.warnings.some((w) => w.message.includes(' of /etc/asterisk/f-noclose.conf'))).toBe(true);
      expect(a.show).toBe(b.show);
    } finally {
      await Promise.all([plain.stop(), mounted.stop()]);
    }
  }, 120_000);
});
