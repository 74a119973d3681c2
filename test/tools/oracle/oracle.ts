import fs from 'node:fs';
import path from 'node:path';
import { ChanlogError } from '../../../src/errors.js';
import { execFile } from '../../../src/util/exec.js';
import { silentProgress, type Progress } from '../../../src/util/progress.js';
import { normaliseConfigDir, parseLogText, type OracleLogLine } from './oracle-log.js';
import { defaultSandboxRoot, InstancePaths } from '../../../src/sandbox/paths.js';
import { processGone, sleep } from '../../../src/sandbox/process.js';
import { readInstanceState } from '../../../src/sandbox/instance.js';
import { sandboxDown, sandboxUp } from '../../../src/sandbox/sandbox.js';

export type { OracleLogLine } from './oracle-log.js';

/**
 * A real Asterisk 22 (the sandbox chroot's) kept running to answer one
 * question many times: what do `dialplan show` and the load log say for
 * this extensions.conf? It is the reference the dialplan parser is tested
 * against (test/integration/conformance.test.ts).
 *
 * The instance is configured so that a reload behaves like a fresh start
 * (notes/dialplan-spec.md §1, §6):
 *
 * - modules.conf loads **only pbx_config.so**: no `${FUNC()}` is ever
 *   available while a file loads (at a real start-up pbx_config also loads
 *   before the func_* modules), and no other module creates contexts;
 * - **no users.conf** at all (an empty one makes pbx_config log a
 *   deprecation warning at start-up);
 * - Asterisk runs in a private mount namespace where the instance's etc
 *   directory is bind-mounted on the chroot's /etc/asterisk, so every path
 *   in its messages reads `/etc/asterisk/...` exactly as on a stock
 *   installation, and absolute `#include /etc/asterisk/x.conf` lines work
 *   (no other process sees that mount; the chroot's own /etc/asterisk is
 *   untouched);
 * - a log file in the `[plain]` format (it keeps `file:line function`)
 *   receives notice, warning and error, with a queue limit high enough that
 *   the logger never drops messages of a noisy load (Asterisk's default of
 *   1000 does, see experiments/labinc2);
 * - AMI listens on 127.0.0.1 only (the sandbox uses it to wait for boot).
 *
 * One `load()`:
 *
 * 1. removes the files of the previous load and writes the new ones into
 *    the config directory (the main file always as extensions.conf);
 * 2. `dialplan reload`, then `dialplan show` (raw bytes, latin1);
 * 3. logs a *marker*: `module unload chanlog-oracle-mark-N.so` makes the
 *    loader log `Unload failed, '...' could not be found` and touches
 *    nothing else. The logger thread writes asynchronously; once the marker
 *    is in the file, so is everything logged before it. The load's lines
 *    are those between the previous marker and this one;
 * 4. loads the *reset* extensions.conf (and logs a second marker, so what
 *    the reset logs is never mistaken for the next file's lines). The reset
 *    file sets `clearglobalvars=yes` (the *next* reload then starts without
 *    global variables, §6.3) and defines one empty sentinel context.
 *
 * The state before every load is therefore "the sentinel context, no
 * globals". A load that Asterisk **refused** (§9: a fatal error in the
 * top-level file) leaves the previous dialplan in place, so `aborted` is
 * simply "the sentinel is still there after the reload": no guessing from
 * warning texts, which cannot tell a fatal error in extensions.conf from the
 * same error inside an included file (that one only truncates the included
 * file). For an aborted load `show` is what a fresh start would show: the
 * empty dialplan, as this Asterisk printed it when it started with an empty
 * extensions.conf. (A fresh start would also log `loader.c` lines saying
 * pbx_config declined to load; a reload does not, and they are not
 * reported.)
 *
 * Contexts that a file opened in several sections survive the next reload
 * as empty "ghosts" (§6.3); they appear only in the reset reload, whose
 * output is never reported, and are gone after the following one.
 *
 * Asterisk 22.10.1 can crash (segfault) while it *replaces* some dialplans
 * (found by the generator; see the spec's addenda). Loading such a file
 * works, so its show output and log are reported as usual, with
 * `crashedOnReplace`; the oracle then restarts itself. If Asterisk dies or
 * stops answering (commandTimeoutMs) during the load itself, load()
 * restarts it and throws an OracleError.
 */
export class AsteriskOracle {
  private readonly paths: InstancePaths;
  private readonly progress: Progress;
  private readonly commandTimeoutMs: number;
  private readonly configDirSeen: string;
  private readonly stockConfigDir: boolean;
  private started = false;
  private markCount = 0;
  private logOffset = 0;
  private pendingLog = '';
  private carriedLines: OracleLogLine[] = [];
  private written = new Set<string>();
  private emptyShowText = '';

  constructor(options: OracleOptions = {}) {
    const root = path.resolve(options.root ?? defaultSandboxRoot(options.env));
    this.paths = new InstancePaths(root, options.instance ?? `oracle-${process.pid}`);
    this.progress = options.progress ?? silentProgress;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 60_000;
    this.configDirSeen = options.stockConfigDir === false ? this.paths.etcInChroot : STOCK_CONFIG_DIR;
    this.stockConfigDir = options.stockConfigDir !== false;
  }

  /** The instance name (a directory under /var/lib/chanlog/instances in the chroot). */
  get instance(): string {
    return this.paths.name;
  }

  /** The config directory on the host, where loads write their files. */
  get configDir(): string {
    return this.paths.etc;
  }

  /** `dialplan show` of an empty dialplan, as this Asterisk printed it at start-up. */
  get emptyShow(): string {
    return this.emptyShowText;
  }

  /**
   * Starts the instance (building the chroot first if needed; that needs
   * root) and brings it to the reset state. A leftover directory of an
   * instance with the same name is removed first.
   */
  async start(): Promise<void> {
    if (this.started) return;
    // Empty extensions.conf: the first `dialplan show` is the reference empty dialplan.
    await this.boot(new Map());
    this.emptyShowText = await this.cli('dialplan show');
    await this.reset(); // also reads past whatever start-up logged
  }

  /**
   * The check behind the whole approach: loads `input` the way the spec's
   * recordings were made, by **starting** a separate Asterisk (instance
   * `<instance>-fresh`, same configuration) with it as its extensions.conf,
   * and reports that start-up's `dialplan show` and dialplan warnings. Slow
   * (a start per call); the tests use it on a few files to show that
   * load() answers the same.
   */
  static async freshStart(input: OracleInput, options: OracleOptions = {}): Promise<FreshStartResult> {
    const name = `${options.instance ?? `oracle-${process.pid}`}-fresh`;
    const oracle = new AsteriskOracle({ ...options, instance: name });
    try {
      await oracle.boot(normaliseInput(input));
      const show = await oracle.cli('dialplan show');
      const lines = await oracle.mark();
      const loading = lines.filter((l) => (l.level === 'WARNING' || l.level === 'ERROR') && DIALPLAN_SOURCES.test(l.source));
      return {
        show,
        warnings: loading,
        aborted: lines.some((l) => l.source.startsWith('loader.c:') && l.message === 'pbx_config declined to load.'),
      };
    } finally {
      await oracle.stop();
    }
  }

  /** Starts the instance with these files in its config directory (a leftover instance directory of the same name is removed first). */
  private async boot(files: ReadonlyMap<string, Buffer>): Promise<void> {
    await this.stopQuietly();
    fs.rmSync(this.paths.dir, { recursive: true, force: true });
    await sandboxUp({
      root: this.paths.root,
      instance: this.paths.name,
      progress: this.progress,
      profile: {
        modules: ORACLE_MODULES,
        usersConf: false,
        extensionsConf: '',
        logFiles: { [LOG_FILE]: '[plain]notice,warning,error' },
        loggerQueueLimit: LOGGER_QUEUE_LIMIT,
        ...(this.stockConfigDir ? { configDirInChroot: STOCK_CONFIG_DIR } : {}),
      },
      files,
    });
    this.started = true;
    this.written = new Set([...files.keys()].map((f) => f.split('/')[0]!).filter((top) => top !== 'extensions.conf'));
  }

  /**
   * Loads one dialplan and reports what Asterisk made of it. `files` maps
   * paths relative to the config directory to their bytes (a string is
   * taken as latin1, one character per byte); `main` (default
   * extensions.conf) is the file pbx_config loads, and is written as
   * extensions.conf whatever its name. `options.show` lists arguments for
   * more `dialplan show ARG` commands (a context, `EXTEN@CONTEXT`, ...) run
   * while the file is loaded, or computes them from the full `dialplan show`
   * output; their outputs come back in `shows`.
   */
  async load(input: OracleInput, options: OracleLoadOptions = {}): Promise<OracleResult> {
    this.requireStarted();
    const began = Date.now();
    this.writeFiles(input);
    let showAfter: string;
    const shows = new Map<string, string>();
    let lines: OracleLogLine[];
    try {
      await this.cli('dialplan reload');
      showAfter = await this.cli('dialplan show');
      const more = typeof options.show === 'function' ? options.show(showAfter) : (options.show ?? []);
      for (const argument of more) shows.set(argument, await this.cli(`dialplan show ${quoteCliArgument(argument)}`));
      lines = await this.mark();
    } catch (err) {
      // Dead, or alive but stuck (a timeout): either way this Asterisk is of no more use.
      const what = this.alive() ? 'did not answer while loading this dialplan' : 'died while loading this dialplan';
      await this.restart();
      throw new OracleError(`Asterisk ${what}; the oracle was restarted`, err instanceof Error ? err.message : String(err));
    }
    let crashedOnReplace = false;
    try {
      await this.reset();
    } catch (err) {
      const died = !this.alive();
      await this.restart();
      if (!died) throw new OracleError('Asterisk did not answer while resetting after this dialplan; the oracle was restarted', err instanceof Error ? err.message : String(err));
      crashedOnReplace = true;
    }
    const aborted = showAfter.includes(SENTINEL_HEADER);
    const result: OracleResult = {
      show: aborted ? this.emptyShowText : showAfter,
      warnings: lines.filter((l) => l.level === 'WARNING' || l.level === 'ERROR'),
      log: lines,
      aborted,
      shows,
      elapsedMs: Date.now() - began,
    };
    if (crashedOnReplace) result.crashedOnReplace = true;
    return result;
  }

  /** Stops Asterisk and removes the instance directory. */
  async stop(): Promise<void> {
    await this.stopQuietly();
    fs.rmSync(this.paths.dir, { recursive: true, force: true });
    this.started = false;
  }

  /** Whether the Asterisk process is still alive (a hang or crash on some input ends it, or makes it useless). */
  alive(): boolean {
    const state = readInstanceState(this.paths);
    return Boolean(this.started && state && !processGone(state.pid));
  }

  /** Stops and starts again (load() does it by itself after a crash or a timeout). */
  async restart(): Promise<void> {
    await this.stop();
    this.markCount = 0;
    this.logOffset = 0;
    this.pendingLog = '';
    this.carriedLines = [];
    this.written.clear();
    await this.start();
  }

  private async stopQuietly(): Promise<void> {
    await sandboxDown({ root: this.paths.root, instance: this.paths.name });
  }

  private requireStarted(): void {
    if (!this.started) throw new ChanlogError('the Asterisk oracle is not started (call start() first)');
  }

  /** Runs one CLI command through `asterisk -rx` and returns its standard output, byte for byte (latin1). */
  private async cli(command: string): Promise<string> {
    const result = await execFile('chroot', [this.paths.root, '/usr/sbin/asterisk', '-C', this.paths.asteriskConfInChroot, '-rx', command], {
      timeoutMs: this.commandTimeoutMs,
      encoding: 'latin1',
    });
    if (result.code !== 0) {
      throw new OracleError(`asterisk -rx '${command}' failed (exit ${result.code ?? result.signal})`, result.stderr.trim() || result.stdout.trim());
    }
    return result.stdout;
  }

  private writeFiles(input: OracleInput): void {
    const files = normaliseInput(input);
    for (const entry of this.written) fs.rmSync(path.join(this.paths.etc, entry), { recursive: true, force: true });
    this.written.clear();
    for (const [relative, bytes] of files) {
      const target = path.join(this.paths.etc, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, bytes);
      const top = relative.split('/')[0]!;
      if (top !== 'extensions.conf') this.written.add(top);
    }
  }

  /** Loads the reset file; what that logs is read up to a marker and dropped. */
  private async reset(): Promise<void> {
    fs.writeFileSync(path.join(this.paths.etc, 'extensions.conf'), RESET_FILE);
    await this.cli('dialplan reload');
    await this.mark();
  }

  /** Logs a marker and returns the log lines since the previous one. */
  private async mark(): Promise<OracleLogLine[]> {
    const module = `chanlog-oracle-mark-${++this.markCount}.so`;
    await this.cli(`module unload ${module}`);
    return this.readLogUntil(markerMessage(module));
  }

  /** Collects parsed log lines until the marker line; the lines after it are kept for the next call. */
  private async readLogUntil(marker: string): Promise<OracleLogLine[]> {
    const deadline = Date.now() + this.commandTimeoutMs;
    const file = path.join(this.paths.logDir, LOG_FILE);
    const collected = this.carriedLines;
    this.carriedLines = [];
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      collected.push(...this.readNewLogLines(file));
      const found = collected.findIndex((line) => line.source === MARKER_SOURCE && line.message === marker);
      if (found >= 0) {
        this.carriedLines = collected.slice(found + 1);
        return collected.slice(0, found).map((line) => ({ ...line, message: normaliseConfigDir(line.message, this.configDirSeen) }));
      }
      if (!this.alive()) throw new OracleError('Asterisk is no longer running', marker);
      if (Date.now() > deadline) throw new OracleError(`Asterisk did not log the marker within ${this.commandTimeoutMs / 1000} s`, marker);
      await sleep(wait);
    }
  }

  private readNewLogLines(file: string): OracleLogLine[] {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return [];
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.logOffset) return [];
      const buffer = Buffer.alloc(size - this.logOffset);
      const read = fs.readSync(fd, buffer, 0, buffer.length, this.logOffset);
      this.logOffset += read;
      const text = this.pendingLog + buffer.subarray(0, read).toString('latin1');
      const end = text.lastIndexOf('\n');
      this.pendingLog = text.slice(end + 1);
      return end < 0 ? [] : parseLogText(text.slice(0, end));
    } finally {
      fs.closeSync(fd);
    }
  }
}

export interface OracleOptions {
  /** The sandbox chroot; default under $XDG_CACHE_HOME/chanlog/sandbox. */
  root?: string;
  /** Instance name; default `oracle-<pid>`. */
  instance?: string;
  progress?: Progress;
  env?: NodeJS.ProcessEnv;
  /** Limit for every Asterisk command and for the log to catch up; default 60 s. */
  commandTimeoutMs?: number;
  /**
   * Show the instance's files to Asterisk as /etc/asterisk (default true;
   * needs unshare(1) and mount). With false Asterisk reads them from the
   * instance's own directory and the paths in its messages are rewritten to
   * /etc/asterisk; absolute includes of /etc/asterisk/... then read the
   * chroot's stock files instead.
   */
  stockConfigDir?: boolean;
}

export interface OracleLoadOptions {
  /** Arguments for more `dialplan show ARG` commands, or a function choosing them from the full output. */
  show?: readonly string[] | ((show: string) => readonly string[]);
}

export interface OracleInput {
  /** Path relative to the config directory → bytes (a string is latin1: one character per byte). */
  files: ReadonlyMap<string, Buffer | string>;
  /** The file loaded as extensions.conf; default `extensions.conf`. */
  main?: string;
}

export interface OracleResult {
  /** `dialplan show`, byte for byte (latin1); for an aborted load, the empty dialplan. */
  show: string;
  /** The WARNING and ERROR lines the load logged, in order; paths under the config directory read /etc/asterisk/. */
  warnings: OracleLogLine[];
  /** Every line the load logged (NOTICE too). */
  log: OracleLogLine[];
  /** Asterisk refused the file (spec §9); the dialplan it had stayed loaded. */
  aborted: boolean;
  /**
   * The output of `asterisk -rx "dialplan show ARG"` for each argument asked
   * for (a failed command adds `Command '...' failed.`); after an aborted
   * load they describe the reset state.
   */
  shows: Map<string, string>;
  /** Asterisk crashed when this dialplan was replaced by the next (the oracle restarted; the results above are complete). */
  crashedOnReplace?: true;
  elapsedMs: number;
}

export interface FreshStartResult {
  /** `dialplan show` right after start-up (the empty dialplan when pbx_config declined the file). */
  show: string;
  /** WARNING and ERROR lines from the dialplan-loading sources (config.c, pbx*.c, ...), in order. */
  warnings: OracleLogLine[];
  /** pbx_config declined to load: the file was refused. */
  aborted: boolean;
}

/** A failure of the oracle itself (not of the dialplan under test): a command failed or Asterisk hung. */
export class OracleError extends ChanlogError {
  constructor(message: string, detail: string) {
    super(message, { details: detail ? [detail.slice(0, 2000)] : [] });
    this.name = 'OracleError';
  }
}

/** Nothing but the dialplan loader: see the class comment. */
const ORACLE_MODULES = ['pbx_config.so'] as const;

const STOCK_CONFIG_DIR = '/etc/asterisk';
/** Where the messages of loading a dialplan come from (a fresh start also logs other modules' complaints). */
const DIALPLAN_SOURCES = /^(config\.c|pbx_config\.c|pbx\.c|pbx_timing\.c|pbx_variables\.c|pbx_functions\.c|presencestate\.c|ast_expr2\.fl):/;
const LOG_FILE = 'dialplan.log';
/** labinc2-style floods log over 1,500 lines in one burst; this leaves room without being unbounded. */
const LOGGER_QUEUE_LIMIT = 200_000;
/** The empty context of the reset state; a load Asterisk refused leaves it listed. */
export const SENTINEL = 'chanlog-oracle-sentinel';
const SENTINEL_HEADER = `[ Context '${SENTINEL}' created by 'pbx_config' ]`;
const MARKER_SOURCE = 'loader.c:1304';

function markerMessage(module: string): string {
  return `Unload failed, '${module}' could not be found`;
}

const RESET_FILE = `[general]\nclearglobalvars=yes\n\n[${SENTINEL}]\n`;

/** The instance's own files, which a load must not overwrite. */
const RESERVED = new Set(['asterisk.conf', 'modules.conf', 'logger.conf', 'manager.conf', 'users.conf']);

/** The input's files by their path in the config directory, the main file as extensions.conf, as bytes. */
function normaliseInput(input: OracleInput): Map<string, Buffer> {
  const main = input.main ?? 'extensions.conf';
  const files = new Map<string, Buffer>();
  for (const [name, content] of input.files) {
    const relative = checkRelativePath(name);
    const target = relative === main ? 'extensions.conf' : relative;
    if (files.has(target)) throw new ChanlogError(`oracle input: '${name}' collides with the main file, which is loaded as extensions.conf`);
    files.set(target, typeof content === 'string' ? Buffer.from(content, 'latin1') : content);
  }
  if (!files.has('extensions.conf')) throw new ChanlogError(`oracle input: no main file '${main}'`);
  return files;
}

function checkRelativePath(name: string): string {
  const relative = name.replace(/\\/g, '/');
  const parts = relative.split('/');
  if (path.posix.isAbsolute(relative) || parts.some((p) => p === '..' || p === '.' || p === '')) {
    throw new ChanlogError(`oracle input: '${name}' is not a plain path relative to the config directory`);
  }
  if (parts.length === 1 && RESERVED.has(relative)) throw new ChanlogError(`oracle input: '${name}' is one of the instance's own config files`);
  return relative;
}

/** Asterisk's CLI splits arguments on blanks and honours double quotes with backslash escapes. */
function quoteCliArgument(argument: string): string {
  return /^[^\s"\\]+$/.test(argument) ? argument : `"${argument.replace(/(["\\])/g, '\\$1')}"`;
}
