import { describe, expect, it } from 'vitest';
import { findUnsafeField, getHeader, getHeaders, repeatedUniqueHeader } from '../../src/ami/frame.js';

describe('AMI frames', () => {
  it('reads single and repeated headers alike', () => {
    const frame = { output: ['line 1', 'line 2'], response: 'Success' };
    expect(getHeaders(frame, 'Output')).toEqual(['line 1', 'line 2']);
    expect(getHeader(frame, 'Output')).toBe('line 1');
    expect(getHeaders(frame, 'Response')).toEqual(['Success']);
    expect(getHeader(frame, 'missing')).toBeUndefined();
  });
  it('refuses CR or LF anywhere a value could break out of its header', () => {
    expect(findUnsafeField({ Action: 'DBPut', Val: '5' })).toBeUndefined();
    expect(findUnsafeField({ Action: 'DBPut', Key: 'channel/x\r\nAction: Logoff' })).toMatch(/Key holds a line break/);
    expect(findUnsafeField({ Action: 'DBPut', Val: 'a\nb' })).toMatch(/line break/);
    expect(findUnsafeField({ 'Bad Header': 'x' })).toMatch(/not a valid AMI header/);
    expect(findUnsafeField({ Variable: { A: 'x\ny' } })).toMatch(/line break/);
  });
  it('names a header Asterisk writes once that a frame holds twice', () => {
    expect(repeatedUniqueHeader({ event: 'Newexten', output: ['a', 'b'] })).toBeUndefined();
    expect(repeatedUniqueHeader({ event: 'Newexten', linkedid: ['1', '2'] })).toBe('linkedid');
  });
});
