import { describe, expect, it } from 'vitest';
import { lintDialplan } from '../../../src/dialplan/lint/index.js';
import { findImbalance } from '../../../src/dialplan/lint/checks/balance.js';
import { load } from '../helpers.js';

const codes = (text: string) => lintDialplan(load(text)).map((d) => `${d.code}@${d.line}`);

describe('chanlog lint checks', () => {
  it('E_GOTO_TARGET: a missing context, extension or label', () => {
    const text = [
      '[a]',
      'exten => 1,1,Goto(b,100,1)',
      'exten => 2,1,Goto(nowhere,s,1)',
      'exten => 3,1,GotoIf($[1=1]?a,3,ok:missinglabel)',
      ' same => n(ok),Gosub(b,200,1(x,y))',
      'exten => 4,1,Goto(${DEST},1)',
      '[b]',
      'exten => _1XX,1,Return()',
    ].join('\n');
    expect(codes(text)).toEqual(['E_GOTO_TARGET@3', 'E_GOTO_TARGET@4', 'E_GOTO_TARGET@5']);
  });

  it('follows includes when resolving a target', () => {
    expect(codes('[a]\nexten => s,1,Goto(b,500,1)\n[b]\ninclude => c\n[c]\nexten => 500,1,NoOp\n')).toEqual([]);
  });

  it('W_APP_BALANCE: unbalanced data', () => {
    expect(findImbalance('${CUT(x,-,1)}')).toBeUndefined();
    expect(findImbalance('${CUT(x,-,1}')).toMatch(/closes nothing|never closed/);
    expect(findImbalance('$[${a} > 1')).toMatch(/never closed/);
    expect(findImbalance('"abc')).toMatch(/double quote/);
    expect(codes('[a]\nexten => 1,1,Set(x=${LEN(y)\n')).toContain('W_APP_BALANCE@2');
  });

  it('W_UNKNOWN_APP, E_REMOVED_APP and W_UNKNOWN_FUNCTION', () => {
    expect(codes('[a]\nexten => 1,1,Macro(old)\nexten => 2,1,NoOp(${CallerID(num)})\nexten => 3,1,noop(${CALLERID(num)})\nexten => 4,1,Dail(x)\n')).toEqual([
      'E_REMOVED_APP@2',
      'W_UNKNOWN_FUNCTION@3',
      'W_UNKNOWN_APP@5',
    ]);
  });

  it('W_UNREACHABLE_PRIORITY: after a gap or an unconditional end, unless labelled', () => {
    expect(codes('[a]\nexten => 1,1,NoOp\nexten => 1,3,NoOp(gap)\nexten => 2,1,Hangup()\nexten => 2,2,NoOp(after hangup)\nexten => 3,1,Hangup()\nexten => 3,2(l),NoOp(labelled)\n')).toEqual([
      'W_UNREACHABLE_PRIORITY@3',
      'W_UNREACHABLE_PRIORITY@5',
    ]);
  });

  it("keeps Asterisk's own warnings, at their lines", () => {
    // pbx_config takes the rest of the line as data, so the data itself is balanced.
    expect(codes('[a]\nexten => 1,1,NoOp(x\n')).toEqual(['W_APP_NO_CLOSING_PAREN@2']);
    expect(codes('[a]\nexten => 1,1,NoOp(x)\nexten => 1,1,NoOp(y)\n')).toEqual(['W_PRIORITY_DUPLICATE@3', 'W_REGISTER_FAILED@3']);
  });
});
