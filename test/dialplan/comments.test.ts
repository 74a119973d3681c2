import { describe, expect, it } from 'vitest';
import { load, logOf, priorityLines, show } from './helpers.js';

// Expectations follow Asterisk 22's config.c, checked on a real Asterisk (the
// differential tests in test/integration compare with it directly).
describe('the config-file layer: comments', () => {
  it('drops ; comments, keeps \\; as text, and ;; inside quotes still comments', () => {
    const lines = priorityLines(show('[c]\nexten => 1,1,NoOp(a) ; note\nexten => 2,1,NoOp(a\\;b)\nexten => 3,1,NoOp("x;y")\n'));
    expect(lines).toEqual(['\'1\' => 1. NoOp(a) [extensions.conf:2]', "'2' => 1. NoOp(a;b) [extensions.conf:3]", '\'3\' => 1. NoOp("x) [extensions.conf:4]']);
  });

  it('glues text around an inline block comment and skips lines inside one', () => {
    const text = '[c]\nexten => 1,1,NoOp(a;--inline--;b)\n;-- start\nexten => 2,1,NoOp(hidden)\nend --;\nexten => 3,1,NoOp(after)\n';
    const result = load(text);
    expect(priorityLines(show(text))).toEqual(["'1' => 1. NoOp(ab) [extensions.conf:2]", "'3' => 1. NoOp(after) [extensions.conf:6]"]);
    expect(logOf(result)).toEqual([]);
  });

  it('treats ;--- as a plain comment, not a block', () => {
    expect(priorityLines(show('[c]\n;---------- banner\nexten => 1,1,NoOp(x)\n'))).toEqual(["'1' => 1. NoOp(x) [extensions.conf:3]"]);
  });

  it('reproduces the stray --; that hides every following line', () => {
    const text = '[c]\nexten => 1,1,NoOp(a--;b)\nexten => 2,1,NoOp(lost)\n';
    const result = load(text);
    expect(priorityLines(show(text))).toEqual(["'1' => 1. NoOp(a--;b) [extensions.conf:2]"]);
    expect(logOf(result)).toEqual(['WARNING: config.c:2672 config_text_file_load: Unterminated comment detected beginning on line 0']);
  });

  it('names the line where an unterminated block began', () => {
    const result = load('[c]\nexten => 1,1,NoOp(x)\n;-- open\nexten => 2,1,NoOp(y)\n');
    expect(logOf(result)).toEqual(['WARNING: config.c:2672 config_text_file_load: Unterminated comment detected beginning on line 3']);
  });

  it('reports the comment state of the line a refused file stopped at, not of its end (as Asterisk 22 logs it)', () => {
    const noClosing = (line: number) => `WARNING: config.c:2076 process_text_line: parse error: no closing ')', line ${line} of /etc/asterisk/extensions.conf`;
    // A stray `--;` after the fatal line is never read.
    expect(logOf(load('[c]\n[x](!\nexten => 1,1,NoOp()\nexten => 2,1,NoOp(a)--;\n'))).toEqual([noClosing(2)]);
    // A block opened on the fatal line itself is open when the file stops.
    expect(logOf(load('[c]\nexten => 1,1,NoOp()\n[x](! ;-- open\nexten => 2,1,NoOp(a)\n'))).toEqual([
      noClosing(3),
      'WARNING: config.c:2672 config_text_file_load: Unterminated comment detected beginning on line 3',
    ]);
    // A block opened after it is not.
    expect(logOf(load('[c]\n;-- a\nb --;[x](!\nexten => 2,1,NoOp(a)\n;-- b\n'))).toEqual([noClosing(3)]);
  });

  it('skips lines of 8191 bytes or more with a warning quoting their start', () => {
    const long = `exten => 2,1,NoOp(${'y'.repeat(8200)})`;
    const result = load(`[c]\nexten => 1,1,NoOp(x)\n${long}\nexten => 3,1,NoOp(z)\n`);
    expect(result.contexts[0]!.extensions.length).toBe(2);
    expect(logOf(result)).toEqual([`WARNING: config.c:2508 config_text_file_load: Line 3 too long, skipping. It begins with: ${long.slice(0, 32)}...`]);
  });

  it('accepts CRLF files and removes a UTF-8 BOM', () => {
    const text = '\xEF\xBB\xBF[c]\r\nexten => 1,1,NoOp(crlf)\r\n';
    expect(priorityLines(show(text))).toEqual(["'1' => 1. NoOp(crlf) [extensions.conf:2]"]);
  });
});
