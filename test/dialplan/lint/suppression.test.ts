import { describe, expect, it } from 'vitest';
import { lintDialplan } from '../../../src/dialplan/lint/index.js';
import { load } from '../helpers.js';

const codes = (text: string, options: Parameters<typeof lintDialplan>[1] = {}) => lintDialplan(load(text), options).map((d) => `${d.code}@${d.line}`);

describe('suppression', () => {
  const unknown = '[a]\nexten => 1,1,Dail(x)\nexten => 2,1,Dail(y)\nexten => 3,1,Dail(z)\n';

  it('reports without any suppression', () => {
    expect(codes(unknown)).toEqual(['W_UNKNOWN_APP@2', 'W_UNKNOWN_APP@3', 'W_UNKNOWN_APP@4']);
  });

  it('chanlog-disable-next-line silences the next line only, for the codes named', () => {
    const text = '[a]\n; chanlog-disable-next-line W_UNKNOWN_APP -- a module of ours\nexten => 1,1,Dail(x)\nexten => 2,1,Dail(y)\n';
    expect(codes(text)).toEqual(['W_UNKNOWN_APP@4']);
    const other = '[a]\n; chanlog-disable-next-line W_APP_BALANCE\nexten => 1,1,Dail(x)\n';
    expect(codes(other)).toEqual(['W_UNUSED_SUPPRESSION@2', 'W_UNKNOWN_APP@3']);
  });

  it('chanlog-disable / chanlog-enable silence a range; without codes, every code', () => {
    const text = '[a]\n;chanlog-disable W_UNKNOWN_APP,W_APP_BALANCE\nexten => 1,1,Dail(x)\nexten => 2,1,Dail(y)\n; chanlog-enable W_UNKNOWN_APP\nexten => 3,1,Dail(z)\n';
    // W_APP_BALANCE stays disabled to the end but silences nothing: still, the directive was used.
    expect(codes(text)).toEqual(['W_UNKNOWN_APP@6']);
    expect(codes('[a]\n; chanlog-disable\nexten => 1,1,Dail(x)\nexten => 2,1,Set(X=${Y)\n')).toEqual([]);
  });

  it('enabling one code by name inside a code-less chanlog-disable turns that code back on, as ESLint does', () => {
    const text = '[a]\n; chanlog-disable\nexten => 1,1,Dail(x)\n; chanlog-enable W_UNKNOWN_APP\nexten => 2,1,Dail(y)\nexten => 3,1,Set(X=${Y)\n';
    expect(codes(text)).toEqual(['W_UNKNOWN_APP@5']);
  });

  it("a suppression that suppresses nothing is reported, naming codes that do not exist", () => {
    const result = lintDialplan(load('[a]\n; chanlog-disable-next-line W_NOT_A_CODE\nexten => 1,1,NoOp()\n'));
    expect(result.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['W_UNUSED_SUPPRESSION', 2, 1, "'chanlog-disable-next-line W_NOT_A_CODE' suppresses nothing (no such code: W_NOT_A_CODE)"],
    ]);
  });

  it('an escaped \\; is not a comment, so not a directive', () => {
    expect(codes('[a]\nexten => 1,1,NoOp(\\; chanlog-disable-next-line W_UNKNOWN_APP)\nexten => 2,1,Dail(x)\n')).toEqual(['W_UNKNOWN_APP@3']);
  });

  it('disabled codes (--disable, the lint config) are not reported', () => {
    expect(codes(unknown, { disabled: ['W_UNKNOWN_APP'] })).toEqual([]);
    expect(codes('[a]\n; chanlog-disable-next-line W_APP_BALANCE\nexten => 1,1,NoOp()\n', { disabled: ['W_UNUSED_SUPPRESSION'] })).toEqual([]);
  });
});
