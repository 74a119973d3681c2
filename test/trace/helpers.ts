import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { AmiEndpoint } from '../../src/ami/url.js';
import { RawAmi } from '../helpers/raw-ami.js';
import { sandboxCli, sandboxDown, sandboxUp, type SandboxInfo } from '../../src/sandbox/sandbox.js';
import { InstancePaths } from '../../src/sandbox/paths.js';
export { CliProcess } from '../helpers/cli.js';

export const TRACE_DIALPLAN = fileURLToPath(new URL('./fixtures/trace.conf', import.meta.url));
const LOAD_DIALPLAN = fileURLToPath(new URL('../fixtures/ami/load.conf', import.meta.url));

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

export interface TraceTestContext {
  sb: TraceSandbox;
  /** An independent AMI session (no chanlog code) to place calls and read AstDB. */
  raw: RawAmi;
  /** CHANLOG_AMI_URL for the chanlog processes under test. */
  env: NodeJS.ProcessEnv;
}

/** A trace sandbox for the tests of one describe block: started before them, stopped after. */
export function useTraceSandbox(name: string): TraceTestContext {
  const context = {} as TraceTestContext;
  beforeAll(async () => {
    context.sb = await startTraceSandbox(name);
    context.env = { CHANLOG_AMI_URL: context.sb.info.amiUrl };
    context.raw = await RawAmi.connect(context.sb.info.endpoint.port);
    await context.raw.login(context.sb.info.endpoint.username, context.sb.info.endpoint.secret);
  });
  afterAll(async () => {
    context.raw?.close();
    await context.sb?.stop();
  });
  return context;
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
