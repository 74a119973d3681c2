import { afterEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/ami/doctor.js';
import { formatDiagnosis } from '../../src/cli/doctor.js';
import { managerPort } from '../helpers/manager-port.js';

/**
 * A manager port that logs anyone in, answers ListCommands with the given
 * actions (or drops the connection there, without `allowed`) and then
 * drops the connection at the next action: what a restarting Asterisk or a
 * broken link does to doctor halfway through.
 */
async function droppingServer(allowed?: string[]): Promise<{ port: number; close: () => void }> {
  return managerPort(({ header, reply, socket }) => {
    const action = header('Action').toLowerCase();
    if (action === 'login') reply(['Response: Success', 'Message: Authentication accepted']);
    else if (action === 'events') reply(['Response: Success', 'Events: Off']);
    else if (action === 'listcommands' && allowed) reply(['Response: Success', ...allowed.map((a) => `${a}: ${a}.  Priv: x`)]);
    else socket.destroy();
  });
}

let close: (() => void) | undefined;
afterEach(() => close?.());

describe('doctor', () => {
  it('gives every check its verdict when the connection drops halfway', async () => {
    const server = await droppingServer(['CoreSettings', 'ShowDialPlan', 'DBGetTree', 'Command']);
    close = server.close;
    const diagnosis = await diagnose({ name: 'pbx', endpoint: { host: '127.0.0.1', port: server.port, username: 'u', secret: 's', tls: false }, source: 'test' });
    expect(diagnosis.checks.map((c) => c.what)).toEqual([
      'login', 'asterisk', 'levels', 'tail', 'console', 'trace', 'doctor', 'generate-check', 'lint', 'surplus', 'users', 'modules', 'routine', 'astdb',
    ]);
    const byName = new Map(diagnosis.checks.map((c) => [c.what, c]));
    for (const what of ['asterisk', 'users', 'modules', 'routine', 'astdb']) {
      expect(byName.get(what)).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^could not check: /) });
    }
    // Command was allowed, so the unknown classes are blamed on the failed lookup, not on a missing class.
    expect(byName.get('surplus')!.detail).toMatch(/^not checked, the user's classes are unknown: could not read them: /);
    expect(byName.get('levels')).toMatchObject({ status: 'fail', detail: 'needs write=system: may not send DBPut, DBGet, DBDel' });
  });

  it('does not guess what a user may do when ListCommands fails', async () => {
    const server = await droppingServer();
    close = server.close;
    const diagnosis = await diagnose({ name: 'pbx', endpoint: { host: '127.0.0.1', port: server.port, username: 'u', secret: 's', tls: false }, source: 'test' });
    const levels = diagnosis.checks.find((c) => c.what === 'levels')!;
    expect(levels).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^could not check: the actions this user may send are unknown: ListCommands failed: /) });
    expect(diagnosis.checks.map((c) => c.what)).toContain('astdb');
  });

  it('shows text from the server escaped, never as terminal control', () => {
    const text = formatDiagnosis({
      server: 'pbx',
      address: 'ami://u@h:1',
      checks: [{ status: 'warn', what: 'astdb', detail: 'ChanLog/channel/PJSIP/x\u001b]0;pwned\u0007 = 3', fix: 'clear \u202eit' }],
    });
    expect(text).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(text).toContain('  warn  astdb ChanLog/channel/PJSIP/x');
    expect(text).toMatch(/\n {14}fix: clear /);
  });
});
