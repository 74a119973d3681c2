import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { ChanlogError } from '../errors.js';
import { execFile, findCommand } from '../util/exec.js';
import type { Progress } from '../util/progress.js';
import { chooseMirror, readAptSources } from './mirror.js';

/** What a finished chroot records about itself; its presence marks the chroot as complete. */
export interface ChrootInfo {
  asteriskVersion: string;
  mirror: string;
  suite: string;
  builtAt: string;
}

const MARKER = '.chanlog-sandbox.json';
const SUITE = 'sid';
const PACKAGES = ['asterisk', 'asterisk-modules'];

export function readChrootInfo(root: string): ChrootInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(root, MARKER), 'utf8')) as ChrootInfo;
    return fs.existsSync(path.join(root, 'usr/sbin/asterisk')) ? info : undefined;
  } catch {
    return undefined;
  }
}

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new ChanlogError(`${what} needs root: it builds a Debian chroot with debootstrap and runs Asterisk inside it with chroot(8)`, {
      details: ['Run it as root (for example with sudo), or point --ami at an Asterisk you already have.'],
    });
  }
}

/**
 * Returns the chroot at `root`, building it first if needed: Debian sid with
 * the distribution's asterisk package, by debootstrap from the mirror apt
 * already uses. The build happens in a sibling `.partial` directory that is
 * renamed into place only when complete, so an interrupted or failed build
 * leaves nothing half-built behind.
 */
export async function ensureChroot(root: string, progress: Progress, env: NodeJS.ProcessEnv = process.env): Promise<ChrootInfo> {
  const existing = readChrootInfo(root);
  if (existing) return existing;
  requireRoot('building the sandbox');
  if (fs.existsSync(root) && fs.readdirSync(root).length > 0) {
    throw new ChanlogError(`${root} exists but is not a complete chanlog sandbox`, {
      details: ['Remove it, or choose another directory with --root.'],
    });
  }
  const debootstrap = await ensureDebootstrap(progress, env);
  const mirror = chooseMirror(readAptSources(), env.CHANLOG_DEBIAN_MIRROR);
  await checkMirror(mirror.uri, mirror.from, env);

  fs.mkdirSync(path.dirname(root), { recursive: true });
  removeStalePartials(root);
  const partial = `${root}.partial-${process.pid}`;
  const child: { current?: ChildProcess } = {};
  const onSignal = (signal: NodeJS.Signals) => {
    child.current?.kill('SIGTERM');
    removeTree(partial);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await runDebootstrap(debootstrap, partial, mirror.uri, progress, (c) => (child.current = c));
    const version = await asteriskVersion(partial);
    const info: ChrootInfo = { asteriskVersion: version, mirror: mirror.uri, suite: SUITE, builtAt: new Date().toISOString() };
    fs.writeFileSync(path.join(partial, MARKER), JSON.stringify(info, null, 2) + '\n');
    if (fs.existsSync(root)) fs.rmdirSync(root); // an empty directory was checked above
    fs.renameSync(partial, root);
    return info;
  } catch (err) {
    removeTree(partial);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function ensureDebootstrap(progress: Progress, env: NodeJS.ProcessEnv): Promise<string> {
  const found = findCommand('debootstrap', env);
  if (found) return found;
  const aptGet = findCommand('apt-get', env);
  if (!aptGet) {
    throw new ChanlogError('debootstrap is not installed and there is no apt-get to install it', {
      details: ['Install debootstrap with your distribution\'s package manager.'],
    });
  }
  progress.phase('Installing debootstrap (apt-get)');
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = await execFile(aptGet, ['install', '-y', '-q', 'debootstrap'], { env: aptEnv, keepChars: 4000 });
  if (result.code !== 0) {
    // A fresh machine may have no package lists yet.
    await execFile(aptGet, ['update', '-q'], { env: aptEnv, keepChars: 4000 });
    result = await execFile(aptGet, ['install', '-y', '-q', 'debootstrap'], { env: aptEnv, keepChars: 4000 });
  }
  const installed = findCommand('debootstrap', env);
  if (result.code !== 0 || !installed) {
    throw new ChanlogError('could not install debootstrap with apt-get', { details: tail(result.stderr || result.stdout, 8) });
  }
  progress.done('installed');
  return installed;
}

/** Fails early, with a clear message, when the mirror cannot be reached. */
async function checkMirror(uri: string, from: string, env: NodeJS.ProcessEnv): Promise<void> {
  // Behind a proxy only debootstrap (which honours http_proxy) can tell.
  if (env.http_proxy || env.HTTP_PROXY || env.https_proxy || env.HTTPS_PROXY) return;
  const url = `${uri}/dists/${SUITE}/Release`;
  const problem = await new Promise<string | undefined>((resolve) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const request = get(url, { timeout: 15_000 }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve(status >= 200 && status < 400 ? undefined : `HTTP ${status}`);
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 15 s')));
    request.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
  if (problem) {
    throw new ChanlogError(`cannot reach the Debian mirror ${uri} (${problem})`, {
      details: [`The mirror was taken from ${from}.`, `Checked ${url}. Set CHANLOG_DEBIAN_MIRROR to use another mirror.`],
    });
  }
}

async function runDebootstrap(
  debootstrap: string,
  target: string,
  mirror: string,
  progress: Progress,
  onSpawn: (child: ChildProcess) => void,
): Promise<void> {
  const counts = { retrieved: 0, unpacked: 0, configured: 0 };
  let phase = '';
  const enter = (name: string) => {
    if (phase === name) return;
    if (phase) progress.done();
    phase = name;
    progress.phase(name);
  };
  progress.phase(`Building the sandbox: Debian ${SUITE} with ${PACKAGES.join(', ')} from ${mirror}`);
  progress.done('started');
  const result = await execFile(
    debootstrap,
    ['--variant=minbase', `--include=${PACKAGES.join(',')}`, SUITE, target, mirror],
    {
      keepChars: 20_000,
      onSpawn,
      onLine(line) {
        const match = /^I: (Retrieving|Validating|Extracting|Unpacking|Configuring) (\S+)/.exec(line);
        if (!match) {
          if (/^I: Resolving dependencies/.test(line)) enter('Resolving dependencies');
          return;
        }
        const [, verb, item] = match;
        if (verb === 'Retrieving') {
          enter('Downloading packages');
          progress.step(++counts.retrieved, undefined, item);
        } else if (verb === 'Unpacking' || verb === 'Extracting') {
          enter('Unpacking');
          progress.step(++counts.unpacked, undefined, item);
        } else if (verb === 'Configuring') {
          enter('Configuring');
          progress.step(++counts.configured, undefined, item);
        }
      },
    },
  );
  if (phase) progress.done();
  if (result.code !== 0) {
    const log = readTail(path.join(target, 'debootstrap', 'debootstrap.log'), 12);
    throw new ChanlogError(`debootstrap failed (exit ${result.code ?? result.signal})`, {
      details: [...tail(result.stderr || result.stdout, 12), ...(log.length ? ['debootstrap.log:', ...log] : [])],
    });
  }
}

export async function asteriskVersion(root: string): Promise<string> {
  const result = await execFile('chroot', [root, '/usr/sbin/asterisk', '-V']);
  const version = result.stdout.trim();
  if (result.code !== 0 || !/^Asterisk /.test(version)) {
    throw new ChanlogError('the sandbox has no working Asterisk (asterisk -V failed)', { details: tail(result.stderr, 8) });
  }
  return version;
}

/** Builds interrupted by a crash leave `ROOT.partial-PID`; remove those whose process is gone. */
function removeStalePartials(root: string): void {
  const dir = path.dirname(root);
  const prefix = `${path.basename(root)}.partial-`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && isAlive(pid)) continue;
    removeTree(path.join(dir, name));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes a chroot tree, first unmounting anything debootstrap left mounted
 * inside it (/proc, /sys), so the removal never reaches the host's files.
 */
export function removeTree(dir: string): void {
  if (!fs.existsSync(dir)) return;
  const resolved = fs.realpathSync(dir);
  let mounts: string[] = [];
  try {
    mounts = fs
      .readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .map((mount) => mount.replace(/\\040/g, ' '))
      .filter((mount) => mount === resolved || mount.startsWith(`${resolved}/`))
      .sort((a, b) => b.length - a.length);
  } catch {
    // no /proc: nothing can be mounted that we could see
  }
  for (const mount of mounts) {
    if (spawnSync('umount', ['-l', mount]).status !== 0) {
      throw new ChanlogError(`cannot unmount ${mount}; remove ${dir} by hand`);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

function tail(text: string, lines: number): string[] {
  return text.trimEnd().split('\n').slice(-lines).filter(Boolean);
}

function readTail(file: string, lines: number): string[] {
  try {
    return tail(fs.readFileSync(file, 'utf8'), lines);
  } catch {
    return [];
  }
}
