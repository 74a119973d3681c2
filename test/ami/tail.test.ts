import { describe, expect, it } from 'vitest';
import { locateLine } from '../../src/ami/feed.js';
import { describeFeedEvent } from '../../src/ami/feed-notices.js';
import type { FeedLine } from '../../src/ami/feed-types.js';
import { formatJson, formatLine, layoutColumns, lineFields, NARROW_MESSAGE_COLUMN } from '../../src/ami/line-format.js';
import type { SourceLocator } from '../../src/ami/source-locator.js';
import { feedPrinter, matchesFilter } from '../../src/ami/tail.js';
import { parseNamePattern } from '../../src/util/pattern.js';

const line: FeedLine = {
  time: new Date(2026, 0, 2, 14, 3, 7, 412),
  server: 'pbx1',
  channel: 'PJSIP/100-0000002a',
  device: 'PJSIP/100',
  uniqueid: '1700000000.42',
  linkedid: '1700000000.41',
  context: 'chanlog',
  extension: 's',
  priority: 29,
  application: 'Verbose',
  chanlogLevel: 2,
  caller: { context: 'from-internal', extension: '200', priority: 3 },
  verboseLevel: 0,
  message: 'dialling 200, "now"',
  via: 'userevent',
};

describe('tail filters', () => {
  it('keeps a line only when every given criterion holds', () => {
    expect(matchesFilter(line, {})).toBe(true);
    expect(matchesFilter(line, { maxLevel: 2 })).toBe(true);
    expect(matchesFilter(line, { maxLevel: 1 })).toBe(false);
    expect(matchesFilter({ ...line, chanlogLevel: undefined }, { maxLevel: 9 })).toBe(false);
    expect(matchesFilter(line, { device: parseNamePattern('PJSIP/10?', '') })).toBe(true);
    expect(matchesFilter(line, { device: parseNamePattern('PJSIP/2*', '') })).toBe(false);
    expect(matchesFilter(line, { channel: parseNamePattern('/-0000002a$/', '') })).toBe(true);
    expect(matchesFilter(line, { channel: parseNamePattern('PJSIP/100', '') })).toBe(false);
    expect(matchesFilter(line, { grep: /"now"/, maxLevel: 5 })).toBe(true);
    expect(matchesFilter(line, { grep: /later/ })).toBe(false);
  });
  it('a global regex does not carry its position from one line to the next', () => {
    const grep = /dial/g;
    expect(matchesFilter(line, { grep })).toBe(true);
    expect(matchesFilter(line, { grep })).toBe(true);
  });
});

describe('tail output', () => {
  const locator: SourceLocator = {
    locate: (context, exten, priority) =>
      context === 'from-internal' && exten === '200' ? { file: 'extensions.conf', line: 40 + priority } : context === 'chanlog' ? { file: 'chanlog.conf', line: priority } : undefined,
  };
  it("shows the caller's GoSub step for routine lines, with file:line when a locator knows it", () => {
    expect(formatLine(line)).toBe('14:03:07.412 pbx1 PJSIP/100-0000002a [1700000000.42/1700000000.41] from-internal,200,3 L2 v0 dialling 200, "now"');
    const located = locateLine({ ...line }, locator); // a copy: locateLine adds to the line it is given
    expect(located).toMatchObject({ source: { file: 'chanlog.conf', line: 29 }, callerSource: { file: 'extensions.conf', line: 43 } });
    expect(formatLine(located)).toContain(' from-internal,200,3(extensions.conf:43) L2 v0 ');
  });
  it('shows the step itself, L- and one id for a plain Verbose', () => {
    const plain: FeedLine = { ...line, chanlogLevel: undefined, caller: undefined, context: 'ivr', extension: '1', priority: 2, linkedid: line.uniqueid, verboseLevel: 3, via: 'newexten' };
    expect(formatLine(plain)).toBe('14:03:07.412 pbx1 PJSIP/100-0000002a [1700000000.42] ivr,1,2 L- v3 dialling 200, "now"');
  });
  it('--json carries channel, message and the rest, one object per line', () => {
    const text = formatJson(locateLine(line, undefined));
    expect(text).not.toContain('\n');
    expect(JSON.parse(text)).toMatchObject({ channel: line.channel, device: 'PJSIP/100', message: line.message, chanlogLevel: 2, via: 'userevent' });
  });
  it('escapes control characters and bidi overrides in human output; JSON carries them exactly', () => {
    const hostile = { ...line, message: 'a\x1b]0;owned\x07b\r\nEvent: Newexten\u202ec', channel: 'PJSIP/1\x1b[2J-00000001' };
    const text = formatLine(hostile);
    expect(text).not.toMatch(/[\x00-\x1f\x7f\u202e]/);
    expect(text).toContain('a\\e]0;owned\\x07b\\r\\nEvent: Newexten\\u202ec');
    expect(text).toContain('PJSIP/1\\e[2J-00000001');
    expect((JSON.parse(formatJson(hostile)) as FeedLine).message).toBe(hostile.message);
  });
  it('Log() shows its level name instead of v0', () => {
    expect(formatLine({ ...line, application: 'Log', verboseLevel: 'NOTICE' })).toContain(' L2 NOTICE dialling');
  });
});

describe('narrow terminals', () => {
  const local: FeedLine = { ...line, channel: 'Local/7002@chanlog-demo-0000004a;2', device: 'Local/7002@chanlog-demo' };
  it.each([40, 80, 100, 159])('at %i columns the message starts within the first 40', (width) => {
    for (const l of [line, local, { ...line, caller: { context: 'a-very-long-context-name-indeed', extension: '_X.', priority: 12 } }]) {
      const text = formatLine(l, width);
      expect(text.indexOf(l.message) + 1).toBeLessThanOrEqual(NARROW_MESSAGE_COLUMN);
      expect(text.startsWith('14:03:07 ')).toBe(true);
      expect(text).toContain(' L2 ');
    }
  });
  it('abbreviates the channel: a Local channel loses its context, the suffix its leading digits', () => {
    expect(lineFields(local).shortChannel).toBe('Local/7002-004a;2');
    expect(lineFields(line).shortChannel).toBe('PJSIP/100-002a');
  });
  it('gives the caller its room when one server needs no column', () => {
    const columns = layoutColumns(lineFields(line), 80, { server: false });
    expect(columns.map((c) => c.field)).toEqual(['shortTime', 'shortChannel', 'where', 'level']);
    expect(columns.map((c) => c.text).join(' ').length + 1).toBeLessThanOrEqual(NARROW_MESSAGE_COLUMN);
  });
  it('wide terminals get the full line', () => {
    expect(formatLine(line, 200)).toBe(formatLine(line));
  });
});

describe('feed notices', () => {
  it('describes a reconnect gap', () => {
    const since = new Date(2026, 0, 2, 14, 3, 7, 0);
    const until = new Date(2026, 0, 2, 14, 3, 9, 500);
    expect(describeFeedEvent({ kind: 'gap', server: 'pbx1', since, until, attempts: 3 })).toBe(
      '-- gap: pbx1: disconnected from 14:03:07.000 to 14:03:09.500 (2.5 s, 3 attempts); lines logged in between are missing',
    );
  });
  it('says what was lost and why', () => {
    expect(describeFeedEvent({ kind: 'lost', server: 'pbx1', count: 3, reason: 'slow-reader' })).toBe('-- pbx1: 3 lines dropped: output too slow');
    expect(describeFeedEvent({ kind: 'lost', server: 'pbx1', count: 1, reason: 'unknown-channel' })).toMatch(/^-- pbx1: 1 line refused: /);
    expect(describeFeedEvent({ kind: 'status', status: { name: 'pbx1', state: 'reconnecting', since: new Date(), events: 0, detail: 'reset\x1b[2J' } })).toBe(
      '-- lost the connection to pbx1 (reset\\e[2J); reconnecting',
    );
  });
  it('the printer filters lines and writes notices apart', () => {
    const out: string[] = [];
    const notices: string[] = [];
    const print = feedPrinter({ filter: { maxLevel: 1 }, json: true }, { line: (t) => out.push(t), notice: (t) => notices.push(t) });
    print({ kind: 'line', line });
    print({ kind: 'line', line: { ...line, chanlogLevel: 1 } });
    print({ kind: 'failed', server: 'pbx1', error: new Error('refused') });
    expect(out.map((t) => (JSON.parse(t) as FeedLine).chanlogLevel)).toEqual([1]);
    expect(notices).toEqual(['-- pbx1: gave up: refused']);
  });
});
