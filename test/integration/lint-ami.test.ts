import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AmiClient } from '../../src/ami/client.js';
import { parseAmiUrl } from '../../src/ami/url.js';
import { runCli } from '../helpers/cli.js';
import { singleClassUser } from './manager-users.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

/**
 * Dial (app_dial), CUT (func_cut) and While (app_while) are loaded in the
 * sandbox (src/sandbox/asterisk-config.ts); Queue (app_queue), MixMonitor
 * (app_mixmonitor) and CURL (func_curl) are documented for 22 but not loaded
 * there: the test checks both against the server itself before relying on it.
 */
const DIALPLAN = [
  '[default]',
  'exten => s,1,Dial(Local/100@default)',
  ' same => n,While($[1])',
  ' same => n,EndWhile()',
  ' same => n,Queue(support)',
  ' same => n,MixMonitor(x.wav)',
  ' same => n,Set(A=${CUT(B,-,1)})',
  ' same => n,Set(C=${CURL(http://127.0.0.1/)})',
  ' same => n,Hangup()',
  '',
].join('\n');

function dialplanFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-lint-ami-'));
  fs.writeFileSync(path.join(dir, 'extensions.conf'), DIALPLAN);
  return path.join(dir, 'extensions.conf');
}

type Diagnostic = { code: string; line: number; message: string };
const parse = (stdout: string) => JSON.parse(stdout) as Diagnostic[];

describe.skipIf(!sandbox)('chanlog lint --ami against the sandbox Asterisk', { timeout: 60_000 }, () => {
  it('the names the test relies on are (and are not) registered on the sandbox', async () => {
    const client = new AmiClient({ endpoint: parseAmiUrl(sandbox!.amiUrl), events: false, reconnect: false, pingIntervalMs: 0 });
    await client.connect();
    try {
      const apps = (await client.command('core show applications')).join('\n');
      const functions = (await client.command('core show functions')).join('\n');
      for (const loaded of ['Dial', 'While', 'EndWhile', 'Set', 'Hangup']) expect(apps).toMatch(new RegExp(` ${loaded}: `));
      for (const missing of ['Queue', 'MixMonitor']) expect(apps).not.toMatch(new RegExp(` ${missing}: `));
      expect(functions).toMatch(/^CUT /m);
      expect(functions).not.toMatch(/^CURL /m);
    } finally {
      client.close();
    }
  });

  it('reads the version the sandbox runs and checks against the names it has loaded', async () => {
    const result = await runCli(['lint', '--json', dialplanFile(), '--ami', `sandbox=${sandbox!.amiUrl}`]);
    expect(result.code, result.stderr).toBe(0);
    const diagnostics = parse(result.stdout);
    expect(diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['W_NOT_LOADED@5', 'W_NOT_LOADED@6', 'W_NOT_LOADED@8']);
    expect(diagnostics[0]!.message).toBe('Queue is not loaded on sandbox (Asterisk 22 has it; its module is not loaded): a call that reaches it fails (reported once)');
    const version = /^note: sandbox runs Asterisk (\S+): linting for Asterisk 22$/m.exec(result.stderr)?.[1];
    expect(version, result.stderr).toBeDefined();
    // The same version `core show version` gives (what the global setup printed).
    expect(sandbox!.asteriskVersion).toContain(`Asterisk ${version} `);
    expect(result.stderr).toMatch(/^note: sandbox: its \d+ registered applications and \d+ functions decide which exist$/m);
    expect(result.stdout + result.stderr).not.toContain(parseAmiUrl(sandbox!.amiUrl).secret);
  });

  it('a manager user without write=command: said, and the version\'s documented names are used', async () => {
    const file = dialplanFile();
    const result = await runCli(['lint', '--json', file, '--ami', `sandbox=${sandbox!.managerUrls[singleClassUser('reporting')]!}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(parse(result.stdout)).toEqual([]); // Queue, MixMonitor and CURL are all documented for 22
    expect(result.stderr).toMatch(/^note: sandbox runs Asterisk \S+: linting for Asterisk 22$/m);
    expect(result.stderr).toContain('its registered applications and functions were not read (the manager user may not send Command (it needs write=command))');
    expect(result.stdout).toBe((await runCli(['lint', '--json', file])).stdout);
  });

  it('a manager user without CoreSettings: the version is said to be unread, the names still decide', async () => {
    const result = await runCli(['lint', '--json', dialplanFile(), '--ami', `sandbox=${sandbox!.managerUrls[singleClassUser('command')]!}`]);
    expect(parse(result.stdout).map((d) => `${d.code}@${d.line}`)).toEqual(['W_NOT_LOADED@5', 'W_NOT_LOADED@6', 'W_NOT_LOADED@8']);
    expect(result.stderr).toContain(
      'note: sandbox: its Asterisk version was not read (the manager user may not send CoreSettings (it needs write=reporting or write=system)); linting for Asterisk 22',
    );
  });
});
