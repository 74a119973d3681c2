import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROUTINE_OPTIONS, routineDocument } from '../../src/chanlog/routine.js';
import { printConfig } from '../../src/dialplan/config/printer.js';
import { stepsOf } from '../helpers/dialplan-steps.js';
import { ConsoleHarness } from './harness.js';

let open: ConsoleHarness[] = [];
function start(width: number, height: number, options: ConstructorParameters<typeof ConsoleHarness>[2] = {}): ConsoleHarness {
  const h = new ConsoleHarness(width, height, options);
  open.push(h);
  return h;
}
afterEach(() => {
  for (const h of open) h.close();
  open = [];
});

describe('log pane', () => {
  it('shows the newest line at the bottom, coloured by its ChanLog level', async () => {
    const h = start(160, 48);
    for (let i = 0; i < 100; i++) h.feed.line(`message ${i}`, { chanlogLevel: i % 3 });
    await h.settle();
    const rows = h.rows();
    const last = h.find('message 99');
    expect(rows.slice(last.y + 1, -1).every((r) => r.trim() === '')).toBe(true);
    expect(h.text()).not.toContain('message 0\n');
    // Level 0 bright white bold, level 1 bright green: different colours.
    const l0 = h.find('message 99'); // 99 % 3 = 0
    const l1 = h.find('message 97'); // 97 % 3 = 1
    const s0 = h.app.screen.styleAt(l0.x, l0.y);
    const s1 = h.app.screen.styleAt(l1.x, l1.y);
    expect(s0.bold).toBe(true);
    expect(s0.fg).not.toBe(s1.fg);
  });

  it('escapes control characters and bidi overrides in dialplan text', async () => {
    const h = start(120, 30);
    h.feed.line('evil \x1b]0;owned\x07 text \u202e end', { channel: 'PJSIP/1\x1b[2J-00000001' });
    await h.settle();
    expect(h.text()).toContain('evil \\e]0;owned\\x07 text \\u202e end');
    expect(h.text()).not.toContain('\x1b');
  });

  it('wraps a long message under its message column', async () => {
    const h = start(80, 24);
    h.feed.line(`start ${'y'.repeat(150)} finish`);
    await h.settle();
    const first = h.find('start');
    const rows = h.rows();
    expect(rows[first.y + 1]!.slice(0, first.x).trim()).toBe('');
    expect(rows.slice(first.y, first.y + 4).join('')).toContain('finish');
  });

  it('pauses on space and when scrolled up, counts new lines, and follows again on End', async () => {
    const h = start(100, 30);
    for (let i = 0; i < 50; i++) h.feed.line(`early ${i}`);
    await h.settle();
    expect(h.text()).toContain('FOLLOWING');
    h.press('tab', 'up'); // focus the log, scroll up
    for (let i = 0; i < 7; i++) h.feed.line(`late ${i}`);
    await h.settle();
    expect(h.text()).toContain('PAUSED +7 new');
    expect(h.text()).not.toContain('late 6');
    expect(h.text()).toContain('early 48');
    h.press('end');
    await h.settle();
    expect(h.text()).toContain('late 6');
    h.press('space');
    h.feed.line('while paused');
    await h.settle();
    expect(h.text()).toContain('PAUSED +1 new');
    expect(h.text()).not.toContain('while paused');
  });

  it('writes a gap into the log and shows the server reconnecting in the status bar, keeping the scrollback', async () => {
    const h = start(160, 40);
    h.feed.line('before the outage');
    h.feed.emit({ kind: 'status', status: { name: 'pbx1', state: 'reconnecting', since: new Date(h.clock - 3000), events: 1, detail: 'socket closed' } });
    await h.settle();
    expect(h.rows()[0]).toContain('pbx1 reconnecting 3s');
    expect(h.text()).toContain('-- lost the connection to pbx1 (socket closed); reconnecting');
    h.feed.emit({ kind: 'gap', server: 'pbx1', since: new Date(2026, 0, 1, 10, 0, 0), until: new Date(2026, 0, 1, 10, 0, 4, 500), attempts: 3 });
    h.feed.emit({ kind: 'status', status: { name: 'pbx1', state: 'connected', since: new Date(h.clock), events: 1 } });
    h.feed.line('after the outage');
    await h.settle();
    const text = h.text();
    expect(h.rows()[0]).toContain('pbx1 connected');
    expect(text).toMatch(/gap: .*10:00:00\.000 to 10:00:04\.500 \(4\.5 s, 3 attempts\)/);
    expect(text.indexOf('before the outage')).toBeLessThan(text.indexOf('after the outage'));
  });

  it('draws at most one frame per interval however many lines arrive', async () => {
    const h = start(100, 30, { frameMs: 33, now: Date.now });
    const before = h.app.stats().frames;
    for (let i = 0; i < 10_000; i++) h.feed.line(`burst ${i}`);
    await new Promise((r) => setTimeout(r, 120));
    const frames = h.app.stats().frames - before;
    expect(frames).toBeGreaterThanOrEqual(1);
    expect(frames).toBeLessThanOrEqual(2);
    expect(h.app.stats().linesReceived).toBe(10_000);
    expect(h.text()).toContain('burst 9999');
  });
});

describe('filters and search', () => {
  function withTraffic(h: ConsoleHarness) {
    h.feed.line('alpha from 100', { channel: 'PJSIP/100-00000001', chanlogLevel: 1 });
    h.feed.line('beta from 200', { channel: 'PJSIP/200-00000002', chanlogLevel: 4 });
    h.feed.line('gamma from 100', { channel: 'PJSIP/100-00000003', chanlogLevel: 3 });
  }

  it('filters by device glob, shows the filter, and one key turns all filters off and on', async () => {
    const h = start(120, 30);
    withTraffic(h);
    h.press('d').type('PJSIP/1*').press('enter');
    await h.settle();
    expect(h.rows()[1]).toMatch(/Filters\s+ON\s+device PJSIP\/1\*/);
    expect(h.text()).toContain('alpha from 100');
    expect(h.text()).not.toContain('beta from 200');
    expect(h.text()).toContain('2 shown, 1 filtered out');
    h.press('F');
    await h.settle();
    expect(h.rows()[1]).toMatch(/OFF \(F: on\).*device PJSIP\/1\*/);
    expect(h.text()).toContain('beta from 200');
    h.press('F', 'i');
    await h.settle();
    expect(h.rows()[1]).toContain('INVERTED');
    expect(h.text()).toContain('beta from 200');
    expect(h.text()).not.toContain('alpha from 100');
  });

  it('filters by level and message regex together; a bad regex is a message, not a crash', async () => {
    const h = start(120, 30);
    withTraffic(h);
    h.press('v').type('3').press('enter', 'g').type('^(alpha|beta)').press('enter');
    await h.settle();
    expect(h.text()).toContain('alpha from 100');
    expect(h.text()).not.toContain('gamma from 100'); // grep
    expect(h.text()).not.toContain('beta from 200'); // level 4 > 3
    h.press('g').press('C-u').type('(unclosed').press('enter');
    await h.settle();
    expect(h.rows().at(-1)).toMatch(/not a valid regular expression/);
    h.press('v').press('C-u').type('12').press('enter');
    await h.settle();
    expect(h.rows().at(-1)).toMatch(/level must be from 0 to 9/);
    h.press('x');
    await h.settle();
    expect(h.text()).toContain('gamma from 100');
  });

  it('/ searches, jumps to the newest match, highlights it, and n / N move between matches', async () => {
    const h = start(120, 30);
    for (let i = 0; i < 100; i++) h.feed.line(i % 10 === 0 ? `needle ${i}` : `hay ${i}`);
    await h.settle();
    h.press('/').type('needle').press('enter');
    await h.settle();
    expect(h.text()).toContain('PAUSED');
    const match = h.find('needle 90');
    const style = h.app.screen.styleAt(match.x, match.y);
    expect(style.bg).toBe(3); // yellow
    expect(h.app.screen.styleAt(match.x + 'needle '.length, match.y).bg).toBeUndefined();
    h.press('N', 'N', 'N', 'N', 'N', 'N');
    await h.settle();
    // The bottom line is now needle 30; newer lines are below the screen.
    const rows = h.rows();
    expect(rows.findLastIndex((r) => r.includes('needle 30'))).toBe(rows.length - 2);
    h.press('n');
    await h.settle();
    expect(h.rows().at(-2)).toContain('needle 40');
  });

  it('Enter on a call shows only its lines; Enter again shows all', async () => {
    const h = start(120, 30);
    h.feed.addChannel('PJSIP/100-00000001', { linkedid: 'call-A', uniqueid: 'call-A' });
    h.feed.line('in call A', { channel: 'PJSIP/100-00000001', linkedid: 'call-A' });
    h.feed.line('in call B', { channel: 'PJSIP/200-00000002', linkedid: 'call-B' });
    h.press('enter');
    await h.settle();
    expect(h.rows()[1]).toContain('call PJSIP/100-00000001 (call-A)');
    expect(h.text()).toContain('in call A');
    expect(h.text()).not.toContain('in call B');
    h.press('enter');
    await h.settle();
    expect(h.text()).toContain('in call B');
  });
});

describe('calls pane', () => {
  it('lists live channels grouped by call, with state, place, duration and effective level', async () => {
    const h = start(160, 48, { levels: { 'ChanLog/all': '2', 'ChanLog/channel/Local/7002@demo': '6' } });
    h.feed.addChannel('Local/7002@demo-00000001;1', { linkedid: 'L1', uniqueid: 'L1', created: new Date(0) });
    h.feed.addChannel('PJSIP/300-0000000a', { linkedid: 'L9', uniqueid: 'L9', created: new Date(10_000), state: 'Ringing' });
    h.feed.addChannel('Local/7002@demo-00000001;2', { linkedid: 'L1', uniqueid: 'L2', created: new Date(1_000), context: 'demo', extension: '7002', priority: 4 });
    await h.settle();
    const rows = h.rows();
    const a = h.find('Local/7002@demo-00000001;1');
    expect(rows[a.y + 1]).toMatch(/└ Local\/7002@demo-00000001;2 .*demo,7002,4 .*0:59 +6 dev/);
    expect(rows[a.y]).toMatch(/Up .*from-internal,200,3 .*1:00 +6 dev/);
    expect(rows[a.y + 2]).toMatch(/PJSIP\/300-0000000a .*Ringing .*0:50 +2 all/);
    expect(rows[a.y - 1]).toContain('3 channels, 2 calls');
    h.feed.emit({ kind: 'channel', change: 'hangup', channel: h.feed.channels()[0]! });
    await h.settle();
    expect(h.find('Local/7002@demo-00000001;1').y).toBe(a.y);
    expect(h.rows()[a.y]).toContain('Hungup');
    h.clock += 6_000;
    await new Promise((r) => setTimeout(r, 1_100)); // the one-second ticker forgets it
    await h.settle();
    expect(h.text()).not.toContain('Local/7002@demo-00000001;1');
    expect(h.text()).toContain('2 channels, 2 calls');
  });
  it('highlights the rows of a call that ran a watched source line, until the watches are cleared', async () => {
    const h = start(160, 48);
    h.feed.addChannel('PJSIP/100-00000001', { linkedid: 'L1', uniqueid: 'L1' });
    h.feed.addChannel('PJSIP/300-0000000a', { linkedid: 'L9', uniqueid: 'L9' });
    await h.settle();
    const highlighted = (needle: string) => h.app.screen.styleAt(h.find(needle).x + 2, h.find(needle).y).bg === 3; // yellow, as a search match
    expect(highlighted('PJSIP/300-0000000a')).toBe(false);
    h.app.store.markWatched(h.feed.servers[0]!, 'L9');
    await h.settle();
    expect(highlighted('PJSIP/300-0000000a')).toBe(true);
    expect(highlighted('PJSIP/100-00000001')).toBe(false); // another call
    h.app.store.clearWatched();
    await h.settle();
    expect(highlighted('PJSIP/300-0000000a')).toBe(false);
  });
});


describe('levels', () => {
  it('raises the selected call\'s device level in AstDB and shows the value read back', async () => {
    const h = start(100, 40, { levels: { 'ChanLog/all': '2' } });
    const db = h.feed.db.get('pbx1')!;
    h.feed.addChannel('PJSIP/100-0000002a');
    await h.settle();
    h.press('+');
    await h.settle();
    expect(db.values.get('ChanLog/channel/PJSIP/100')).toBe('3');
    expect(h.text()).toContain('✓ pbx1: ChanLog/channel/PJSIP/100 = 3 (read back)');
    expect(h.text()).toMatch(/● channel\/PJSIP\/100 +3/);
    h.press('>', '>');
    await h.settle();
    expect(db.values.get('ChanLog/channel/PJSIP/100-0000002a')).toBe('4');
    h.press('u');
    await h.settle();
    expect(db.values.has('ChanLog/channel/PJSIP/100')).toBe(false);
    expect(h.text()).toContain('cleared pbx1: ChanLog/channel/PJSIP/100 (was 3)');
  });

  it("shows Asterisk's refusal when a change is refused", async () => {
    const h = start(100, 30);
    h.feed.addChannel('PJSIP/100-0000002a');
    h.feed.db.get('pbx1')!.refuse = 'Permission denied';
    h.press('-');
    await h.settle();
    expect(h.text()).toContain('✗ pbx1: ChanLog/channel/PJSIP/100: refused DBPut: Permission denied');
  });

  it('a sets the global level after checking it; u in the levels pane clears the selected key', async () => {
    const h = start(120, 30);
    const db = h.feed.db.get('pbx1')!;
    h.press('a').type('11').press('enter');
    await h.settle();
    expect(db.values.has('ChanLog/all')).toBe(false);
    expect(h.rows().at(-1)).toMatch(/level must be from 0 to 9/);
    h.press('a').type('4').press('enter');
    await h.settle();
    expect(db.values.get('ChanLog/all')).toBe('4');
    h.press('S-tab', 'u'); // the levels pane, its first key
    await h.settle();
    expect(db.values.has('ChanLog/all')).toBe(false);
  });

  it('draws the selected level in the levels pane, and moves the selection with j', async () => {
    const h = start(120, 30, { levels: { 'ChanLog/all': '2', 'ChanLog/channel/PJSIP/100': '5' } });
    await h.settle();
    h.press('S-tab'); // the levels pane
    await h.settle();
    const selected = (needle: string) => h.app.screen.styleAt(h.find(needle).x, h.find(needle).y).inverse;
    expect(selected('channel/PJSIP/100')).toBe(false);
    expect(selected(' all ')).toBe(true);
    h.press('j');
    await h.settle();
    expect(selected('channel/PJSIP/100')).toBe(true);
    expect(selected(' all ')).toBe(false);
  });

  it("reads and changes levels in the family the server's routine reads", async () => {
    const h = start(100, 40, { levels: { 'Acme/all': '2', 'ChanLog/all': '8' } });
    const db = h.feed.db.get('pbx1')!;
    db.dialplan = stepsOf(printConfig(routineDocument('1.0.0', { ...DEFAULT_ROUTINE_OPTIONS, family: 'Acme' })));
    h.feed.addChannel('PJSIP/100-0000002a');
    await h.settle();
    expect(h.text()).toContain('AstDB Acme');
    expect(h.text()).toMatch(/● all +2/);
    h.press('+');
    await h.settle();
    expect(db.values.get('Acme/channel/PJSIP/100')).toBe('3');
    expect(db.values.has('ChanLog/channel/PJSIP/100')).toBe(false);
    expect(h.text()).toContain('✓ pbx1: Acme/channel/PJSIP/100 = 3 (read back)');
  });

  it('reads levels again on its own every interval (someone else changed one)', async () => {
    const h = start(120, 30, { levelPollMs: 20 });
    h.feed.db.get('pbx1')!.values.set('ChanLog/channel/SIP/other', '7');
    await new Promise((r) => setTimeout(r, 60));
    await h.settle();
    expect(h.text()).toMatch(/channel\/SIP\/other +7/);
  });
});

describe('save', () => {
  it('writes the lines in view as text, or as JSON Lines for .jsonl; never overwrites', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-save-'));
    try {
      const h = start(120, 30);
      h.feed.line('one', { channel: 'PJSIP/100-00000001' });
      h.feed.line('two', { channel: 'PJSIP/200-00000002' });
      h.press('d').type('PJSIP/100').press('enter');
      const text = path.join(dir, 'view.log');
      h.press('s', 'C-u').type(text).press('enter');
      await h.settle();
      expect(fs.readFileSync(text, 'utf8')).toMatch(/^\d\d:\d\d:\d\d\.\d{3} pbx1 PJSIP\/100-00000001 \[1700000000\.42\/1700000000\.41\] from-internal,200,3 L2 v0 one\n$/);
      expect(h.rows().at(-1)).toContain(`saved 1 line to ${text}`);
      const json = path.join(dir, 'view.jsonl');
      h.press('x', 's', 'C-u').type(json).press('enter');
      const objects = fs.readFileSync(json, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { message: string });
      expect(objects.map((o) => o.message)).toEqual(['one', 'two']);
      h.press('s', 'C-u').type(json).press('enter');
      await h.settle();
      expect(h.rows().at(-1)).toContain('exists; choose another name');
      expect(fs.readdirSync(dir).sort()).toEqual(['view.jsonl', 'view.log']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("S writes the selected call's lines, whatever the filters", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-save-'));
    try {
      const h = start(120, 30);
      h.feed.addChannel('PJSIP/100-00000001', { linkedid: 'A' });
      h.feed.line('a1', { linkedid: 'A' });
      h.feed.line('b1', { linkedid: 'B' });
      h.feed.line('a2', { linkedid: 'A' });
      h.press('g').type('zzz').press('enter');
      const file = path.join(dir, 'call.log');
      h.press('S', 'C-u').type(file).press('enter');
      expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ').at(-1))).toEqual(['a1', 'a2']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('screen', () => {
  it('? shows every binding of the keymap; any key closes it', async () => {
    const h = start(160, 48);
    h.press('?');
    await h.settle();
    for (const help of ['quit (the terminal is restored)', 'search the log', "raise the selected channel's device level", 'turn all filters off / on again']) {
      expect(h.text()).toContain(help);
    }
    h.press('z');
    await h.settle();
    expect(h.text()).not.toContain('quit (the terminal is restored)');
    expect(h.text()).toContain('FOLLOWING');
  });

  it('q ends run() with 0', async () => {
    const h = start(80, 24);
    const code = h.app.run();
    h.press('q');
    expect(await code).toBe(0);
  });

  it('lays out again when the terminal is resized', async () => {
    const h = start(160, 48);
    h.feed.addChannel('PJSIP/100-0000002a');
    await h.settle();
    expect(h.rows()).toHaveLength(48);
    expect(h.find('Levels').y).toBe(h.find('PJSIP/100-0000002a').y - 1); // beside the calls
    Object.assign(h.terminal.output, { columns: 80, rows: 24 });
    h.terminal.output.emit('resize');
    await new Promise((r) => setTimeout(r, 50));
    await h.settle();
    expect(h.rows()).toHaveLength(24);
    expect(h.find('Levels').y).toBeGreaterThan(h.find('PJSIP/100-0000002a').y); // under them
    expect(h.rows().every((r) => r.length <= 80)).toBe(true);
  });

  it('counts emoji as two columns, as terminals draw them, so the cells after them stay in place', async () => {
    const h = start(100, 30);
    h.feed.line('party 🎉 time ✓ 世界 end');
    await h.settle();
    const row = h.rows()[h.find('party').y]!;
    // snapshot() writes one string per drawn character; the placeholder cell after a wide one is not repeated.
    expect(row).toContain('party 🎉 time ✓ 世界 end');
    const x = h.find('party').x;
    expect(h.app.screen.styleAt(x, h.find('party').y)).toBeDefined();
  });

  it('monochrome (NO_COLOR): no colours, selection still visible by inverse video', async () => {
    const h = start(120, 30, { monochrome: true });
    h.feed.addChannel('PJSIP/100-0000002a');
    for (let i = 0; i < 5; i++) h.feed.line(`mono ${i}`, { chanlogLevel: i });
    await h.settle();
    for (let y = 0; y < 30; y++) for (let x = 0; x < 120; x += 7) expect(h.app.screen.styleAt(x, y).fg).toBeUndefined();
    const selected = h.find('PJSIP/100-0000002a');
    expect(h.app.screen.styleAt(selected.x, selected.y).inverse).toBe(true);
  });
});
