import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, type Check } from '../../src/ami/doctor.js';
import { routineModules } from '../../src/ami/routine-modules.js';
import { formatAmiUrl, parseAmiUrl } from '../../src/ami/url.js';
import { routineSteps } from '../../src/chanlog/routine.js';
import { runCli } from '../helpers/cli.js';
import { RawAmi } from '../helpers/raw-ami.js';
import { singleClassUser } from './manager-users.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();
const MARKER_ROUTINE = fileURLToPath(new URL('../fixtures/routine/marker-routine.conf', import.meta.url));

/** Every row doctor prints, in order: a report is never cut short. */
const ROWS = ['login', 'asterisk', 'levels', 'tail', 'console', 'trace', 'doctor', 'generate-check', 'lint', 'surplus', 'users', 'modules', 'routine', 'astdb'];

/** The rows of a printed report: status and name. */
function rows(stdout: string): Array<{ status: string; what: string; line: string }> {
  return stdout
    .split('\n')
    .flatMap((line) => {
      const match = /^ {2}(ok|warn|FAIL) {2,4}(\S+) /.exec(line);
      return match ? [{ status: match[1]!, what: match[2]!, line }] : [];
    });
}

function row(stdout: string, what: string): { status: string; line: string; fix: string } {
  const lines = stdout.split('\n');
  const index = lines.findIndex((l) => new RegExp(`^ {2}(ok|warn|FAIL) +${what} `).test(l));
  expect(index, `no ${what} row in:\n${stdout}`).toBeGreaterThanOrEqual(0);
  const next = lines[index + 1] ?? '';
  return { status: /^ {2}(\S+)/.exec(lines[index]!)![1]!, line: lines[index]!, fix: /^\s+fix: /.test(next) ? next.trim() : '' };
}

const doctorAs = (user: string) => runCli(['doctor', '--ami', sandbox!.managerUrls[user]!]);

describe.skipIf(!sandbox)('chanlog doctor', () => {
  const endpoint = sandbox ? parseAmiUrl(sandbox.amiUrl) : undefined;
  const env = { CHANLOG_AMI_URL: sandbox?.amiUrl ?? '' };
  let raw: RawAmi;
  const cli = (command: string) => raw.action({ Action: 'Command', Command: command });

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
    expect(rows(result.stdout).map((r) => r.what)).toEqual(ROWS);
    expect(row(result.stdout, 'asterisk').line).toMatch(/ok {4}asterisk +Asterisk 22\./);
    for (const feature of ['levels', 'tail', 'console', 'trace', 'doctor', 'generate-check']) expect(row(result.stdout, feature).status).toBe('ok');
    expect(row(result.stdout, 'tail').line).toMatch(/write=system read=user,call: granted$/);
    expect(row(result.stdout, 'routine').line).toMatch(/\[chanlog\] is loaded and matches `chanlog generate` \(\d+ steps\)$/);
    expect(row(result.stdout, 'modules').line).toMatch(/ok {4}modules +loaded: .*app_stack\.so/);
    expect(result.stdout).toContain('ChanLog/channel/PJSIP/doctor = 4');
    // The sandbox's own user has read=all and write=all: more than chanlog uses.
    expect(row(result.stdout, 'surplus')).toMatchObject({ status: 'warn', fix: 'fix: least privilege: read = user,call,dialplan, write = system,reporting,command' });
    expect(result.stdout).not.toContain(endpoint!.secret);
  });

  it('a user with exactly the recommended classes passes everything and holds nothing more', async () => {
    const result = await doctorAs('least');
    expect(result.code, result.stdout).toBe(0);
    expect(rows(result.stdout).map((r) => r.what)).toEqual(ROWS);
    for (const r of rows(result.stdout).filter((r) => r.what !== 'users')) expect(r.status, r.line).toBe('ok');
    expect(row(result.stdout, 'surplus').line).toMatch(/holds no class that chanlog does not use/);
  });

  it('warns about the other manager users that may raise UserEvents, and only those', async () => {
    const result = await doctorAs('least');
    const users = row(result.stdout, 'users');
    expect(users.status).toBe('warn');
    // chanlog (write=all) and only-user (write=user) may; none of the others.
    const named = /\(write=user\): (.*); chanlog cannot tell/.exec(users.line)![1]!.split(', ').sort();
    expect(named).toEqual(['chanlog', 'only-user']);
    expect(users.fix).toMatch(/remove user \(and all\) from their write=/);
  });

  it('a user without write=system still gets the whole report, each row with its verdict and fix', async () => {
    const result = await doctorAs(singleClassUser('command'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(rows(result.stdout).map((r) => r.what)).toEqual(ROWS);
    expect(row(result.stdout, 'asterisk')).toMatchObject({ status: 'warn', fix: 'fix: CoreSettings needs write=reporting or write=system' });
    expect(row(result.stdout, 'levels')).toMatchObject({ status: 'FAIL', fix: "fix: add system to write= of [only-command] in manager.conf, then `manager reload`" });
    expect(row(result.stdout, 'levels').line).toMatch(/needs write=system: may not send DBPut, DBGet, DBDel, DBGetTree$/);
    expect(row(result.stdout, 'tail').line).toMatch(/may not send Filter, CoreShowChannels; does not receive UserEvent, Newchannel, Newstate, Hangup$/);
    expect(row(result.stdout, 'tail').fix).toBe('fix: add system to write= and user,call to read= of [only-command] in manager.conf, then `manager reload`');
    expect(row(result.stdout, 'doctor').fix).toBe('fix: add reporting to write= of [only-command] in manager.conf, then `manager reload`');
    expect(row(result.stdout, 'routine').line).toMatch(/warn {2}routine +not checked: reading the loaded routine needs ShowDialPlan \(write=reporting or write=config\)/);
    // Command still lets it list the levels (`database show`) and the modules.
    expect(row(result.stdout, 'astdb').line).toContain('ChanLog/channel/PJSIP/doctor = 4');
    expect(row(result.stdout, 'modules').status).toBe('ok');
  });

  it('names the classes that allow CoreSettings from the table, not read=system', async () => {
    const config = await doctorAs(singleClassUser('config'));
    expect(row(config.stdout, 'asterisk')).toMatchObject({ status: 'warn', fix: 'fix: CoreSettings needs write=reporting or write=system' });
    const reporting = await doctorAs(singleClassUser('reporting'));
    expect(row(reporting.stdout, 'asterisk').line).toMatch(/ok {4}asterisk +Asterisk 22\./);
    expect(row(reporting.stdout, 'doctor').status).toBe('ok');
    for (const what of ['surplus', 'users', 'modules']) expect(row(reporting.stdout, what).line).toContain('needs Command (write=command)');
  });

  it('says which classes a user lacks for each feature, and what to add to manager.conf', async () => {
    const result = await runCli(['doctor', '--ami', sandbox!.limitedAmiUrl]);
    expect(result.code).toBe(1);
    expect(rows(result.stdout).map((r) => r.what)).toEqual(ROWS);
    expect(row(result.stdout, 'levels').status).toBe('FAIL');
    expect(row(result.stdout, 'generate-check')).toMatchObject({ status: 'FAIL', fix: "fix: add reporting to write= of [limited] in manager.conf, then `manager reload`" });
    // Its read= cannot be read without Command: said, not guessed.
    expect(row(result.stdout, 'tail').line).not.toContain('does not receive');
  });

  it('a user missing only a read class fails the features that need it, and says which', async () => {
    const result = await doctorAs('no-user-read');
    expect(result.code).toBe(1);
    expect(row(result.stdout, 'tail')).toMatchObject({
      status: 'FAIL',
      fix: 'fix: add user to read= of [no-user-read] in manager.conf, then `manager reload`',
    });
    expect(row(result.stdout, 'tail').line).toMatch(/needs write=system read=user,call: does not receive UserEvent$/);
    expect(row(result.stdout, 'console').status).toBe('FAIL');
    for (const what of ['levels', 'trace', 'doctor', 'generate-check']) expect(row(result.stdout, what).status).toBe('ok');
  });

  it("a user whose read= cannot be read gets the features' read classes to make sure of", async () => {
    const diagnosis = await diagnose({ name: 'sandbox', endpoint: parseAmiUrl(sandbox!.managerUrls[singleClassUser('system')]!), source: 'test' });
    const tail = diagnosis.checks.find((c) => c.what === 'tail')!;
    expect(tail).toMatchObject<Partial<Check>>({ status: 'warn', fix: 'make sure read= of [only-system] holds user,call (UserEvent, Newchannel, Newstate, Hangup)' });
    expect(diagnosis.checks.find((c) => c.what === 'levels')!.status).toBe('ok');
  });

  it('a wrong password fails the login check', async () => {
    const result = await runCli(['doctor', '--ami', formatAmiUrl({ ...endpoint!, secret: 'nope' })]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}FAIL {2}login +.*Authentication failed$/m);
  });

  describe('the routine', () => {
    const file = () => path.join(sandbox!.configDir, 'chanlog.conf');
    let original: string;
    const reload = () => cli('dialplan reload');
    beforeAll(() => {
      original = fs.readFileSync(file(), 'utf8');
    });
    afterAll(async () => {
      fs.writeFileSync(file(), original);
      await reload();
    });

    async function withRoutine(text: string): Promise<{ code: number | null; stdout: string }> {
      fs.writeFileSync(file(), text);
      await reload();
      return runCli(['doctor'], { env });
    }

    it('notices an older routine', async () => {
      const older = await withRoutine(fs.readFileSync(MARKER_ROUTINE, 'utf8'));
      expect(row(older.stdout, 'routine').line).toMatch(/warn {2}routine +\[chanlog\] is an older or edited version \(differs at priority \d+\)$/);
    });

    it('finds a routine generated with another context and family, and lists the levels of that family', async () => {
      const generated = await runCli(['generate', '--context', 'debug-log', '--family', 'DebugLevels']);
      expect(generated.code).toBe(0);
      const found = await withRoutine(generated.stdout);
      expect(row(found.stdout, 'routine').line).toMatch(/ok {4}routine +\[debug-log\] is loaded and matches `chanlog generate` \(\d+ steps, family DebugLevels\)$/);
      expect(row(found.stdout, 'astdb').line).not.toContain('ChanLog/');
    });

    it('fails when it is missing', async () => {
      const missing = await withRoutine('[no-routine-here]\nexten => s,1,NoOp()\n');
      expect(missing.code).toBe(1);
      expect(row(missing.stdout, 'routine').line).toMatch(/FAIL {2}routine +no context \[chanlog\] is loaded$/);
    });

    it('checks the routine in the context it is given', async () => {
      fs.writeFileSync(file(), original.replace('[chanlog]', '[chanlog-renamed]'));
      await reload();
      const diagnosis = await diagnose({ name: 'sandbox', endpoint: endpoint!, source: 'test' }, { context: 'chanlog-renamed', family: 'ChanLog' });
      expect(diagnosis.checks.find((c) => c.what === 'routine')).toMatchObject<Partial<Check>>({ status: 'ok' });
    });

    it('fails when [chanlog] is empty: every GoSub into it fails', async () => {
      const empty = await withRoutine('[chanlog]\n');
      expect(empty.code).toBe(1);
      expect(row(empty.stdout, 'routine').line).toMatch(/FAIL {2}routine +\[chanlog\] is empty: every GoSub\(chanlog,s,1\(\.\.\.\)\) fails$/);
      expect(row(empty.stdout, 'routine').fix).toContain('#include "chanlog.conf"');
    });

    it('fails when [chanlog] has no s,1', async () => {
      const nos = await withRoutine('[chanlog]\nexten => t,1,NoOp()\nexten => s,2,Return()\n');
      expect(nos.code).toBe(1);
      expect(row(nos.stdout, 'routine').line).toMatch(/FAIL {2}routine +\[chanlog\] has no s,1: /);
    });

    it('lists the levels of the family it is given, as the level commands write them', async () => {
      fs.writeFileSync(file(), original);
      await reload();
      await cli('database put OtherLog all 3');
      try {
        const diagnosis = await diagnose({ name: 'sandbox', endpoint: endpoint!, source: 'test' }, { context: 'chanlog', family: 'OtherLog' });
        expect(diagnosis.checks.find((c) => c.what === 'astdb')!.detail).toContain('OtherLog/all = 3');
      } finally {
        await cli('database del OtherLog all');
      }
    });
  });

  describe("the routine's modules", () => {
    const { needs } = routineModules(routineSteps());

    it.each(needs.map((n) => [n.module, n.provides] as const))('%s registers %j (unloading it unregisters them)', async (module, provides) => {
      const show = async (name: string) => {
        const kind = /^[A-Z0-9_]+$/.test(name) ? 'function' : 'application';
        const response = await cli(`core show ${kind} ${name}`);
        return response.response === 'Success' && !/not registered|No function by that name/.test(JSON.stringify(response));
      };
      for (const name of provides) expect(await show(name), `${name} before unloading`).toBe(true);
      // The Command action refuses `module unload` (blacklisted); ModuleLoad is the AMI way.
      expect((await raw.action({ Action: 'ModuleLoad', Module: module, LoadType: 'unload' })).response).toBe('Success');
      try {
        for (const name of provides) expect(await show(name), `${name} with ${module} unloaded`).toBe(false);
        const result = await runCli(['doctor'], { env });
        expect(result.code).toBe(1);
        expect(row(result.stdout, 'modules').line).toContain(`not loaded: ${module} (${provides.join(', ')})`);
        expect(row(result.stdout, 'modules').fix).toContain(`\`module load ${module}\``);
      } finally {
        await raw.action({ Action: 'ModuleLoad', Module: module, LoadType: 'load' });
      }
      expect((await runCli(['doctor'], { env })).code).toBe(0);
    });
  });
});
