import { describe, expect, it } from 'vitest';
import { load, show } from './helpers.js';
import { renderDialplanShow } from '../../src/dialplan/index.js';

describe('dialplan show rendering', () => {
  it('pads columns to 17 and 45 bytes and closes with the summary', () => {
    const out = show('[c]\nexten => 1,1,NoOp(x)\ninclude => other\n[other]\n');
    expect(out).toBe(
      [
        "[ Context 'other' created by 'pbx_config' ]",
        '',
        "[ Context 'c' created by 'pbx_config' ]",
        "  '1' =>            1. NoOp(x)                                    [extensions.conf:2]",
        "  Include =>        'other'                                       [pbx_config]",
        '',
        '-= 1 extension (1 priority) in 2 contexts. =-',
        '',
      ].join('\n'),
    );
  });

  it('counts padding in bytes, so a UTF-8 name shifts the columns', () => {
    const out = show('[c]\nexten => \xC3\xA9,1,NoOp(x)\n');
    expect(out).toContain("  '\xC3\xA9' =>           1. NoOp(x)");
  });

  it('shows one context, EXTEN@CONTEXT, and Asterisk\'s message for a missing one', () => {
    const result = load('[a]\nexten => 1,1,NoOp(a)\nexten => 2,1,NoOp(b)\n[b]\nexten => 1,1,NoOp(c)\n');
    expect(renderDialplanShow(result, { context: 'a' })).toContain('-= 2 extensions (2 priorities) in 1 context. =-');
    expect(renderDialplanShow(result, { context: 'a', exten: '2' })).toContain('-= 1 extension (1 priority) in 1 context. =-');
    expect(renderDialplanShow(result, { context: 'zzz' })).toBe("There is no existence of 'zzz' context\n");
  });

  it('cuts a priority text at 1023 bytes like Asterisk\'s buffer', () => {
    const out = show(`[c]\nexten => 4,1,NoOp(${'y'.repeat(2000)})\n`);
    const line = out.split('\n').find((l) => l.includes('NoOp('))!;
    expect(line.length).toBe(2 + 17 + 1 + 1023 + ' [extensions.conf:2]'.length);
  });
});
