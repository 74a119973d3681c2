import { describe, expect, it } from 'vitest';
import { callFilter, channelPrefixFilter, escapeEre, literalPrefix } from '../../src/trace/filters.js';

describe('trace filters', () => {
  it('anchor at the event name and end the linkedid at white space, so 1.4 does not admit 1.42', () => {
    expect(callFilter('1700000000.4')).toBe('^Event: (Newchannel|Newexten|Hangup)[[:space:]].*Linkedid: 1700000000\\.4[[:space:]]');
  });

  it('refuse a linkedid that could change the filter or the frame', () => {
    for (const bad of ['', 'a\r\nAction: Logoff', 'a b', 'x.*', 'a|b', 'é']) expect(() => callFilter(bad), bad).toThrow(/linkedid/);
    expect(callFilter('call-1_x.2')).toMatch(/Linkedid: call-1_x\\\.2\[/);
  });

  it('escape every ERE special character of a channel prefix', () => {
    expect(escapeEre('Local/1.0@a(b)[c]*+?{}|^$\\')).toBe('Local/1\\.0@a\\(b\\)\\[c\\]\\*\\+\\?\\{\\}\\|\\^\\$\\\\');
    expect(channelPrefixFilter('PJSIP/10')).toBe('^Event: (Newchannel|Newexten|Hangup)[[:space:]]+Privilege: [^[:space:]]*[[:space:]]+Channel: PJSIP/10');
  });

  it('take the literal start of a glob or an anchored regex, and nothing when none is certain', () => {
    expect(literalPrefix('PJSIP/10*')).toBe('PJSIP/10');
    expect(literalPrefix('PJSIP/1?0')).toBe('PJSIP/1');
    expect(literalPrefix('Local/\\*x*')).toBe('Local/*x');
    expect(literalPrefix('*/100')).toBe('');
    expect(literalPrefix('/^Local\\/7002@/')).toBe('Local/7002@');
    expect(literalPrefix('/^PJSIP\\/10?/')).toBe('PJSIP/1');
    expect(literalPrefix('/Local/')).toBe('');
    expect(literalPrefix('/^a|b/')).toBe('');
    expect(literalPrefix('/^pjsip/i')).toBe('');
  });
});
