import { describe, expect, it } from 'vitest';
import { formatLine } from '../../src/ami/line-format.js';
import type { SourceLocator } from '../../src/ami/source-locator.js';
import { describeGap, locateLine, matchesFilter } from '../../src/ami/tail.js';
import type { VerboseLine } from '../../src/ami/verbose-stream.js';
import { parseNamePattern } from '../../src/util/pattern.js';

const line: VerboseLine = {
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
    const located = locateLine(line, locator);
    expect(located).toMatchObject({ source: { file: 'chanlog.conf', line: 29 }, callerSource: { file: 'extensions.conf', line: 43 } });
    expect(formatLine(located)).toContain(' from-internal,200,3(extensions.conf:43) L2 v0 ');
  });
  it('shows the step itself, L- and one id for a plain Verbose', () => {
    const plain = { ...line, chanlogLevel: undefined, caller: undefined, context: 'ivr', extension: '1', priority: 2, linkedid: line.uniqueid, verboseLevel: 3 };
    expect(formatLine(plain)).toBe('14:03:07.412 pbx1 PJSIP/100-0000002a [1700000000.42] ivr,1,2 L- v3 dialling 200, "now"');
  });
  it('--json carries channel, message and the rest, one object per line', () => {
    const text = JSON.stringify(locateLine(line, undefined));
    expect(text).not.toContain('\n');
    expect(JSON.parse(text)).toMatchObject({ channel: line.channel, device: 'PJSIP/100', message: line.message, chanlogLevel: 2 });
  });
  it('describes a reconnect gap', () => {
    const since = new Date(2026, 0, 2, 14, 3, 7, 0);
    const until = new Date(2026, 0, 2, 14, 3, 9, 500);
    expect(describeGap('pbx1', { since, until, gapMs: 2500, attempts: 3 })).toBe(
      '-- gap: pbx1: disconnected from 14:03:07.000 to 14:03:09.500 (2.5 s, 3 attempts); lines logged in between are missing',
    );
  });
});
