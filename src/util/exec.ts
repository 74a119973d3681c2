import { spawn, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ExecOptions extends Pick<SpawnOptions, 'cwd' | 'env'> {
  /** Called for every complete line of stdout and stderr, as they arrive. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  timeoutMs?: number;
  /** Text written to the child's stdin. */
  input?: string;
  /** Keep only this many characters of each stream (the tail). */
  keepChars?: number;
  /** How to decode stdout and stderr; default utf8. `latin1` keeps every byte as one character. */
  encoding?: BufferEncoding;
  /** Receives the child, e.g. to kill it on Ctrl-C. */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

/** Runs a program without a shell and collects its output; never rejects for a non-zero exit. */
export function execFile(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    options.onSpawn?.(child);
    const keep = options.keepChars ?? 1_000_000;
    const out = { stdout: '', stderr: '' };
    const partial = { stdout: '', stderr: '' };
    const collect = (name: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString(options.encoding ?? 'utf8');
      out[name] = (out[name] + text).slice(-keep);
      if (!options.onLine) return;
      const lines = (partial[name] + text).split('\n');
      partial[name] = lines.pop() ?? '';
      for (const line of lines) options.onLine(line.replace(/\r$/, ''), name);
    };
    child.stdout!.on('data', collect('stdout'));
    child.stderr!.on('data', collect('stderr'));
    let timer: NodeJS.Timeout | undefined;
    if (options.timeoutMs) timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      for (const name of ['stdout', 'stderr'] as const) if (partial[name] && options.onLine) options.onLine(partial[name], name);
      resolve({ code, signal, ...out });
    });
    child.stdin!.on('error', () => {}); // a child that exits without reading its stdin is fine
    child.stdin!.end(options.input ?? '');
  });
}

/** The full path of a program found on PATH (or in the sbin directories, which root uses), or undefined. */
export function findCommand(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
