import fs from 'node:fs';
import path from 'node:path';
import { parseAmiUrl } from '../../src/ami/url.js';
import { parseRoutineEvent, type RoutineEvent } from '../../src/chanlog/user-event.js';
import { RawSession } from '../tools/bench/raw-session.js';
import type { SandboxContext } from './sandbox-context.js';

/** The context the probe's calls start in. */
export const PROBE_CONTEXT = 'chanlog-probe';

/**
 * The probe's own context, appended to the routine under test in the
 * sandbox's chanlog.conf. `run` logs ${LEVEL64} and ${MESSAGE64} (base64,
 * decoded inside the dialplan: GoSub then splits the message at its commas
 * exactly as it would a literal one); `own-channel` does the same with its
 * own channel's level set to 5 (a channel's name is known only once it runs).
 */
export function probeContext(routineContext: string, family: string): string {
  // Each value is sent as base64 of "x" + value (BASE64_DECODE warns about an empty argument), the x cut off here.
  const gosub = `GoSub(${routineContext},s,1(\${BASE64_DECODE(\${LEVEL64}):1},\${BASE64_DECODE(\${MESSAGE64}):1}))`;
  return [
    `[${PROBE_CONTEXT}]`,
    `exten => run,1,${gosub}`,
    ' same => n,Hangup()',
    `exten => own-channel,1,Set(DB(${family}/channel/\${CHANNEL})=5)`,
    ` same => n,${gosub}`,
    ` same => n,Set(LOCAL(was)=\${DB_DELETE(${family}/channel/\${CHANNEL})})`,
    ' same => n,Hangup()',
    // A literal call as an admin writes one, with the escapes a config file needs.
    `exten => literal,1,GoSub(${routineContext},s,1(1,a "quoted, text" (paren) \\; semicolon, and more))`,
    ' same => n,Hangup()',
    '',
  ].join('\n');
}

export interface Step {
  context: string;
  application: string;
  appData: string;
}

export interface CallResult {
  /** Every dialplan step the call's ;2 half ran. */
  steps: Step[];
  /** The routine's UserEvents, decoded. */
  events: RoutineEvent[];
  /** Lines Asterisk logged while the call ran. */
  log: string[];
}

const PROBE_LOG = /VERBOSE|WARNING|ERROR|NOTICE/;

/**
 * Drives calls through the routine loaded in the sandbox and collects what
 * each one did: the steps (Newexten), the routine's events (UserEvent) and
 * what Asterisk logged meanwhile (messages.log).
 */
export class RoutineProbe {
  private calls = 0;
  /** How much of the session's text has been read into frames. */
  private readOffset = 0;

  private constructor(
    readonly ami: RawSession,
    private readonly sandbox: SandboxContext,
    private readonly originalRoutine: string,
  ) {}

  static async open(sandbox: SandboxContext): Promise<RoutineProbe> {
    const ami = await RawSession.open(parseAmiUrl(sandbox.amiUrl), true);
    return new RoutineProbe(ami, sandbox, fs.readFileSync(path.join(sandbox.configDir, 'chanlog.conf'), 'utf8'));
  }

  private get routineFile(): string {
    return path.join(this.sandbox.configDir, 'chanlog.conf');
  }

  /** Replaces the sandbox's chanlog.conf with `routine` plus the probe context and reloads; fails when Asterisk complained. */
  async load(routine: string, routineContext: string, family: string): Promise<void> {
    fs.writeFileSync(this.routineFile, `${routine}\n${probeContext(routineContext, family)}`);
    const logged = await this.logDuring(() => this.reload());
    const complaints = logged.filter((l) => /WARNING|ERROR/.test(l) && !/users\.conf is deprecated/.test(l));
    if (complaints.length > 0) throw new Error(`Asterisk complained while loading:\n${complaints.join('\n')}`);
  }

  /** Puts the sandbox's own chanlog.conf back. */
  async restore(): Promise<void> {
    fs.writeFileSync(this.routineFile, this.originalRoutine);
    await this.reload();
  }

  private async reload(): Promise<void> {
    await this.ami.action({ Action: 'Command', Command: 'dialplan reload' });
  }

  /** Stores a value, or deletes the key (whether or not it exists) when `value` is undefined. */
  async put(family: string, key: string, value: string | undefined): Promise<void> {
    if (value !== undefined) await this.ami.action({ Action: 'DBPut', Family: family, Key: key, Val: value });
    else await this.ami.action({ Action: 'DBDel', Family: family, Key: key }).catch(() => undefined);
  }

  /**
   * Places one call to `run` (LEVEL and MESSAGE as given), to another
   * probe extension or to any extension and context, and waits for its ;2 half to hang up. The call's
   * linkedid is `linkedid` (Originate's ChannelId sets the ;1 uniqueid).
   */
  async call(options: { level?: string; message?: string; extension?: string; context?: string; linkedid?: string }): Promise<CallResult> {
    const n = ++this.calls;
    const linkedid = options.linkedid ?? `probe-${process.pid}-${n}`;
    const half = `${linkedid}-2`;
    const variables = [
      `LEVEL64=${Buffer.from(`x${options.level ?? ''}`).toString('base64')}`,
      `MESSAGE64=${Buffer.from(`x${options.message ?? ''}`).toString('base64')}`,
    ];
    let steps: Step[] = [];
    let events: RoutineEvent[] = [];
    const log = await this.logDuring(async () => {
      await this.ami.action({
        Action: 'Originate',
        Channel: `Local/${options.extension ?? 'run'}@${options.context ?? PROBE_CONTEXT}`,
        // The ;1 half waits; the call ends when the dialplan of the ;2 half does.
        Application: 'Wait',
        Data: '10',
        Async: 'true',
        ChannelId: linkedid,
        OtherChannelId: half,
        Variable: variables.join(','),
      });
      await this.ami.waitFor(() => this.hungUp(half), 'the call to hang up', 20_000);
      const frames = this.newFrames().filter((f) => f.uniqueid === half);
      steps = frames.filter((f) => f.event === 'Newexten').map((f) => ({ context: f.context!, application: f.application!, appData: f.appdata ?? '' }));
      events = frames.filter((f) => f.event === 'UserEvent').flatMap((f) => parseRoutineEvent((name) => f[name.toLowerCase()]) ?? []);
    });
    return { steps, events, log };
  }

  private hungUp(uniqueid: string): boolean {
    return frameList(this.ami.text.slice(this.readOffset)).some((f) => f.event === 'Hangup' && f.uniqueid === uniqueid);
  }

  /** The frames received since the last call, with lower-case header names (the first of repeated headers). */
  private newFrames(): Record<string, string>[] {
    const end = this.ami.text.lastIndexOf('\r\n\r\n') + 4;
    const frames = frameList(this.ami.text.slice(this.readOffset, end));
    this.readOffset = end;
    return frames;
  }

  /** Runs `work` and returns the lines messages.log gained meanwhile (waiting a moment for the logger thread). */
  async logDuring(work: () => Promise<void>): Promise<string[]> {
    const start = fs.statSync(this.sandbox.messagesLog).size;
    await work();
    await new Promise((r) => setTimeout(r, 150));
    const fd = fs.openSync(this.sandbox.messagesLog, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.max(0, size - start));
      fs.readSync(fd, buffer, 0, buffer.length, start);
      return buffer.toString('latin1').split('\n').filter((l) => PROBE_LOG.test(l));
    } finally {
      fs.closeSync(fd);
    }
  }

  close(): void {
    this.ami.close();
  }

  /** A test file's teardown: deletes the AstDB `keys` it set, puts the sandbox's chanlog.conf back and closes the session. */
  async finish(keys: ReadonlyArray<readonly [family: string, key: string]>): Promise<void> {
    for (const [family, key] of keys) await this.put(family, key, undefined);
    await this.restore();
    this.close();
  }
}

function frameList(text: string): Record<string, string>[] {
  return text.split('\r\n\r\n').map((block) => {
    const frame: Record<string, string> = {};
    for (const line of block.split('\r\n')) {
      const colon = line.indexOf(': ');
      if (colon > 0) frame[line.slice(0, colon).toLowerCase()] ??= line.slice(colon + 2);
    }
    return frame;
  });
}
