import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmiUrl, parseAmiUrl } from '../../src/ami/url.js';
import { runCli } from '../helpers/cli.js';
import { RawAmi } from '../helpers/raw-ami.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

describe.skipIf(!sandbox)('chanlog doctor', () => {
  const endpoint = sandbox ? parseAmiUrl(sandbox.amiUrl) : undefined;
  const env = { CHANLOG_AMI_URL: sandbox?.amiUrl ?? '' };
  let raw: RawAmi;

  beforeAll(async () => {
    raw = await RawAmi.connect(endpoint!.port);
    await raw.login(endpoint!.username, endpoint!.secret);
    await raw.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'channel/PJSIP/doctor', Val: '4' });
  });
  afterAll(async () => {
    await raw.action({ Action: 'DBDel', Family: 'ChanLog', Key: 'channel/PJSIP/doctor' });
    raw.close();
  });

  it('passes every check on the sandbox, naming the version, the routine and the levels', async () => {
    const result = await runCli(['doctor'], { env });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}ok {4}asterisk Asterisk 22\./m);
    expect(result.stdout).toMatch(/^ {2}ok {4}actions +allowed: DBPut DBGet DBDel DBGetTree Filter ShowDialPlan$/m);
    expect(result.stdout).toMatch(/^ {2}ok {4}events +read permissions include dialplan,call$/m);
    expect(result.stdout).toMatch(/^ {2}ok {4}routine +\[chanlog\] is loaded and matches `chanlog generate` \(\d+ steps\)$/m);
    expect(result.stdout).toContain('ChanLog/channel/PJSIP/doctor = 4');
    expect(result.stdout).not.toContain(endpoint!.secret);
  });

  it("says which actions a user may not send, and what to add to manager.conf", async () => {
    const result = await runCli(['doctor', '--ami', sandbox!.limitedAmiUrl]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}FAIL {2}actions +not allowed: DBPut \(level set\), DBGet .*Filter \(tail\), ShowDialPlan \(doctor\)$/m);
    expect(result.stdout).toMatch(/fix: add system,config to the user's write= in manager\.conf/);
  });

  it('a wrong password fails the login check', async () => {
    const result = await runCli(['doctor', '--ami', formatAmiUrl({ ...endpoint!, secret: 'nope' })]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}FAIL {2}login +.*Authentication failed$/m);
  });

  it('notices an older routine and a missing one', async () => {
    const file = path.join(sandbox!.configDir, 'chanlog.conf');
    const original = fs.readFileSync(file, 'utf8');
    const reload = () => raw.action({ Action: 'Command', Command: 'dialplan reload' });
    try {
      fs.writeFileSync(file, original.replace(/^ same => n,Set\(LOCAL\(chanlog_level\)=.*$/m, ' same => n,Set(LOCAL(chanlog_level)=${ARG1})'));
      await reload();
      const older = await runCli(['doctor'], { env });
      expect(older.stdout).toMatch(/^ {2}warn {2}routine +\[chanlog\] is an older or edited version \(differs at priority \d+\)$/m);

      fs.writeFileSync(file, original.replace('[chanlog]', '[chanlog-renamed]'));
      await reload();
      const missing = await runCli(['doctor'], { env });
      expect(missing.code).toBe(1);
      expect(missing.stdout).toMatch(/^ {2}FAIL {2}routine +no context \[chanlog\] is loaded$/m);
    } finally {
      fs.writeFileSync(file, original);
      await reload();
    }
    expect((await runCli(['doctor'], { env })).code).toBe(0);
  });
});
