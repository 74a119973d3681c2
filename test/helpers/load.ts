import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.js';
import { LOAD_MESSAGE } from '../../src/bench/record.js';

/**
 * Every load line starts with LOAD_MESSAGE: commas (which split GoSub
 * arguments), quotes, backslashes (which Verbose would eat if it parsed
 * them), a `$` and a `;`, and UTF-8 of two, three and four bytes.
 */
export { LOAD_MESSAGE };

export function loadLine(call: number, line: number): string {
  return `${LOAD_MESSAGE} call ${call} line ${line}`;
}

/** `chanlog tail` as a child process, its stdout split into lines as they come. */
export class TailProcess {
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [CLI, 'tail', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      this.lines.push(...parts);
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Waits until `predicate` holds, checking every 50 ms; false on timeout. */
  async until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }

  /** Ctrl-C, and the exit code. */
  async interrupt(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exited;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}
