import { describe, expect, it } from 'vitest';
import { parseLevelRequest, scopeKeyName } from '../../src/ami/levels.js';

describe('parseLevelRequest', () => {
  it('reads the three scopes, with and without a level', () => {
    expect(parseLevelRequest(['all', '3'], true)).toEqual({ scope: { kind: 'all' }, level: '3' });
    expect(parseLevelRequest(['device', 'PJSIP/100', '0'], true)).toEqual({ scope: { kind: 'device', name: 'PJSIP/100' }, level: '0' });
    expect(parseLevelRequest(['channel', 'PJSIP/100-0000002a'], false)).toEqual({ scope: { kind: 'channel', name: 'PJSIP/100-0000002a' } });
  });
  it.each([
    [['all', 'high'], /whole number/],
    [['all', '10'], /from 0 to 9, not 10/],
    [['all', '-1'], /whole number/],
    [['all', '2.5'], /whole number/],
    [['all'], /expected: all LEVEL/],
    [['device', 'PJSIP/100'], /expected/],
    [['device'], /device needs a NAME/],
    [['phone', 'x', '1'], /unknown scope "phone"/],
    [['device', 'PJSIP/x\r\nAction: Logoff', '1'], /line break/],
    [['channel', 'PJSIP/x\nVal: 9', '1'], /line break/],
    [['device', '100', '1'], /TECH\/RESOURCE/],
  ])('refuses %j with a clear message (exit 2)', (words, message) => {
    expect(() => parseLevelRequest(words as string[], true)).toThrow(message);
    try {
      parseLevelRequest(words as string[], true);
    } catch (err) {
      expect(err).toMatchObject({ kind: 'input', exitCode: 2 });
    }
  });
  it('names keys as the routine reads them', () => {
    expect(scopeKeyName({ kind: 'all' })).toBe('ChanLog/all');
    expect(scopeKeyName({ kind: 'device', name: 'PJSIP/100' })).toBe('ChanLog/channel/PJSIP/100');
  });
});
