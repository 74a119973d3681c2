import { describe, expect, it } from 'vitest';
import { lintDialplan, type RegisteredNames } from '../../../src/dialplan/index.js';
import { load } from '../helpers.js';

/** A server that has registered these names (and no others). */
const server = (applications: string[], functions: string[] = [], functionPrefixes: string[] = []): RegisteredNames => ({
  server: 'pbx1',
  applications,
  functions,
  functionPrefixes,
});

const DIALPLAN = [
  '[default]',
  'exten => s,1,Answer()',
  ' same => n,Queue(support)',
  ' same => n,Queue(sales)',
  ' same => n,OurOwnApp(x)',
  ' same => n,Set(A=${CUT(B,-,1)})',
  ' same => n,Set(C=${CURL(http://x)})',
  ' same => n,Macro(dial)',
  ' same => n,MeetMe(1)',
  ' same => n,Dail(100)',
  ' same => n,Hangup()',
  '',
].join('\n');

const codes = (registered: RegisteredNames | undefined, asterisk = '22') =>
  lintDialplan(load(DIALPLAN), { asterisk, ...(registered ? { registered } : {}) }).map((d) => `${d.code}@${d.line}`);

describe('lint with the names a server has registered (--ami)', () => {
  it('takes what the server has as known, even names no version documents', () => {
    const all = server(['Answer', 'Queue', 'OUROWNAPP', 'Set', 'Macro', 'MeetMe', 'Dail', 'Hangup'], ['CUT', 'CURL']);
    expect(codes(all)).toEqual([]);
    // Without the server, the same file gets the version tables' verdicts.
    expect(codes(undefined)).toEqual(['W_UNKNOWN_APP@5', 'E_REMOVED_APP@8', 'W_NOT_BUILT_BY_DEFAULT@9', 'W_UNKNOWN_APP@10']);
  });

  it('names what the version has and the server lacks as not loaded, once per name, with the module when known', () => {
    const diagnostics = lintDialplan(load(DIALPLAN), { asterisk: '22', registered: server(['Answer', 'Set', 'Hangup', 'OurOwnApp'], ['CUT']) });
    expect(diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['W_NOT_LOADED@3', 'W_NOT_LOADED@7', 'E_REMOVED_APP@8', 'W_NOT_LOADED@9', 'W_UNKNOWN_APP@10']);
    const message = (line: number) => diagnostics.find((d) => d.line === line)!.message;
    expect(message(3)).toBe('Queue is not loaded on pbx1 (Asterisk 22 has it; its module is not loaded): a call that reaches it fails (reported once)');
    expect(message(7)).toMatch(/^CURL is not loaded on pbx1 /);
    expect(message(9)).toBe('MeetMe is not loaded on pbx1 (app_meetme.so, which Asterisk 22 does not build by default): a call that reaches it fails (reported once)');
    // Removal wording stays the version table's.
    expect(message(8)).toBe('Macro was removed in Asterisk 21 (last in 20); use GoSub');
  });

  it('under --asterisk 18 a Macro the server lacks is not loaded (app_macro.so), not removed', () => {
    expect(codes(server(['Answer', 'Set', 'Hangup', 'OurOwnApp', 'Queue', 'MeetMe'], ['CUT', 'CURL']), '18')).toEqual(['W_NOT_LOADED@8', 'W_UNKNOWN_APP@10']);
    const macro = lintDialplan(load(DIALPLAN), { asterisk: '18', registered: server([]) }).find((d) => d.line === 8)!;
    expect(macro.message).toMatch(/^Macro is not loaded on pbx1 \(app_macro\.so, which Asterisk 18 does not build by default\)/);
  });

  it('compares applications ignoring case and functions exactly, as Asterisk does', () => {
    const text = '[default]\nexten => s,1,queue(x)\n same => n,Set(A=${cut(B,-,1)})\n';
    const diagnostics = lintDialplan(load(text), { registered: server(['QUEUE', 'Set'], ['CUT']) });
    expect(diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['W_UNKNOWN_FUNCTION@3']);
  });

  it('counts a function the server listed cut to its column as registered', () => {
    const long = 'PJSIP_TRANSFER_HANDLING';
    const text = `[default]\nexten => s,1,Set(${long}(x)=y)\n same => n,Set(A=\${${long}(x)})\n same => n,Set(B=\${PJSIP_TRANSFER_HANDL(x)})\n`;
    const cut = long.slice(0, 20);
    expect(lintDialplan(load(text), { registered: server(['Set'], [cut], [cut]) }).map((d) => d.code)).toEqual([]);
    // Without the prefix, the full name is not the cut one.
    expect(lintDialplan(load(text), { registered: server(['Set'], [cut], []) }).map((d) => `${d.code}@${d.line}`)).toEqual(['W_NOT_LOADED@3']);
  });
});
