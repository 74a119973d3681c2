import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The conformance corpus: dialplans whose loading by chanlog is compared
 * with a real Asterisk (test/integration/conformance.test.ts).
 *
 * A case is `DIR/NAME.conf`, loaded as extensions.conf, plus the files of an
 * optional `DIR/NAME.d/` tree, placed at the same relative paths in the
 * config directory (that is where Asterisk resolves relative `#include`s).
 * Nothing derived from Asterisk is stored beside them: the expected output
 * comes from the live oracle at test time.
 */
export interface CorpusCase {
  /** `kind/NAME`, e.g. `constructs/comments-block`. */
  name: string;
  kind: string;
  /** Relative path in the config directory → bytes; the main file is `extensions.conf`. */
  files: Map<string, Buffer>;
}

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/dialplan');

/** Our own fixture kinds, one directory each under test/fixtures/dialplan. */
export const FIXTURE_KINDS = ['experiments', 'constructs', 'realworld'] as const;

export function fixtureCases(kinds: readonly string[] = FIXTURE_KINDS): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const kind of kinds) {
    const dir = path.join(FIXTURES_DIR, kind);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.conf')).sort()) {
      const base = file.slice(0, -'.conf'.length);
      const files = new Map<string, Buffer>([['extensions.conf', fs.readFileSync(path.join(dir, file))]]);
      const tree = path.join(dir, `${base}.d`);
      if (fs.existsSync(tree)) for (const [relative, bytes] of readTree(tree)) files.set(relative, bytes);
      cases.push({ name: `${kind}/${base}`, kind, files });
    }
  }
  return cases;
}

/**
 * Asterisk's own sample dialplans, read from the sandbox chroot at test time
 * (they are GPL; the repository does not carry them). Missing ones are
 * skipped: the chroot's package decides what exists.
 */
export function asteriskSampleCases(chrootRoot: string): CorpusCase[] {
  const samples: Array<[string, string]> = [
    ['sample', 'etc/asterisk/extensions.conf'],
    ['minivm', 'etc/asterisk/extensions_minivm.conf'],
    ['basic-pbx', 'usr/share/doc/asterisk-config/examples/configs/basic-pbx/extensions.conf'],
  ];
  const cases: CorpusCase[] = [];
  for (const [name, relative] of samples) {
    const file = path.join(chrootRoot, relative);
    if (fs.existsSync(file)) cases.push({ name: `asterisk-samples/${name}`, kind: 'asterisk-samples', files: new Map([['extensions.conf', fs.readFileSync(file)]]) });
  }
  return cases;
}

/** Every regular file below `dir`, by path relative to it (with `/`), sorted. */
export function readTree(dir: string, prefix = ''): Array<[string, Buffer]> {
  const files: Array<[string, Buffer]> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...readTree(full, relative));
    else if (entry.isFile()) files.push([relative, fs.readFileSync(full)]);
  }
  return files;
}
