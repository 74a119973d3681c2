import { describe, expect, it } from 'vitest';
import { parseNamePattern } from '../../src/util/pattern.js';

describe('name patterns', () => {
  it('matches a glob against the whole name, * crossing slashes', () => {
    const p = parseNamePattern('Local/70*@chanlog-demo-*', 'channel');
    expect(p.test('Local/7002@chanlog-demo-00000004;2')).toBe(true);
    expect(p.test('Local/8002@chanlog-demo-00000004;2')).toBe(false);
    expect(parseNamePattern('PJSIP/10?', 'device').test('PJSIP/100')).toBe(true);
    expect(parseNamePattern('PJSIP/10?', 'device').test('PJSIP/1000')).toBe(false);
  });
  it('takes /.../flags as a regular expression, searched', () => {
    expect(parseNamePattern('/^pjsip\\/1/i', 'channel').test('PJSIP/100-1')).toBe(true);
    expect(parseNamePattern('/00-/', 'channel').test('PJSIP/100-1')).toBe(true);
  });
  it('refuses a broken regular expression clearly', () => {
    expect(() => parseNamePattern('/(/', 'channel')).toThrow(/^channel: not a valid regular expression/);
  });
});
