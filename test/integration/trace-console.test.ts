import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFeed } from '../../src/ami/feed.js';
import { MATCH } from '../../src/console/style.js';
import { waitFor } from '../../src/sandbox/process.js';
import { ConsoleTrace } from '../../src/trace/console-trace.js';
import type { WatchHit } from '../../src/trace/line-watch.js';
import { useTraceSandbox } from '../trace/helpers.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

describe.skipIf(!sandbox)("the console's trace, follow and watch against a real Asterisk", () => {
  const ctx = useTraceSandbox(`trace-console-${process.pid}`);

  it('traces the selected call into its pane, follows it until it ends, and catches a watched line on any call', async () => {
    const target = { name: 'pbx', endpoint: ctx.sb.info.endpoint, source: 'test' };
    const feed = await openFeed([target], {});
    const hits: WatchHit[] = [];
    const trace = new ConsoleTrace({ targets: [target], feed, configDir: ctx.sb.info.configDir, onChange: () => {}, onWatchHit: (hit) => hits.push(hit) });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-trace-save-'));
    try {
      const before = await ctx.raw.dbTree('ChanLog');
      // The Dial line of the fixture (trace-target, priority 3).
      expect(await trace.watch('trace.conf:18')).toEqual({ file: 'trace.conf', line: 18 });
      await expect(trace.watch('trace.conf:2')).rejects.toThrow(/no dialplan step at trace\.conf:2/);

      const id = `console-${process.pid}`;
      const call = { server: 'pbx', linkedid: id };
      await trace.trace(call);
      expect(await trace.toggleFollow(call)).toBe(true);
      expect(await ctx.raw.dbGet('ChanLog', `call/${id}`)).toBe('9');

      // The traced call, and another call that also runs the watched line.
      for (const channelId of [id, `other-${process.pid}`]) {
        const response = await ctx.raw.action({ Action: 'Originate', Channel: 'Local/150@trace-main', Application: 'Wait', Data: '1', Async: 'true', ChannelId: channelId, OtherChannelId: `${channelId}.2` });
        expect(response.response).toBe('Success');
      }
      // Released when the call's last channel hangs up: AstDB as it was found.
      expect(await waitFor(() => !trace.isFollowed(call), 15_000, 50)).toBe(true);
      expect(await ctx.raw.dbTree('ChanLog')).toEqual(before);

      expect(hits.map((h) => [h.step.linkedid, h.step.application, h.line.line]).sort()).toEqual([
        [id, 'Dial', 18],
        [`other-${process.pid}`, 'Dial', 18],
      ]);
      const rows = trace.render(200, 40);
      const text = rows.map((r) => r.segments.map((s) => s.text).join(''));
      expect(text[0]).toContain(`TRACE ${id} on pbx`);
      expect(text[0]).toContain('watching trace.conf:18');
      expect(text.some((t) => / trace-main,150,2 >> Gosub\(trace-sub,s,1\(hello\)\) @ trace\.conf:7 /.test(t))).toBe(true);
      // The last watch hit (either call) under the title, then only the traced call's steps; the watched line's step is highlighted.
      expect(text[1]).toMatch(/^watched trace\.conf:18 ran on Local\/150@trace-main-[0-9a-f]{8};2 \[(console|other)-[0-9]+\] Dial\(Local\/200@trace-callee,5\)$/);
      expect(text.slice(2).some((t) => t.includes('other-'))).toBe(false);
      const dialRow = rows.find((r) => r.segments.some((s) => s.text.includes('Dial(Local/200@trace-callee,5)')));
      expect(dialRow?.segments[0]?.style).toEqual(MATCH);

      const saved = trace.save(path.join(dir, 'call.jsonl'), []);
      const objects = fs.readFileSync(saved.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; linkedid: string; kind: string });
      expect(objects.length).toBe(saved.steps);
      expect(objects.every((o) => o.type === 'step' && o.linkedid === id)).toBe(true);
      expect(() => trace.save(path.join(dir, 'call.jsonl'), [])).toThrow(/exists/);
    } finally {
      await trace.close();
      await feed.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quitting puts back the key of a call still followed', async () => {
    const target = { name: 'pbx', endpoint: ctx.sb.info.endpoint, source: 'test' };
    const feed = await openFeed([target], {});
    const trace = new ConsoleTrace({ targets: [target], feed, onChange: () => {} });
    const before = await ctx.raw.dbTree('ChanLog');
    const call = { server: 'pbx', linkedid: `quit-${process.pid}` };
    try {
      expect(await trace.toggleFollow(call)).toBe(true);
      expect(await ctx.raw.dbGet('ChanLog', `call/${call.linkedid}`)).toBe('9');
    } finally {
      await trace.close();
      await feed.stop();
    }
    expect(await ctx.raw.dbTree('ChanLog')).toEqual(before);
  });
});
