import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { managerPort } from '../helpers/manager-port.js';

/** What the fake Asterisk answers; `undefined` for an action refuses it as a user without its class. */
interface FakeAnswers {
  version?: string;
  applications?: string[];
  functions?: string[];
  /** Accept the TCP connection and never say a word. */
  silent?: boolean;
}

const SECRET = 'fake-secret-7f3a9c';

/**
 * A manager port that speaks just enough AMI for `lint --ami`: Login (with
 * SECRET), Events, CoreSettings and Command, answered from `answers`.
 */
async function fakeAsterisk(answers: FakeAnswers): Promise<{ url: string; connections: () => number; close: () => void }> {
  const port = await managerPort(({ header, reply }) => {
    const denied = () => reply(['Response: Error', 'Message: Permission denied']);
    const action = header('Action').toLowerCase();
    if (action === 'login') reply(header('Secret') === SECRET ? ['Response: Success', 'Message: Authentication accepted'] : ['Response: Error', 'Message: Authentication failed']);
    else if (action === 'events') reply(['Response: Success', 'Events: Off']);
    else if (action === 'coresettings') answers.version === undefined ? denied() : reply(['Response: Success', `AsteriskVersion: ${answers.version}`]);
    else if (action === 'command') {
      const output = header('Command') === 'core show applications' ? answers.applications : answers.functions;
      if (output === undefined) denied();
      else reply(['Response: Success', 'Message: Command output follows', ...output.map((line) => `Output: ${line}`)]);
    } else reply(['Response: Error', 'Message: Invalid/unknown command']);
  }, { silent: answers.silent === true });
  return { url: `pbx1=ami://lint:${SECRET}@127.0.0.1:${port.port}`, connections: port.connections, close: port.close };
}

const applications = (names: string[]) => [
  '    -= Registered Asterisk Applications =-',
  ...names.map((name) => `  ${name.padStart(20)}: Does something. `),
  `    -= ${names.length} Applications Registered =-`,
];
const functions = (names: string[]) => ['Installed Custom Functions:', '-'.repeat(80), ...names.map((name) => `${name.padEnd(20)}  ${`${name}(x)`.padEnd(35)}  Does. `), `${names.length} custom functions installed.`];

const DIALPLAN = '[default]\nexten => s,1,Answer()\n same => n,Queue(support)\n same => n,OurOwnApp()\n same => n,Set(A=${CUT(B,-,1)})\n same => n,Macro(dial)\n same => n,Hangup()\n';
const SERVER_22 = { version: '22.10.1', applications: applications(['Answer', 'Hangup', 'Set', 'OurOwnApp']), functions: functions(['CUT']) };

let closeServer: (() => void) | undefined;
afterEach(() => closeServer?.());

async function start(answers: FakeAnswers) {
  const fake = await fakeAsterisk(answers);
  closeServer = fake.close;
  return fake;
}

function dialplanFile(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-lint-ami-'));
  for (const [name, text] of Object.entries({ 'extensions.conf': DIALPLAN, ...files })) fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, 'extensions.conf');
}

const codes = (stdout: string) => (JSON.parse(stdout) as Array<{ code: string; line: number }>).map((d) => `${d.code}@${d.line}`);

describe('chanlog lint --ami', { timeout: 60_000 }, () => {
  it("takes the server's version and its registered names as the truth", async () => {
    const fake = await start(SERVER_22);
    const result = await runCli(['lint', '--json', dialplanFile(), '--ami', fake.url]);
    expect(result.code, result.stderr).toBe(1); // Macro: removed in 21, and the server has not got it
    expect(codes(result.stdout)).toEqual(['W_NOT_LOADED@3', 'E_REMOVED_APP@6']);
    expect(result.stderr).toBe('note: pbx1 runs Asterisk 22.10.1: linting for Asterisk 22\nnote: pbx1: its 4 registered applications and 1 function decide which exist\n');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('--asterisk wins for the version rules, and says so; the registered names still decide what exists', async () => {
    const fake = await start(SERVER_22);
    const result = await runCli(['lint', '--json', '--asterisk', '18', dialplanFile(), '--ami', fake.url]);
    expect(codes(result.stdout)).toEqual(['W_NOT_LOADED@3', 'W_NOT_LOADED@6']);
    expect(JSON.parse(result.stdout)[1].message).toMatch(/^Macro is not loaded on pbx1 \(app_macro\.so, which Asterisk 18 does not build by default\)/);
    expect(result.stderr).toContain('note: pbx1 runs Asterisk 22.10.1; --asterisk 18 chooses the version rules\n');
  });

  it("the server's version wins over the lint config's, and one chanlog has no tables for maps to the nearest older", async () => {
    const fake = await start({ ...SERVER_22, version: '19.8.0' });
    const file = dialplanFile({ '.chanlog-lint.conf': '[lint]\nasterisk = 22\n' });
    const result = await runCli(['lint', '--json', file, '--ami', fake.url]);
    // 19 lints with 18's tables: Macro is there (not built by default), so only not loaded.
    expect(codes(result.stdout)).toEqual(['W_NOT_LOADED@3', 'W_NOT_LOADED@6']);
    expect(result.stderr).toContain("note: pbx1 runs Asterisk 19.8.0; chanlog has the tables of 16, 18, 20, 21, 22: linting with 18's\n");
    expect(result.stderr).toContain("note: the lint config's asterisk = 22 gives way to the version pbx1 runs\n");
  });

  it('without the Command class, says so and checks against what the version documents: the same output as without --ami', async () => {
    const fake = await start({ version: '22.10.1' });
    const file = dialplanFile();
    const withServer = await runCli(['lint', file, '--ami', fake.url]);
    const without = await runCli(['lint', file]);
    expect(withServer.stdout).toBe(without.stdout);
    expect(withServer.code).toBe(without.code);
    expect(withServer.stderr).toContain(
      'note: pbx1: its registered applications and functions were not read (the manager user may not send Command (it needs write=command)); checking against what Asterisk 22 documents instead\n',
    );
  });

  it('a listing that does not add up is not trusted; a version it cannot read is said, with text from the server escaped', async () => {
    const fake = await start({ version: 'GIT-master\u001b]0;owned\u0007', applications: applications(['Answer']).map((l) => l.replace('-= 1 ', '-= 2 ')), functions: functions([]) });
    const result = await runCli(['lint', dialplanFile(), '--ami', fake.url]);
    expect(result.stderr).toContain('note: pbx1 runs Asterisk GIT-master\\e]0;owned\\x07, which names no major version chanlog reads; linting for Asterisk 22\n');
    expect(result.stderr).toContain('were not read (`core show applications` counts 2 names, but 1 could be read)');
    expect(result.stderr).not.toMatch(/[\u001b\u0007]/);
  });

  it('without a connection option it never connects, whatever CHANLOG_AMI_URL says: output byte-identical', async () => {
    const fake = await start(SERVER_22);
    const file = dialplanFile();
    const plain = await runCli(['lint', file], { env: { CHANLOG_AMI_URL: '' } });
    const withEnv = await runCli(['lint', file], { env: { CHANLOG_AMI_URL: fake.url.replace(/^pbx1=/, '') } });
    expect(withEnv).toMatchObject({ code: plain.code, stdout: plain.stdout, stderr: plain.stderr });
    expect(fake.connections()).toBe(0);
  });

  it('a server that cannot be reached, or never answers, or refuses the login: a clear message, exit 1, nothing on stdout, no secret', async () => {
    const silent = await start({ silent: true });
    const file = dialplanFile();
    const hung = await runCli(['lint', file, '--ami', silent.url], { env: { CHANLOG_AMI_TIMEOUT: '1' } });
    expect(hung).toMatchObject({ code: 1, stdout: '' });
    expect(hung.stderr).toMatch(/^chanlog: ami:\/\/lint@127\.0\.0\.1:\d+: connected, but no AMI greeting within 1 s/);
    silent.close();
    const refused = await runCli(['lint', file, '--ami', silent.url]);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/connection refused/);
    const fake = await start(SERVER_22);
    const badLogin = await runCli(['lint', file, '--ami', fake.url.replace(SECRET, 'wrong-secret-123')]);
    expect(badLogin).toMatchObject({ code: 1, stdout: '' });
    expect(badLogin.stderr).toContain('Asterisk refused the login: Authentication failed');
    for (const run of [hung, refused, badLogin]) expect(run.stderr).not.toMatch(/fake-secret|wrong-secret/);
  });

  it('--server NAME takes the server from the config file, as every command does', async () => {
    const fake = await start(SERVER_22);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-lint-home-'));
    fs.mkdirSync(path.join(home, 'chanlog'));
    fs.writeFileSync(path.join(home, 'chanlog', 'config'), `[server pbx1]\nurl = ${fake.url.replace(/^pbx1=/, '')}\n[server other]\nurl = ami://u:s@127.0.0.1:1\n`, { mode: 0o600 });
    const result = await runCli(['lint', '--json', dialplanFile(), '--server', 'pbx1'], { env: { XDG_CONFIG_HOME: home, CHANLOG_AMI_URL: '' } });
    expect(codes(result.stdout)).toEqual(['W_NOT_LOADED@3', 'E_REMOVED_APP@6']);
    expect(result.stderr).toContain('note: pbx1 runs Asterisk 22.10.1: linting for Asterisk 22\n');
    expect(fake.connections()).toBe(1);
  });

  it('checks against one server only', async () => {
    const result = await runCli(['lint', dialplanFile(), '--ami', 'a=ami://u:s@127.0.0.1:1', '--ami', 'b=ami://u:s@127.0.0.1:2']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('lint checks against one server, and 2 are chosen (a, b)');
  });
});
