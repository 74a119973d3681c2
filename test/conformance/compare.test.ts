import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OracleResult } from '../tools/oracle/oracle.js';
import { runChanlog, type ChanlogDialplanApi, type ChanlogOutcome } from './chanlog-side.js';
import { briefDiff, compare, lineDiff } from './compare.js';

const oracleResult = (over: Partial<OracleResult> = {}): OracleResult => ({
  show: "[ Context 'a' created by 'pbx_config' ]\n\n-= 0 extensions (0 priorities) in 1 context. =-\n",
  warnings: [
    { level: 'WARNING', thread: 1, source: 'config.c:2330', func: 'process_text_line', message: "No '=' (equal sign) in line 2 of /etc/asterisk/extensions.conf" },
    { level: 'ERROR', thread: 1, source: 'pbx_functions.c:631', func: 'ast_func_read', message: 'Function LEN not registered' },
  ],
  log: [],
  aborted: false,
  shows: new Map(),
  elapsedMs: 1,
  ...over,
});
const lines = (r: OracleResult) => r.warnings.map((w) => `${w.level}: ${w.source} ${w.func}: ${w.message}`);
const chanlog = (over: Partial<ChanlogOutcome> = {}): ChanlogOutcome => ({ show: oracleResult().show, warnings: lines(oracleResult()), aborted: false, shows: new Map(), ...over });

describe('comparing chanlog with the oracle', () => {
  it('finds identical output identical', () => {
    expect(compare(oracleResult(), chanlog()).identical).toBe(true);
  });
  it('tells a wrong order from wrong lines', () => {
    const swapped = compare(oracleResult(), chanlog({ warnings: [...lines(oracleResult())].reverse() }));
    expect([swapped.warningsSequenceEqual, swapped.warningsMultisetEqual, swapped.identical]).toEqual([false, true, false]);
    const wrong = compare(oracleResult(), chanlog({ warnings: ['WARNING: x.c:1 f: other'] }));
    expect(wrong.warningsMultisetEqual).toBe(false);
  });
  it('requires the same bytes of dialplan show, the same abort verdict, and no exception', () => {
    expect(compare(oracleResult(), chanlog({ show: oracleResult().show.replace('1 context', '1 contexts') })).showEqual).toBe(false);
    expect(compare(oracleResult(), chanlog({ aborted: true })).identical).toBe(false);
    expect(compare(oracleResult(), chanlog({ error: 'boom' })).identical).toBe(false);
  });
  it("accepts a full line where Asterisk's log cut it", () => {
    const cut = oracleResult({ warnings: [{ level: 'WARNING', thread: 1, source: 'a.c:1', func: 'f', message: 'No closing parenthesis found? ' + 'y'.repeat(50), truncated: true }] });
    expect(compare(cut, chanlog({ warnings: [`WARNING: a.c:1 f: No closing parenthesis found? ${'y'.repeat(80)}' at line 2 of extensions.conf`] })).warningsSequenceEqual).toBe(true);
  });
  it('compares each dialplan show CONTEXT', () => {
    const withShows = oracleResult({ shows: new Map([['a', 'x\n']]) });
    expect(compare(withShows, chanlog({ shows: new Map([['a', 'y\n']]) })).identical).toBe(false);
    expect(compare(withShows, chanlog({ shows: new Map([['a', 'x\n']]) })).identical).toBe(true);
  });
});

describe('line diffs', () => {
  it('marks lines only Asterisk has with -, only chanlog has with +', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nc\nd\n')).toBe(' a\n-b\n c\n+d\n');
  });
  it('keeps only the neighbourhood of differences in the brief form', () => {
    const many = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n') + '\n';
    expect(briefDiff(many, many.replace('l10', 'L10'), 1)).toBe('@@\n l9\n-l10\n+L10\n l11');
  });
});

describe("running chanlog's side", () => {
  it('loads from a temporary config directory holding the files, and reads paths under it as /etc/asterisk', () => {
    let seen: { main: string; configDir?: string; files: string[] } | undefined;
    const api: ChanlogDialplanApi = {
      loadDialplan(main, options) {
        seen = { main, configDir: options?.configDir, files: fs.readdirSync(options!.configDir!, { recursive: true }).map(String).sort() };
        return {
          aborted: false,
          diagnostics: [
            { severity: 'warning', code: 'x', message: 'm', file: main, line: 2, column: 1, asterisk: { level: 'WARNING', source: 'config.c:2330', func: 'process_text_line', text: `No '=' (equal sign) in line 2 of ${options!.configDir}/sub/b.conf` } },
            { severity: 'info', code: 'y', message: 'not from Asterisk', file: main, line: 1, column: 1 },
          ],
        };
      },
      renderDialplanShow: (_result, options) => (options?.context ? `only ${options.context}\n` : 'all\n'),
    };
    const outcome = runChanlog(api, new Map<string, string | Buffer>([['extensions.conf', '[a]\n'], ['sub/b.conf', Buffer.from('x\n')]]), ['a']);
    expect(seen!.main).toBe(`${seen!.configDir}/extensions.conf`);
    expect(seen!.files).toEqual(['extensions.conf', 'sub', 'sub/b.conf']);
    expect(outcome.warnings).toEqual(["WARNING: config.c:2330 process_text_line: No '=' (equal sign) in line 2 of /etc/asterisk/sub/b.conf"]);
    expect(outcome.show).toBe('all\n');
    expect(outcome.shows.get('a')).toBe('only a\n');
  });
  it('reports an exception instead of letting it escape', () => {
    const api: ChanlogDialplanApi = {
      loadDialplan: () => {
        throw new Error('parser bug');
      },
      renderDialplanShow: () => '',
    };
    expect(runChanlog(api, new Map([['extensions.conf', '']])).error).toMatch(/parser bug/);
  });
});
