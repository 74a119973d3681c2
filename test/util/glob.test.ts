import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGlob } from '../../src/util/glob.js';

describe('expandGlob', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-glob-'));
  for (const name of ['b.conf', 'a.conf', 'c.txt', 'sub/x.conf', 'sub/y.conf']) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), '');
  }
  it('matches * and ? sorted, across directories', () => {
    expect(expandGlob(`${dir}/*.conf`)).toEqual([`${dir}/a.conf`, `${dir}/b.conf`]);
    expect(expandGlob(`${dir}/*/?.conf`)).toEqual([`${dir}/sub/x.conf`, `${dir}/sub/y.conf`]);
  });
  it('expands braces and character classes', () => {
    expect(expandGlob(`${dir}/{c.txt,a.conf}`)).toEqual([`${dir}/c.txt`, `${dir}/a.conf`]);
    expect(expandGlob(`${dir}/[ab].conf`)).toEqual([`${dir}/a.conf`, `${dir}/b.conf`]);
  });
  it('returns a pattern without magic as it is, existing or not', () => {
    expect(expandGlob(`${dir}/missing.conf`)).toEqual([`${dir}/missing.conf`]);
    expect(expandGlob(`${dir}/*.none`)).toEqual([]);
  });
});
