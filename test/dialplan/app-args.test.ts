import { describe, expect, it } from 'vitest';
import { separateArgs, verboseOutput } from '../../src/dialplan/model/app-args.js';

describe('separateArgs (Asterisk argument splitting)', () => {
  it('splits on commas outside parentheses, brackets and quotes', () => {
    expect(separateArgs('a,b(c,d),[e,f],"g,h"', 10, false)).toEqual(['a', 'b(c,d)', '[e,f]', '"g,h"']);
  });
  it('removes quotes and backslashes in standard mode', () => {
    expect(separateArgs('"a,b",c\\,d', 10, true)).toEqual(['a,b', 'c,d']);
  });
  it('keeps the remainder of the text untouched in the last argument', () => {
    expect(separateArgs('0,a\\, "b", c', 2, true)).toEqual(['0', 'a\\, "b", c']);
  });
  it('counts a trailing delimiter as one more, empty, argument', () => {
    expect(separateArgs('a,', 5, true)).toEqual(['a', '']);
    expect(separateArgs('', 5, true)).toEqual([]);
  });
});

describe('verboseOutput', () => {
  it('takes the message as the raw remainder after the level', () => {
    expect(verboseOutput('0,hello, "world" \\, x')).toEqual({ level: 0, message: 'hello, "world" \\, x' });
  });
  it('treats a single argument as the message at level 0, processed', () => {
    expect(verboseOutput('say "hi"')).toEqual({ level: 0, message: 'say hi' });
  });
  it('caps the level at 4 like app_verbose', () => {
    expect(verboseOutput('9,x').level).toBe(4);
  });
});
