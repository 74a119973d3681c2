import { describe, expect, it } from 'vitest';
import { generateCase } from './generate.js';

const text = (seed: number) => [...generateCase(seed).files].map(([name, body]) => `== ${name}\n${body}`).join('');
const sample = Array.from({ length: 300 }, (_, i) => generateCase(1000 + i));
const all = sample.flatMap((c) => [...c.files.values()]).join('\n');

describe('the dialplan generator', () => {
  it('gives the same bytes for the same seed, and other bytes for another', () => {
    expect(text(42)).toBe(text(42));
    expect(text(42)).not.toBe(text(43));
  });

  it('stays within its bounds', () => {
    for (const c of sample) {
      expect(c.files.has('extensions.conf')).toBe(true);
      expect(c.files.size).toBeLessThanOrEqual(4);
      for (const [name, body] of c.files) {
        expect(name).toMatch(/^(extensions\.conf|gen\/f\d+\.conf)$/);
        expect(body.length).toBeLessThan(60_000);
        expect(/[^\x00-\xff]/.test(body)).toBe(false); // bytes, as latin1
      }
    }
    const small = generateCase(7, { maxContexts: 1, maxLinesPerSection: 2, maxIncludedFiles: 0, tooLongLineChance: 0 });
    expect(small.files.size).toBe(1);
    expect(small.files.get('extensions.conf')!.split('\n').length).toBeLessThan(20);
  });

  it('produces every kind of construct somewhere in a few hundred files', () => {
    const wanted: Record<string, RegExp> = {
      crlf: /\r\n/,
      bom: /\xef\xbb\xbf/,
      tab: /\t/,
      highByte: /[\x80-\xff]/,
      template: /^\[[^\]\n]*\]\(!\)/m,
      inheritance: /^\[[^\]\n]*\]\([^!+)\n][^)\n]*\)/m,
      append: /^\[[^\]\n]*\]\(\+\)/m,
      repeatedOrOdd: /^\[[^\]\n]*\] (junk|\(!\))/m,
      include: /^#include /m,
      tryinclude: /^#tryinclude /m,
      glob: /^#include gen\/\*\.conf/m,
      blockComment: /^;--( |$)/m,
      strayClose: /\)--;/,
      semicolonEscape: /\\;/,
      general: /^\[general\]/im,
      globals: /^\[globals\]/im,
      same: /^\s*same =>/m,
      hint: /,hint,/,
      nAfterHint: /,hint,[^\n]*\n[^\n]*,n[,(+]/,
      label: /,n\([a-zA-Z]+\),/,
      labelOffset: /,[a-zA-Z]+\+\d,/,
      cid: /^\s*exten\s*=+>?\s*[^,\n]*\/[^,\n]*,/m,
      patternSet: /_[^,\n]*\[[^\]\n]*\]/,
      patternDot: /_[0-9NXZ]+\.,/,
      patternBang: /_[^,\n]*!,/,
      dash: /exten => \d+-\d+,/,
      timedInclude: /include => [^,\n]+,[^,\n]*:\d\d/,
      ignorepat: /ignorepat =>/,
      switch: /^\s*(l|e)?switch =>/im,
      missingParen: /,[A-Z][A-Za-z]+\([^)\n]*$/m,
      noParens: /,(Dial|Goto|Queue|Set),/,
      unknownDirective: /^#foo/m,
      exec: /^#exec /m,
      longLine: /^[^\n]{400,}/m,
      tooLongLine: /^[^\n]{8191,}/m,
      plusEquals: /^exten \+= /m,
    };
    const missing = Object.entries(wanted).filter(([, re]) => !re.test(all)).map(([k]) => k);
    expect(missing).toEqual([]);
  });
});
