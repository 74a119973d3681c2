import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originateLoad, RawSession } from '../tools/bench/raw-session.js';
import { parseAmiUrl } from '../../src/ami/url.js';
import { sandboxDown, sandboxUp, type SandboxInfo } from '../../src/sandbox/sandbox.js';
import { InstancePaths } from '../../src/sandbox/paths.js';
import { TmuxConsole } from '../tools/bench/console-terminal.js';
import { CLI } from '../helpers/cli.js';
import { LOAD_MESSAGE } from '../helpers/load.js';
import { RawAmi } from '../helpers/raw-ami.js';
import { LOAD_DIALPLAN } from './global-setup.js';
import { sandboxContext } from './sandbox-context.js';
import { findCommand } from '../../src/util/exec.js';

const sandbox = sandboxContext();
const hasTmux = Boolean(findCommand('tmux'));
// Under CI the end-to-end test must run: .ci/run installs tmux, and a missing one fails here instead of skipping.
if (!hasTmux && process.env.CI === 'true') throw new Error('tmux is required for the console end-to-end tests under CI=true');
if (!hasTmux) process.stdout.write('\nconsole tmux tests SKIPPED: tmux is not installed\n');

/** How the console ended: its exit code and the terminal modes the shell found afterwards. */
async function quitAndCheck(tmux: TmuxConsole): Promise<void> {
  tmux.keys('q');
  expect(await tmux.until((s) => /EXIT=\d+/.test(s), 10_000), tmux.capture()).toBe(true);
  const screen = tmux.capture();
  expect(screen).toContain('EXIT=0');
  // Cooked mode with echo again, the shell's own screen, nothing of the console left on it.
  expect(screen).toMatch(/^icanon echo$/m);
  expect(tmux.alternateScreen()).toBe(false);
  expect(screen).not.toContain('FOLLOWING');
}

// Restarting Asterisk would disturb the other tests' instance: this file starts one of its own.
describe.skipIf(!sandbox || !hasTmux)('chanlog console in tmux at 160x48 against the sandbox Asterisk', () => {
  const instance = `${sandbox?.instance ?? 'x'}-console`;
  let info: SandboxInfo;
  let driver: RawSession;
  let tmux: TmuxConsole | undefined;

  beforeAll(async () => {
    info = await sandboxUp({ root: sandbox!.root, instance, dialplan: LOAD_DIALPLAN });
    driver = await RawSession.open(info.endpoint, false);
    await driver.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '2' });
  });
  afterAll(async () => {
    tmux?.kill();
    driver?.close();
    await sandboxDown({ root: sandbox!.root, instance });
    fs.rmSync(new InstancePaths(sandbox!.root, instance).dir, { recursive: true, force: true });
  });

  it('shows lines and live calls, changes a level in AstDB, survives a restart with the gap shown, and q restores the terminal', { timeout: 180_000 }, async () => {
    const server = `127.0.0.1:${info.endpoint.port}`;
    tmux = TmuxConsole.start([process.execPath, CLI, 'console'], { width: 160, height: 48, env: { CHANLOG_AMI_URL: info.amiUrl } });
    expect(await tmux.until((s) => s.includes(`● ${server} connected`) && s.includes('FOLLOWING'), 20_000), tmux.capture()).toBe(true);

    // Live calls, each logging 400 lines 10 ms apart: the calls pane lists them while they run.
    await originateLoad(driver, LOAD_MESSAGE, { calls: 3, lines: 400, first: 300 });
    expect(
      await tmux.until((s) => [300, 301, 302].every((n) => new RegExp(`Local/${n}@chanlog-load-\\w+;2 +(Ring|Up) `).test(s)), 10_000),
      tmux.capture(),
    ).toBe(true);
    expect(tmux.capture()).toMatch(/6 channels, 3 calls/);

    // `?` lists the key bindings; any other key closes it.
    tmux.keys('?');
    expect(await tmux.until((s) => s.includes('quit (the terminal is restored)') && s.includes("raise the selected channel's device level"), 5_000), tmux.capture()).toBe(true);
    tmux.keys('Escape');
    expect(await tmux.until((s) => s.includes('FOLLOWING'), 5_000)).toBe(true);

    // `+` on the selected call raises its device's level from the global 2: Asterisk's AstDB holds 3.
    tmux.keys('+');
    expect(await tmux.until((s) => /channel\/Local\/30\d@chanlog-load +3/.test(s), 10_000), tmux.capture()).toBe(true);
    const raw = await RawAmi.connect(info.endpoint.port);
    try {
      await raw.login(info.endpoint.username, info.endpoint.secret);
      const tree = await raw.dbTree('ChanLog');
      const raised = Object.entries(tree).filter(([key]) => /^\/ChanLog\/channel\/Local\/30\d@chanlog-load$/.test(key));
      expect(raised.map(([, value]) => value)).toEqual(['3']);
      expect(tmux.capture()).toContain(`${raised[0]![0].slice('/ChanLog/'.length)}`);
    } finally {
      raw.close();
    }

    // The last line a call logs is on screen within two seconds of being logged (the calls end after 400 lines).
    expect(await tmux.until((s) => [300, 301, 302].every((n) => s.includes(`call ${n} line 400`)) || s.includes('call 302 line 400'), 15_000), tmux.capture()).toBe(true);
    await originateLoad(driver, `${LOAD_MESSAGE} single`, { calls: 1, lines: 1, first: 390 });
    expect(await tmux.until((s) => s.includes('single call 390 line 1'), 2_000), tmux.capture()).toBe(true);
    const shownBefore = Number(/ ([\d,]+) shown/.exec(tmux.capture())![1]!.replace(/,/g, ''));
    expect(shownBefore).toBeGreaterThanOrEqual(1_201);

    // Asterisk restarts: the console stays, says so, reconnects, writes the gap into the log, and streams again.
    driver.send({ Action: 'Command', Command: 'core restart now' });
    driver.close();
    expect(await tmux.until((s) => s.includes(`-- gap: ${server}: disconnected from`), 60_000), tmux.capture()).toBe(true);
    expect(await tmux.until((s) => s.includes(`● ${server} connected`), 30_000), tmux.capture()).toBe(true);
    driver = await RawSession.open(info.endpoint, false);
    await driver.action({ Action: 'Command', Command: 'core waitfullybooted' });
    await originateLoad(driver, `${LOAD_MESSAGE} after`, { calls: 1, lines: 3, first: 391 });
    expect(await tmux.until((s) => s.includes('after call 391 line 3'), 10_000), tmux.capture()).toBe(true);
    const screen = tmux.capture();
    expect(screen.indexOf('-- gap:')).toBeLessThan(screen.indexOf('after call 391 line 3'));
    // The scrollback was kept.
    expect(Number(/ ([\d,]+) shown/.exec(screen)![1]!.replace(/,/g, ''))).toBeGreaterThan(shownBefore);

    await quitAndCheck(tmux);
  });
});

describe.skipIf(!sandbox || !hasTmux)('chanlog console in tmux at 80x24', () => {
  let tmux: TmuxConsole | undefined;
  afterAll(() => tmux?.kill());

  it('fits: the message starts within the first 40 columns, ? shows the keys, q restores the terminal', { timeout: 60_000 }, async () => {
    const endpoint = parseAmiUrl(sandbox!.amiUrl);
    const driver = await RawSession.open(endpoint, false);
    try {
      await driver.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '2' });
      tmux = TmuxConsole.start([process.execPath, CLI, 'console'], { width: 80, height: 24, env: { CHANLOG_AMI_URL: sandbox!.amiUrl } });
      expect(await tmux.until((s) => s.includes('FOLLOWING'), 20_000), tmux.capture()).toBe(true);
      await originateLoad(driver, 'narrow', { calls: 2, lines: 30, first: 80 });
      expect(await tmux.until((s) => s.includes('narrow call 81 line 30'), 10_000), tmux.capture()).toBe(true);
      const rows = tmux.rows();
      expect(rows.every((r) => r.length <= 80)).toBe(true);
      const row = rows.find((r) => r.includes('narrow call 81 line 30'))!;
      expect(row.indexOf('narrow')).toBeLessThan(40);
      tmux.keys('?');
      expect(await tmux.until((s) => s.includes('quit (the terminal is restored)'), 5_000), tmux.capture()).toBe(true);
      tmux.keys('Escape');
      await quitAndCheck(tmux);
    } finally {
      driver.close();
    }
  });
});
