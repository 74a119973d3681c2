import { describe, expect, it } from 'vitest';
import { checkChannelName, checkLevel, checkLinkedid, deviceOfChannel, keyPath, levelKey, scopeOfKey } from '../../src/chanlog/keys.js';

describe('the ChanLog AstDB key scheme', () => {
  it('puts the global level at ChanLog/all and channels and devices under ChanLog/channel/', () => {
    expect(levelKey({ kind: 'all' })).toEqual({ family: 'ChanLog', key: 'all' });
    expect(levelKey({ kind: 'device', name: 'PJSIP/100' })).toEqual({ family: 'ChanLog', key: 'channel/PJSIP/100' });
    expect(keyPath(levelKey({ kind: 'channel', name: 'PJSIP/100-0000002a' }))).toBe('/ChanLog/channel/PJSIP/100-0000002a');
  });
  it('reads keys back', () => {
    expect(scopeOfKey('/ChanLog/all')).toEqual({ kind: 'all' });
    expect(scopeOfKey('channel/PJSIP/1')).toEqual({ kind: 'channel-or-device', name: 'PJSIP/1' });
    expect(scopeOfKey('channels/PJSIP/1')).toBeUndefined();
  });
  it('accepts whole-number levels in range only', () => {
    expect(checkLevel('0')).toBeUndefined();
    expect(checkLevel('9')).toBeUndefined();
    expect(checkLevel('10')).toMatch(/from 0 to 9/);
    expect(checkLevel('abc')).toMatch(/whole number/);
    expect(checkLevel('-1')).toMatch(/whole number/);
    expect(checkLevel('2.5')).toMatch(/whole number/);
  });
  it('refuses names that are not TECH/RESOURCE or could inject', () => {
    expect(checkChannelName('PJSIP/100', 'device')).toBeUndefined();
    expect(checkChannelName('Local/dev-a@ctx-0000004a;2', 'channel')).toBeUndefined();
    expect(checkChannelName('PJSIP/100\r\nAction: Logoff', 'device')).toMatch(/line break/);
    expect(checkChannelName('100', 'device')).toMatch(/TECH\/RESOURCE/);
    expect(checkChannelName('PJSIP/1 00', 'device')).toMatch(/white space/);
  });
  it('finds the device of a channel even when the device name holds a "-"', () => {
    expect(deviceOfChannel('PJSIP/100-0000002a')).toBe('PJSIP/100');
    expect(deviceOfChannel('Local/dev-a@ctx-0000004a;2')).toBe('Local/dev-a@ctx');
    expect(deviceOfChannel('Message/ast_msg_queue')).toBe('Message/ast_msg_queue');
  });
});

describe('the call key', () => {
  it('puts a call under <family>/call/<linkedid>, in any family, and reads it back', () => {
    expect(levelKey({ kind: 'call', linkedid: '1733412345.42' })).toEqual({ family: 'ChanLog', key: 'call/1733412345.42' });
    expect(levelKey({ kind: 'all' }, 'Fam')).toEqual({ family: 'Fam', key: 'all' });
    expect(scopeOfKey('/Fam/call/1733412345.42', 'Fam')).toEqual({ kind: 'call', linkedid: '1733412345.42' });
    expect(scopeOfKey('/ChanLog/all', 'Fam')).toBeUndefined();
    expect(scopeOfKey('call/')).toBeUndefined();
  });
  it('accepts uniqueid-like linkedids only', () => {
    expect(checkLinkedid('1733412345.42')).toBeUndefined();
    expect(checkLinkedid('probe-12-1')).toBeUndefined();
    expect(checkLinkedid('1.2\r\nAction: Logoff')).toMatch(/linkedid must be/);
    expect(checkLinkedid('')).toMatch(/linkedid must be/);
    expect(checkLinkedid('a/b')).toMatch(/linkedid must be/);
  });
});
