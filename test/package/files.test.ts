import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * What `npm pack` would ship: the CLI built from src/, never the developer
 * tools (test/tools/: benchmarks, the Asterisk oracle, the grammar
 * generator), nor a stale build of them left in dist/.
 */
const root = path.resolve(import.meta.dirname, '../..');

function packedFiles(): string[] {
  // --ignore-scripts: list the files as built (`npm test` builds first), without building again.
  const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const [pack] = JSON.parse(run.stdout) as { files: { path: string }[] }[];
  return pack!.files.map((file) => file.path);
}

describe('the packed files', { timeout: 60_000 }, () => {
  let files: string[] = [];
  beforeAll(() => {
    files = packedFiles();
  });

  it('hold the built CLI', () => {
    expect(files).toContain('bin/chanlog.js');
    expect(files).toContain('dist/cli/main.js');
  });

  it('hold nothing from test/ or dist-dev/, and no module of the developer tools', () => {
    expect(files.filter((file) => /^(test|dist-dev)\//.test(file))).toEqual([]);
    // Under their own names and their old places (src/bench/, src/sandbox/oracle.ts, src/dialplan/config/grammar/cli.ts).
    const oldPlaces = [/^dist\/bench\//, /^dist\/sandbox\/oracle/, /^dist\/dialplan\/config\/grammar\/(cli|artifacts)\./];
    expect(files.filter((file) => oldPlaces.some((place) => place.test(file)))).toEqual([]);
  });

  it('hold in dist/ only what src/ compiles to (no stale build of a moved module)', () => {
    const orphans = files
      .filter((file) => file.startsWith('dist/'))
      .filter((file) => !fs.existsSync(path.join(root, 'src', file.slice('dist/'.length).replace(/\.js(\.map)?$/, '.ts'))));
    expect(orphans).toEqual([]);
  });
});
