import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AmiClient } from '../ami/client.js';
import { AmiError } from '../ami/errors.js';
import { formatAmiUrl, type AmiEndpoint } from '../ami/url.js';
import { ChanlogError, usageError } from '../errors.js';
import { execFile } from '../util/exec.js';
import { shippedDialplan } from '../util/package-root.js';
import { silentProgress, type Progress } from '../util/progress.js';
import { renderInstanceConfig, type InstanceProfile, type ManagerUser } from './asterisk-config.js';
import { ensureChroot, readChrootInfo, requireRoot } from './chroot.js';
import { collectIncludedFiles } from './dialplan-files.js';
import { readInstanceState, removeInstanceState, writeInstanceState, type InstanceState } from './instance.js';
import { writeFileAtomic } from '../util/fs.js';
import { defaultSandboxRoot, INSTANCE_NAME, InstancePaths } from './paths.js';
import { freePort, isOurAsterisk, portAnswers, portFree, processGone, sleep, waitFor } from './process.js';

export interface SandboxOptions {
  /** The chroot directory; default under $XDG_CACHE_HOME/chanlog/sandbox. */
  root?: string;
  /** Which Asterisk instance inside the chroot; default `default`. */
  instance?: string;
  progress?: Progress;
  env?: NodeJS.ProcessEnv;
}

export interface UpOptions extends SandboxOptions {
  /** AMI port on 127.0.0.1; default a free one. */
  port?: number;
  /** A dialplan file to load beside the chanlog routine. */
  dialplan?: string;
  /** More manager.conf users (tests use one with few permissions). */
  extraUsers?: ManagerUser[];
  /** How long Asterisk may take to answer AMI after starting. */
  startTimeoutMs?: number;
  /**
   * Departures from the standard configuration, for special-purpose
   * instances (see InstanceProfile; the dialplan oracle uses it). With
   * `configDirInChroot` set, Asterisk runs in a private mount namespace where
   * the instance's etc directory is bind-mounted on that path (say
   * /etc/asterisk), so the file names in its messages are those of a stock
   * installation; no other process sees the mount.
   */
  profile?: InstanceProfile;
  /**
   * Files for the config directory, by path relative to it, written byte
   * for byte after the rendered configuration (so they may replace one of
   * its files, e.g. extensions.conf) and before Asterisk starts.
   */
  files?: ReadonlyMap<string, Buffer>;
}

export interface SandboxInfo {
  root: string;
  instance: string;
  pid: number;
  asteriskVersion: string;
  endpoint: AmiEndpoint;
  amiUrl: string;
  alreadyRunning: boolean;
  /** The instance's config directory on the host (holds extensions.conf). */
  configDir: string;
  /** Asterisk's `messages.log` on the host. */
  messagesLog: string;
}

const AMI_USER = 'chanlog';
const DEFAULT_INSTANCE = 'default';

function resolvePaths(options: SandboxOptions): InstancePaths {
  const name = options.instance ?? DEFAULT_INSTANCE;
  if (!INSTANCE_NAME.test(name)) throw usageError(`invalid sandbox instance name '${name}' (letters, digits, '.', '_', '-')`);
  return new InstancePaths(path.resolve(options.root ?? defaultSandboxRoot(options.env)), name);
}

function infoFrom(paths: InstancePaths, state: InstanceState, alreadyRunning: boolean): SandboxInfo {
  const endpoint: AmiEndpoint = { host: '127.0.0.1', port: state.amiPort, username: state.username, secret: state.secret, tls: false };
  return {
    root: paths.root,
    instance: paths.name,
    pid: state.pid,
    asteriskVersion: state.asteriskVersion,
    endpoint,
    amiUrl: formatAmiUrl(endpoint),
    alreadyRunning,
    configDir: paths.etc,
    messagesLog: paths.messagesLog,
  };
}

function runningState(paths: InstancePaths): InstanceState | undefined {
  const state = readInstanceState(paths);
  return state && isOurAsterisk(state.pid, paths.asteriskConfInChroot) ? state : undefined;
}

/**
 * Starts the sandbox Asterisk (building the chroot first if needed) and
 * returns once AMI answers with FullyBooted. Idempotent: an instance that
 * already runs is returned as it is, after loading `dialplan` if given.
 */
export async function sandboxUp(options: UpOptions = {}): Promise<SandboxInfo> {
  requireRoot('chanlog sandbox');
  const progress = options.progress ?? silentProgress;
  const paths = resolvePaths(options);
  const chroot = await ensureChroot(paths.root, progress, options.env);

  const running = runningState(paths);
  if (running) {
    if (options.dialplan) {
      installDialplan(paths, options.dialplan);
      await sandboxCli(options, 'dialplan reload');
    }
    return infoFrom(paths, running, true);
  }

  let port = options.port;
  if (port !== undefined) {
    if (!(await portFree(port))) throw new ChanlogError(`port ${port} on 127.0.0.1 is in use; choose another with --port, or leave it out for a free one`);
  } else {
    port = await freePort();
  }

  const profile = options.profile ?? {};
  if (profile.extensionsConf !== undefined && options.dialplan) throw new ChanlogError('a sandbox profile with its own extensions.conf cannot also load --dialplan');
  progress.phase(`Starting Asterisk (${chroot.asteriskVersion}) in ${paths.root}`);
  prepareInstanceDirs(paths, profile);
  const dialplanIncludes = options.dialplan ? [installDialplan(paths, options.dialplan)] : [];
  const secret = randomBytes(18).toString('base64url');
  const users: ManagerUser[] = [{ name: AMI_USER, secret, read: 'all', write: 'all' }, ...(options.extraUsers ?? [])];
  for (const [name, text] of renderInstanceConfig(paths, { ...profile, amiPort: port, moduleDir: findModuleDir(paths.root), users, dialplanIncludes })) {
    writeFileAtomic(path.join(paths.etc, name), text, name === 'manager.conf' ? 0o600 : 0o644);
  }
  for (const [name, bytes] of options.files ?? []) {
    const target = path.resolve(paths.etc, name);
    if (!target.startsWith(paths.etc + path.sep)) throw new ChanlogError(`sandbox file '${name}' is outside the config directory`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, bytes);
  }

  const pid = startAsterisk(paths, profile.configDirInChroot);
  const state: InstanceState = {
    pid,
    amiPort: port,
    username: AMI_USER,
    secret,
    asteriskVersion: chroot.asteriskVersion,
    startedAt: new Date().toISOString(),
  };
  try {
    await waitUntilBooted(paths, state, options.startTimeoutMs ?? 60_000);
  } catch (err) {
    await stopProcess(paths, pid);
    throw err;
  }
  writeInstanceState(paths, state);
  progress.done(`AMI on 127.0.0.1:${port}`);
  return infoFrom(paths, state, false);
}

function prepareInstanceDirs(paths: InstancePaths, profile: InstanceProfile): void {
  for (const sub of ['etc', 'run', 'log', 'spool', 'lib', 'cache']) {
    fs.mkdirSync(paths.host(`${paths.inChroot}/${sub}`), { recursive: true });
  }
  // A crashed Asterisk leaves its control socket and pid file; they would confuse the next start.
  fs.rmSync(paths.host(`${paths.inChroot}/run`), { recursive: true, force: true });
  fs.mkdirSync(paths.host(`${paths.inChroot}/run`), { recursive: true });
  fs.writeFileSync(paths.consoleLog, '');
  // An earlier run under the same instance name may have left one behind.
  if (profile.usersConf === false) fs.rmSync(path.join(paths.etc, 'users.conf'), { force: true });
  if (profile.extensionsConf !== undefined) return; // that extensions.conf does not include the routine
  fs.copyFileSync(shippedDialplan('chanlog.conf'), path.join(paths.etc, 'chanlog.conf'));
  fs.copyFileSync(shippedDialplan('demo.conf'), path.join(paths.etc, 'chanlog-demo.conf'));
}

/**
 * Copies the user's dialplan into the instance's config directory:
 * the file itself under `user/`, and the files it `#include`s at the same
 * paths relative to the config directory, since Asterisk resolves relative
 * includes against it. Returns the path extensions.conf should include.
 */
function installDialplan(paths: InstancePaths, file: string): string {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw usageError(`dialplan file not found: ${file}`);
  const baseDir = path.dirname(source);
  const target = `user/${path.basename(source)}`;
  const own = new Set(['asterisk.conf', 'modules.conf', 'logger.conf', 'manager.conf', 'users.conf', 'extensions.conf', 'chanlog.conf', 'chanlog-demo.conf']);
  const copies: Array<[string, string]> = [[source, target]];
  for (const included of collectIncludedFiles(source, baseDir)) {
    const relative = path.relative(baseDir, included);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue; // absolute includes cannot be mirrored
    if (own.has(relative)) throw new ChanlogError(`${file} includes ${relative}, which the sandbox writes itself; rename that file`);
    copies.push([included, relative]);
  }
  for (const [from, to] of copies) {
    const destination = path.join(paths.etc, to);
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.copyFileSync(from, destination);
  }
  return target;
}

/** Where the chroot's distribution put Asterisk's modules (depends on the architecture). */
function findModuleDir(root: string): string {
  for (const lib of ['usr/lib', ...fs.readdirSync(path.join(root, 'usr/lib')).map((d) => `usr/lib/${d}`)]) {
    const candidate = path.join(root, lib, 'asterisk/modules');
    if (fs.existsSync(path.join(candidate, 'pbx_config.so'))) return `/${lib}/asterisk/modules`;
  }
  throw new ChanlogError('the sandbox chroot has no Asterisk modules directory (pbx_config.so not found)');
}

/**
 * Starts Asterisk in the chroot, in the foreground of a detached process.
 * With `configDirInChroot`, first enters a private mount namespace and
 * bind-mounts the instance's etc directory on that path; every step execs
 * the next, so the returned pid ends up being Asterisk's own.
 */
function startAsterisk(paths: InstancePaths, configDirInChroot?: string): number {
  const asterisk = ['chroot', paths.root, '/usr/sbin/asterisk', '-f', '-n', '-C', paths.asteriskConfInChroot];
  const command = configDirInChroot
    ? [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        'mount --bind "$1" "$2" && shift 2 && exec "$@"',
        'sh',
        paths.etc,
        paths.host(configDirInChroot),
        ...asterisk,
      ]
    : asterisk;
  if (configDirInChroot) fs.mkdirSync(paths.host(configDirInChroot), { recursive: true });
  const log = fs.openSync(paths.consoleLog, 'a');
  const child = spawn(command[0]!, command.slice(1), {
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  child.on('error', () => {}); // reported through the boot wait
  child.unref();
  if (child.pid === undefined) throw new ChanlogError(`could not start ${command[0]}`);
  return child.pid;
}

async function waitUntilBooted(paths: InstancePaths, state: InstanceState, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const endpoint: AmiEndpoint = { host: '127.0.0.1', port: state.amiPort, username: state.username, secret: state.secret, tls: false };
  let lastProblem = 'AMI did not answer';
  while (Date.now() < deadline) {
    if (processGone(state.pid)) throw startFailure(paths, 'Asterisk exited while starting');
    if (await portAnswers(state.amiPort)) {
      const client = new AmiClient({ endpoint, reconnect: false, pingIntervalMs: 0, connectTimeoutMs: 5_000 });
      try {
        await client.connect();
        await client.waitFullyBooted(Math.max(1_000, deadline - Date.now()));
        return;
      } catch (err) {
        lastProblem = err instanceof Error ? err.message : String(err);
        if (err instanceof AmiError && err.kind === 'auth') throw startFailure(paths, `AMI refused the sandbox's own login: ${lastProblem}`);
      } finally {
        client.close();
      }
    }
    await sleep(200);
  }
  throw startFailure(paths, `Asterisk did not become ready within ${timeoutMs / 1000} s (${lastProblem})`);
}

function startFailure(paths: InstancePaths, message: string): ChanlogError {
  const lines: string[] = [];
  for (const file of [paths.consoleLog, paths.messagesLog]) {
    try {
      const text = fs.readFileSync(file, 'utf8').trimEnd();
      if (text) lines.push(`${path.basename(file)}:`, ...text.split('\n').slice(-15).map((l) => `  ${l}`));
    } catch {
      // no such log yet
    }
  }
  return new ChanlogError(message, { details: lines.length ? lines : ['Asterisk wrote nothing to its logs.'] });
}

async function stopProcess(paths: InstancePaths, pid: number): Promise<void> {
  if (!isOurAsterisk(pid, paths.asteriskConfInChroot)) {
    // It may be the chroot(8) wrapper in the instant before it execs; it is ours either way.
    if (processGone(pid)) return;
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await waitFor(() => processGone(pid), 15_000)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await waitFor(() => processGone(pid), 5_000);
}

/** Stops the instance's Asterisk, by its recorded pid and nothing broader. */
export async function sandboxDown(options: SandboxOptions = {}): Promise<{ wasRunning: boolean; port?: number }> {
  const paths = resolvePaths(options);
  const state = readInstanceState(paths);
  if (!state) return { wasRunning: false };
  const running = isOurAsterisk(state.pid, paths.asteriskConfInChroot);
  if (running) {
    await stopProcess(paths, state.pid);
    if (!processGone(state.pid)) throw new ChanlogError(`Asterisk (pid ${state.pid}) did not stop`);
    await waitFor(async () => !(await portAnswers(state.amiPort)), 5_000);
  }
  removeInstanceState(paths);
  return { wasRunning: running, port: state.amiPort };
}

export interface SandboxStatus {
  root: string;
  instance: string;
  built: boolean;
  asteriskVersion?: string;
  running: boolean;
  pid?: number;
  amiPort?: number;
  amiAnswers?: boolean;
}

export async function sandboxStatus(options: SandboxOptions = {}): Promise<SandboxStatus> {
  const paths = resolvePaths(options);
  const chroot = readChrootInfo(paths.root);
  const status: SandboxStatus = { root: paths.root, instance: paths.name, built: Boolean(chroot), running: false };
  if (chroot) status.asteriskVersion = chroot.asteriskVersion;
  const state = runningState(paths);
  if (state) {
    status.running = true;
    status.pid = state.pid;
    status.amiPort = state.amiPort;
    status.amiAnswers = await portAnswers(state.amiPort);
  }
  return status;
}

/** The running instance's connection details; fails clearly when it is not running. */
export function sandboxInfo(options: SandboxOptions = {}): SandboxInfo {
  const paths = resolvePaths(options);
  const state = runningState(paths);
  if (!state) {
    throw new ChanlogError(`the sandbox instance '${paths.name}' is not running`, { details: ['Start it with: chanlog sandbox up'] });
  }
  return infoFrom(paths, state, true);
}

/** Runs an Asterisk CLI command inside the sandbox (`asterisk -rx`). */
export async function sandboxCli(options: SandboxOptions, command: string): Promise<{ code: number; output: string }> {
  const paths = resolvePaths(options);
  requireRoot('chanlog sandbox cli');
  if (!runningState(paths)) throw new ChanlogError(`the sandbox instance '${paths.name}' is not running`, { details: ['Start it with: chanlog sandbox up'] });
  const result = await execFile('chroot', [paths.root, '/usr/sbin/asterisk', '-C', paths.asteriskConfInChroot, '-rx', command], {
    timeoutMs: 60_000,
  });
  return { code: result.code ?? 1, output: result.stdout + result.stderr };
}
