import { execFileSync } from 'node:child_process';
import { waitFor } from '../../../src/sandbox/process.js';

/**
 * A program (`chanlog console`) in a real pseudo-terminal: a detached tmux
 * session of a given size, driven with send-keys and read with
 * capture-pane, as a person at that terminal would. The command's exit code
 * and the terminal's modes afterwards are printed into the pane by the
 * shell that ran it. The end-to-end tests and the console benchmarks use it.
 */
export class TmuxConsole {
  private constructor(readonly name: string) {}

  /** Runs `command` (program and arguments) in a new session. */
  static start(command: string[], options: { width: number; height: number; env: Record<string, string> }): TmuxConsole {
    const name = `chanlog-console-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const env = Object.entries({ TERM: 'xterm-256color', ...options.env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // After the console: its exit code, whether the terminal is back in cooked mode with echo, then a pause to read it.
    const script = `${quoted}; echo "EXIT=$?"; stty -a | tr ' ' '\\n' | grep -x -E -e '-?icanon' -e '-?echo' | tr '\\n' ' '; echo; sleep 600`;
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(options.width), '-y', String(options.height), ...env, 'sh', '-c', script]);
    return new TmuxConsole(name);
  }

  capture(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  rows(): string[] {
    return this.capture().split('\n');
  }

  /** Keys as tmux names them (`q`, `Enter`, `C-c`, `Up`, `BTab`). */
  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  /** Whether the pane shows the alternate screen (the console's) rather than the shell's. */
  alternateScreen(): boolean {
    return execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{alternate_on}'], { encoding: 'utf8' }).trim() === '1';
  }

  until(test: (screen: string) => boolean, timeoutMs: number): Promise<boolean> {
    return waitFor(() => test(this.capture()), timeoutMs);
  }

  /** The process the shell started (the program itself), for /proc readings. */
  programPid(): number | undefined {
    const shell = execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{pane_pid}'], { encoding: 'utf8' }).trim();
    try {
      return Number(execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0]) || undefined;
    } catch {
      return undefined;
    }
  }

  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
