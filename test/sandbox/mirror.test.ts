import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseMirror, readAptSources } from '../../src/sandbox/mirror.js';

function aptDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-apt-'));
  fs.mkdirSync(path.join(dir, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('choosing the Debian mirror from apt configuration', () => {
  it('reads deb822 .sources and skips the security archive', () => {
    const dir = aptDir({
      'sources.list.d/debian.sources': [
        'Types: deb',
        'URIs: http://mirror.internal/debian-security',
        'Suites: bookworm-security',
        '',
        'Types: deb deb-src',
        'URIs: http://mirror.internal/debian/',
        'Suites: bookworm bookworm-updates',
        'Components: main',
      ].join('\n'),
    });
    expect(chooseMirror(readAptSources(dir))).toMatchObject({ uri: 'http://mirror.internal/debian' });
  });
  it('reads one-line sources.list entries with options', () => {
    const dir = aptDir({ 'sources.list': '# comment\ndeb [arch=amd64] https://deb.example/debian bookworm main\n' });
    expect(chooseMirror(readAptSources(dir)).uri).toBe('https://deb.example/debian');
  });
  it('takes an override first and fails clearly with nothing configured', () => {
    expect(chooseMirror([], 'http://x/debian/').uri).toBe('http://x/debian');
    expect(() => chooseMirror(readAptSources(aptDir({})))).toThrow(/no Debian mirror/);
  });
});
