import { describe, expect, it } from 'vitest';
import { compareExtensions, matchExtension } from '../../src/dialplan/model/extension-order.js';

const sorted = (names: string[]) => [...names].sort(compareExtensions);

describe('ext_cmp: the order Asterisk keeps extensions in', () => {
  it('puts literals before patterns, compares literals as signed bytes, skipping dashes', () => {
    expect(sorted(['_X.', '2', '10', '1', '\xE9', '1-2'])).toEqual(['\xE9', '1', '10', '1-2', '2', '_X.']);
    expect(compareExtensions('555-1212', '5551212')).toBe(0);
  });

  it('orders pattern tokens: literal < set (by size) < N < Z < X < . < ! < end', () => {
    expect(sorted(['_1', '_1!', '_1.', '_1XX', '_1NN', '_12X'])).toEqual(['_12X', '_1NN', '_1XX', '_1.', '_1!', '_1']);
    expect(sorted(['_X', '_N', '_Z', '_[13]', '_[1-5]'])).toEqual(['_[13]', '_[1-5]', '_N', '_Z', '_X']);
  });

  it('treats equivalent patterns as one extension', () => {
    expect(compareExtensions('_x.', '_X.')).toBe(0);
    expect(compareExtensions('_[0-9]', '_X')).toBe(0);
    expect(compareExtensions('_[321]', '_[1-3]')).toBe(0);
    expect(compareExtensions('_X-X', '_XX')).toBe(0);
  });

  it('matches dial strings against patterns', () => {
    expect(matchExtension('_1XX', '123')).toBe(true);
    expect(matchExtension('_1XX', '1234')).toBe(false);
    expect(matchExtension('_X.', '5')).toBe(false);
    expect(matchExtension('_X.', '55')).toBe(true);
    expect(matchExtension('_X!', '5')).toBe(true);
    expect(matchExtension('_[2-4]N', '39')).toBe(true);
    expect(matchExtension('5551212', '555-1212')).toBe(true);
  });
});
