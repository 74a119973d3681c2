import os from 'node:os';
import path from 'node:path';

/** Where the Debian chroot lives unless `--root` says otherwise. */
export function defaultSandboxRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHANLOG_SANDBOX_ROOT) return path.resolve(env.CHANLOG_SANDBOX_ROOT);
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(cache, 'chanlog', 'sandbox');
}

/** Valid instance names become directory names inside the chroot. */
export const INSTANCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * One Asterisk instance inside the chroot. Several can run at once (the
 * admin's `default`, a test run's own), each with its own config, run, log,
 * spool and AstDB directories and its own AMI port.
 */
export class InstancePaths {
  constructor(
    readonly root: string,
    readonly name: string,
  ) {}

  /** The instance directory as Asterisk sees it, inside the chroot. */
  get inChroot(): string {
    return `/var/lib/chanlog/instances/${this.name}`;
  }

  /** A path inside the chroot, as seen from the host. */
  host(chrootPath: string): string {
    return path.join(this.root, chrootPath);
  }

  get dir(): string {
    return this.host(this.inChroot);
  }
  get etcInChroot(): string {
    return `${this.inChroot}/etc`;
  }
  get etc(): string {
    return this.host(this.etcInChroot);
  }
  get asteriskConfInChroot(): string {
    return `${this.etcInChroot}/asterisk.conf`;
  }
  get logDir(): string {
    return this.host(`${this.inChroot}/log`);
  }
  /** Asterisk's stdout and stderr (startup failures land here). */
  get consoleLog(): string {
    return path.join(this.logDir, 'console.log');
  }
  /** The `messages` log file (notice, warning, error, verbose). */
  get messagesLog(): string {
    return path.join(this.logDir, 'messages.log');
  }
  get pidFile(): string {
    return this.host(`${this.inChroot}/run/asterisk.pid`);
  }
  /** Port, user and secret of the running instance; mode 0600. */
  get stateFile(): string {
    return path.join(this.dir, 'state.json');
  }
}
