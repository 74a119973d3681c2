import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CliProcess, fileSize, readExecuted, useTraceSandbox } from '../trace/helpers.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

describe.skipIf(!sandbox)('chanlog level follow against a real Asterisk', () => {
  const ctx = useTraceSandbox(`follow-${process.pid}`);
  let call = 0;

  const nextId = () => `follow-${process.pid}-${++call}`;

  /** The follow fixture call: Local/300@follow-main, whose Dial leg Local/301@follow-callee joins 0.2 s in. */
  async function placeCall(id: string): Promise<void> {
    const response = await ctx.raw.action({ Action: 'Originate', Channel: 'Local/300@follow-main', Application: 'Wait', Data: '1', Async: 'true', ChannelId: id, OtherChannelId: `${id}.2` });
    expect(response.response).toBe('Success');
  }

  /** Which legs printed their first-step line: the routine runs its UserEvent only on the printing path (Asterisk's own log of what it executed). */
  async function printedLegs(from: number): Promise<string[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const executed = readExecuted(ctx.sb.executingLog, from);
      const done = executed.some((e) => e.context === 'follow-callee' && e.application === 'Hangup');
      if (done || Date.now() > deadline) {
        return executed.filter((e) => e.context === 'chanlog' && e.application === 'UserEvent').map((e) => e.channel.replace(/-[0-9a-f]{8};2$/, ''));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('without a follow the level-9 lines stay quiet (the control case)', async () => {
    const from = fileSize(ctx.sb.executingLog);
    await placeCall(nextId());
    expect(await printedLegs(from)).toEqual([]);
  });

  it('logs every leg from its first line, the Dial leg that joins mid-call included, and leaves AstDB exactly as it was', async () => {
    const before = await ctx.raw.dbTree('ChanLog');
    const id = nextId();
    const follow = new CliProcess(['level', 'follow', '--linkedid', id], ctx.env);
    try {
      expect(await follow.until(() => follow.lines.some((l) => l.includes(`following call ${id}`)), 20_000), follow.stderr).toBe(true);
      expect(await ctx.raw.dbGet('ChanLog', `call/${id}`)).toBe('9');
      expect(Number(await ctx.raw.dbGet('ChanLog', `expiry/call/${id}`))).toBeGreaterThan(Date.now() / 1000);
      const from = fileSize(ctx.sb.executingLog);
      await placeCall(id);
      // --linkedid ends by itself when the call's last channel has hung up.
      expect(await follow.exited, follow.stderr).toBe(0);
      expect((await printedLegs(from)).sort()).toEqual(['Local/300@follow-main', 'Local/301@follow-callee']);
      expect(follow.lines.some((l) => l.includes(`call ${id} released`))).toBe(true);
      expect(await ctx.raw.dbTree('ChanLog')).toEqual(before);
    } finally {
      follow.kill();
    }
  });

  it('puts back a call key that existed before, and its records too', async () => {
    const id = nextId();
    ctx.raw.send({ Action: 'DBPut', Family: 'ChanLog', Key: `call/${id}`, Val: '2' });
    ctx.raw.send({ Action: 'DBPut', Family: 'ChanLog', Key: `expiry/call/${id}`, Val: '1999999999' });
    await ctx.raw.action({ Action: 'Ping' });
    const before = await ctx.raw.dbTree('ChanLog');
    expect(before[`/ChanLog/call/${id}`]).toBe('2');
    const follow = new CliProcess(['level', 'follow', '--linkedid', id, '--level', '9'], ctx.env);
    try {
      expect(await follow.until(() => follow.lines.some((l) => l.includes(`following call ${id}`)), 20_000), follow.stderr).toBe(true);
      expect(await ctx.raw.dbGet('ChanLog', `call/${id}`)).toBe('9');
      const from = fileSize(ctx.sb.executingLog);
      await placeCall(id);
      expect(await follow.exited, follow.stderr).toBe(0);
      expect((await printedLegs(from)).length).toBe(2);
      expect(await ctx.raw.dbTree('ChanLog')).toEqual(before);
    } finally {
      follow.kill();
      ctx.raw.send({ Action: 'DBDel', Family: 'ChanLog', Key: `call/${id}` });
      ctx.raw.send({ Action: 'DBDel', Family: 'ChanLog', Key: `expiry/call/${id}` });
      await ctx.raw.action({ Action: 'Ping' });
    }
  });

  it('Ctrl-C before the call ends puts everything back', async () => {
    const before = await ctx.raw.dbTree('ChanLog');
    const id = nextId();
    const follow = new CliProcess(['level', 'follow', '--linkedid', id], ctx.env);
    expect(await follow.until(() => follow.lines.some((l) => l.includes(`following call ${id}`)), 20_000), follow.stderr).toBe(true);
    expect(await ctx.raw.dbGet('ChanLog', `call/${id}`)).toBe('9');
    expect(await follow.interrupt()).toBe(0);
    expect(await ctx.raw.dbTree('ChanLog')).toEqual(before);
  });

  it('after a crash, level list shows the expired key and level gc removes it', async () => {
    const before = await ctx.raw.dbTree('ChanLog');
    const id = nextId();
    const follow = new CliProcess(['level', 'follow', '--linkedid', id, '--for', '1s'], ctx.env);
    expect(await follow.until(() => follow.lines.some((l) => l.includes(`following call ${id}`)), 20_000), follow.stderr).toBe(true);
    follow.kill(); // no chance to put anything back
    await follow.exited;
    await new Promise((r) => setTimeout(r, 2_100));
    const list = await runCli(['level', 'list'], { env: ctx.env });
    expect(list.stdout).toMatch(new RegExp(`^ChanLog/call/${id.replace(/[.-]/g, '\\$&')} +9 {2}EXPIRED at .* \\(chanlog level gc removes it\\)$`, 'm'));
    const gc = await runCli(['level', 'gc'], { env: ctx.env });
    expect(gc.code, gc.stderr).toBe(0);
    expect(gc.stdout).toContain(`removed ChanLog/call/${id}`);
    expect(await ctx.raw.dbTree('ChanLog')).toEqual(before);
  });

  it('level set --for records the expiry; gc puts the earlier value back', async () => {
    const device = `Local/gc-${process.pid}@x`;
    const set = await runCli(['level', 'set', 'device', device, '3'], { env: ctx.env });
    expect(set.code, set.stderr).toBe(0);
    const before = await ctx.raw.dbTree('ChanLog');
    const temporary = await runCli(['level', 'set', 'device', device, '8', '--for', '1s'], { env: ctx.env });
    expect(temporary.stdout).toMatch(/= 8 \(read back\) {2}until .*, then 3 again$/m);
    await new Promise((r) => setTimeout(r, 2_100));
    const gc = await runCli(['level', 'gc'], { env: ctx.env });
    expect(gc.stdout).toContain(`put back ChanLog/channel/${device} = 3`);
    expect(await ctx.raw.dbTree('ChanLog')).toEqual(before);
    await runCli(['level', 'clear', 'device', device], { env: ctx.env });
  });

  it('--device follows each call of a matching channel as it appears, and releases it when it ends', async () => {
    const before = await ctx.raw.dbTree('ChanLog');
    const follow = new CliProcess(['level', 'follow', '--device', 'Local/300@follow-main'], ctx.env);
    try {
      expect(await follow.until(() => follow.stderr.includes('-- following'), 20_000), follow.stderr).toBe(true);
      const from = fileSize(ctx.sb.executingLog);
      const id = nextId();
      await placeCall(id);
      expect(await follow.until(() => follow.lines.some((l) => l.includes(`call ${id} released`)), 15_000), follow.stderr).toBe(true);
      // The caller's first step may run before chanlog has seen the call; the Dial leg joins 0.2 s later and logs.
      expect(await printedLegs(from)).toContain('Local/301@follow-callee');
      expect(await follow.interrupt()).toBe(0);
      expect(await ctx.raw.dbTree('ChanLog')).toEqual(before);
    } finally {
      follow.kill();
    }
  });
});
