import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AmiEndpoint } from '../../src/ami/url.js';
import { sandboxCli, sandboxDown, sandboxUp, type SandboxInfo } from '../../src/sandbox/sandbox.js';
import { InstancePaths } from '../../src/sandbox/paths.js';
import { CLI } from '../helpers/cli.js';

export const TRACE_DIALPLAN = fileURLToPath(new URL('./fixtures/trace.conf', import.meta.url));
const LOAD_DIALPLAN = fileURLToPath(new URL('../fixtures/ami/load.conf', import.meta.url));

/** `chanlog ARGS...` as a child process, its stdout split into lines as they come. */
export class CliProcess {
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      this.lines.push(...parts);
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  async until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }

  async interrupt(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exited;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

export interface TraceSandbox {
  info: SandboxInfo;
  /** The verbose log file holding Asterisk's own `Executing [...]` lines. */
  executingLog: string;
  stop(): Promise<void>;
}

/**
 * A sandbox instance of its own with the trace fixture and the paced load
 * dialplan loaded, and a log channel at verbose 3 so Asterisk writes its
 * own record of every step it executes.
 */
export async function startTraceSandbox(name: string): Promise<TraceSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-trace-'));
  fs.copyFileSync(TRACE_DIALPLAN, path.join(dir, 'trace.conf'));
  fs.copyFileSync(LOAD_DIALPLAN, path.join(dir, 'load.conf'));
  fs.writeFileSync(path.join(dir, 'all.conf'), '#include "trace.conf"\n#include "load.conf"\n');
  const info = await sandboxUp({ instance: name, dialplan: path.join(dir, 'all.conf') });
  fs.rmSync(dir, { recursive: true, force: true });
  const logName = `executing-${process.pid}.log`;
  await sandboxCli({ instance: name }, `logger add channel ${logName} verbose(3)`);
  return {
    info,
    executingLog: path.join(path.dirname(info.messagesLog), logName),
    stop: async () => {
      await sandboxDown({ root: info.root, instance: name });
      fs.rmSync(new InstancePaths(info.root, name).dir, { recursive: true, force: true });
    },
  };
}

/** One `Executing [exten@context:priority] App("channel", "data")` line of Asterisk's verbose log. */
export interface Executed {
  callid: string;
  channel: string;
  context: string;
  extension: string;
  priority: number;
  application: string;
  data: string;
}

const EXECUTING = /\[(C-[0-9a-f]+)\] pbx\.c: Executing \[(.*)@(.*):([0-9]+)\] ([A-Za-z0-9_]+)\("(.*)", "(.*)"\) in new stack$/;

/** The Executing lines written after byte `from` of the log. */
export function readExecuted(file: string, from: number): Executed[] {
  const text = fs.readFileSync(file).subarray(from).toString('utf8');
  return text.split('\n').flatMap((line) => {
    const m = EXECUTING.exec(line);
    return m ? [{ callid: m[1]!, extension: m[2]!, context: m[3]!, priority: Number(m[4]), application: m[5]!, channel: m[6]!, data: m[7]! }] : [];
  });
}

export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * A bare AMI session that only counts the events it receives (no filter):
 * what a client gets when the server sends everything. It shares no code
 * with chanlog.
 */
export class EventCounter {
  events = 0;
  private tail = '';
  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      const text = this.tail + chunk;
      let at = 0;
      for (;;) {
        const next = text.indexOf('\r\n\r\n', at);
        if (next < 0) break;
        if (text.startsWith('Event: ', at)) this.events++;
        at = next + 4;
      }
      this.tail = text.slice(at);
    });
  }

  static async open(endpoint: AmiEndpoint): Promise<EventCounter> {
    const socket = net.connect(endpoint.port, endpoint.host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(`Action: Login\r\nUsername: ${endpoint.username}\r\nSecret: ${endpoint.secret}\r\nEvents: on\r\n\r\n`);
    return new EventCounter(socket);
  }

  close(): void {
    this.socket.destroy();
  }
}
