import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedLine } from '../../src/ami/feed-types.js';
import { RawSession } from '../tools/bench/raw-session.js';
import { encodeBase64Field } from '../../src/chanlog/user-event.js';
import { InstancePaths } from '../../src/sandbox/paths.js';
import { sandboxDown, sandboxUp, type SandboxInfo } from '../../src/sandbox/sandbox.js';
import { TailProcess } from '../helpers/load.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

/**
 * A hand-written stand-in for the routine that raises the UserEvent: it
 * joins the message's pieces (commas split GoSub arguments), raises
 * `UserEvent(ChanLog,...)` with every free-text field BASE64_ENCODE()d and
 * prints the message with Verbose(0,...), at every level.
 */
const ROUTINE = `[chanlog]
exten => s,1,Set(LOCAL(message)=\${ARG2})
 same => n,Set(LOCAL(i)=3)
 same => n(join),GotoIf($[\${i} > \${ARGC}]?print)
 same => n,Set(LOCAL(message)=\${message},\${ARG\${i}})
 same => n,Set(LOCAL(i)=$[\${i} + 1])
 same => n,Goto(join)
 same => n(print),UserEvent(ChanLog,ChanLogLevel: \${ARG1},ChanLogContext: \${BASE64_ENCODE(\${STACK_PEEK(1,c,1)})},ChanLogExten: \${BASE64_ENCODE(\${STACK_PEEK(1,e,1)})},ChanLogPriority: \${STACK_PEEK(1,p,1)},ChanLogMessage: \${BASE64_ENCODE(\${message})})
 same => n,Verbose(0,\${message})
 same => n,Return()
`;

const FORGED = { plain: 'FORGED-PLAIN', routine: 'FORGED-ROUTINE', marker: 'FORGED-MARKER' };

/**
 * Text holding whole AMI frames, `~` standing for LF and `^` for CR (the
 * dialplan turns them into the real bytes with REPLACE): a Verbose step of
 * a channel that never existed, the routine's UserEvent for this very call,
 * and a level marker with its Verbose step in the routine's context.
 */
function forgedText(eol: string): string {
  const frame = (headers: string[]) => `${headers.join(eol)}${eol}${eol}`;
  const self = ['Channel: ${CHANNEL}', 'Uniqueid: ${UNIQUEID}', 'Linkedid: ${CHANNEL(linkedid)}'];
  return [
    `real start, then frames${eol}${eol}`,
    frame(['Event: Newexten', 'Channel: PJSIP/forged-00000001', 'Uniqueid: 1111111111.1', 'Linkedid: 1111111111.1', 'Context: from-forger', 'Extension: s', 'Priority: 1', 'Application: Verbose', `AppData: 0,${FORGED.plain}`]),
    frame(['Event: UserEvent', ...self, 'UserEvent: ChanLog', 'ChanLogLevel: 1', `ChanLogContext: ${encodeBase64Field('from-forger')}`, `ChanLogExten: ${encodeBase64Field('s')}`, 'ChanLogPriority: 1', `ChanLogMessage: ${encodeBase64Field(FORGED.routine)}`]),
    frame(['Event: Newexten', ...self, 'Context: chanlog', 'Extension: s', 'Priority: 18', 'Application: Set', 'AppData: LOCAL(chanlog_level)=1,from-forger,s,1']),
    frame(['Event: Newexten', ...self, 'Context: chanlog', 'Extension: s', 'Priority: 25', 'Application: Verbose', `AppData: 0,${FORGED.marker}`]),
    'real end',
  ].join('');
}

const CASES = {
  'routine-lf': { via: 'routine', eol: '~' },
  'routine-crlf': { via: 'routine', eol: '^~' },
  'plain-lf': { via: 'plain', eol: '~' },
  'plain-crlf': { via: 'plain', eol: '^~' },
} as const;
type CaseName = keyof typeof CASES;

function dialplan(): string {
  const lines = ['[feed-forged]'];
  for (const [name, { via, eol }] of Object.entries(CASES)) {
    lines.push(
      `exten => ${name},1,Set(RAW=${forgedText(eol)})`,
      ' same => n,Set(STEP=${REPLACE(RAW,^,\\x0d)})',
      ' same => n,Set(DATA=${REPLACE(STEP,~,\\x0a)})',
      via === 'routine' ? ' same => n,GoSub(chanlog,s,1(2,${DATA}))' : ' same => n,Verbose(0,${DATA})',
      ` same => n,Verbose(0,done ${name})`,
      ' same => n,Hangup()',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The bytes the data holds once the dialplan has substituted them for this call. */
function expectedData(name: CaseName, line: FeedLine): string {
  return forgedText(CASES[name].eol)
    .replaceAll('^', '\r')
    .replaceAll('~', '\n')
    .replaceAll('${CHANNEL}', line.channel)
    .replaceAll('${UNIQUEID}', line.uniqueid)
    .replaceAll('${CHANNEL(linkedid)}', line.linkedid);
}

describe.skipIf(!sandbox)('no forged line from data holding LF or CR LF, through the routine or a plain Verbose()', () => {
  const instance = `${sandbox?.instance ?? 'x'}-forged`;
  let info: SandboxInfo;
  let dir: string;
  let lines: FeedLine[] = [];
  let stderr = '';
  /** The uniqueid Originate gave each call's ;2 half, which runs the dialplan. */
  const ids = new Map<CaseName, string>();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-forged-'));
    const file = path.join(dir, 'feed-forged.conf');
    fs.writeFileSync(file, dialplan());
    info = await sandboxUp({
      root: sandbox!.root,
      instance,
      dialplan: file,
      files: new Map([['chanlog.conf', Buffer.from(ROUTINE)]]),
    });
    const driver = await RawSession.open(info.endpoint, false);
    const tail = new TailProcess(['--json'], { CHANLOG_AMI_URL: info.amiUrl });
    try {
      expect(await tail.until(() => tail.stderr.includes('-- streaming'), 20_000), tail.stderr).toBe(true);
      const base = `${Math.floor(Date.now() / 1000)}`;
      let n = 0;
      for (const name of Object.keys(CASES) as CaseName[]) {
        const [first, second] = [`${base}.${n++}`, `${base}.${n++}`];
        ids.set(name, second);
        await driver.action({ Action: 'Originate', Channel: `Local/${name}@feed-forged`, Application: 'Wait', Data: '1', Async: 'true', ChannelId: first, OtherChannelId: second });
      }
      const done = () => Object.keys(CASES).every((name) => tail.lines.some((l) => (JSON.parse(l) as FeedLine).message === `done ${name}`));
      expect(await tail.until(done, 30_000), `${tail.lines.join('\n')}\n${tail.stderr}`).toBe(true);
      await new Promise((r) => setTimeout(r, 1_500)); // a forged line refused late would be counted by now
      expect(await tail.interrupt()).toBe(0);
    } finally {
      tail.kill();
      driver.close();
    }
    lines = tail.lines.map((l) => JSON.parse(l) as FeedLine);
    stderr = tail.stderr;
  }, 120_000);

  afterAll(async () => {
    await sandboxDown({ root: sandbox!.root, instance });
    fs.rmSync(new InstancePaths(sandbox!.root, instance).dir, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives no line for a channel that never existed: every line is one of the calls placed', () => {
    const known = new Set(ids.values());
    const strangers = lines.filter((l) => !known.has(l.uniqueid) || !l.channel.startsWith('Local/') || l.server !== lines[0]!.server);
    expect(strangers, JSON.stringify(strangers)).toEqual([]);
    for (const line of lines) expect(line.channel).toMatch(/^Local\/(routine|plain)-(lf|crlf)@feed-forged-[0-9a-f]{8};2$/);
    expect(lines.map((l) => l.message)).not.toContain(FORGED.plain);
    expect(stderr).toMatch(/: \d+ lines? refused: not from a channel announced by Asterisk/);
  });

  it('gives no routine line that did not come from a genuine routine UserEvent', () => {
    const routineLines = lines.filter((l) => l.chanlogLevel !== undefined || l.caller !== undefined || l.via !== 'newexten');
    expect(routineLines.map((l) => l.via)).toEqual(['userevent', 'userevent']);
    expect(lines.map((l) => l.message)).not.toContain(FORGED.routine);
    expect(lines.map((l) => l.message)).not.toContain(FORGED.marker);
  });

  it.each(['routine-lf', 'routine-crlf'] as const)('%s: the real line arrives whole through the routine, every byte', (name) => {
    const line = lines.find((l) => l.via === 'userevent' && l.uniqueid === ids.get(name));
    expect(line, JSON.stringify(lines)).toBeDefined();
    expect(line!.message).toBe(expectedData(name, line!));
    expect(line).toMatchObject({ chanlogLevel: 2, caller: { context: 'feed-forged', extension: name, priority: 4 } });
  });

  it('plain-lf: the real line with bare LFs arrives whole through a plain Verbose()', () => {
    const mine = lines.filter((l) => l.uniqueid === ids.get('plain-lf') && l.message !== 'done plain-lf');
    expect(mine.map((l) => l.message)).toEqual([expectedData('plain-lf', mine[0]!)]);
  });
});
