#!/usr/bin/env -S node --single-threaded --max-semi-space-size=4
// Launcher for the compiled CLI in dist/. `--single-threaded` keeps V8 from
// compiling and collecting garbage on helper threads: chanlog's commands are
// short batch jobs or a quiet stream, where those threads add CPU time
// (about a tenth of `chanlog show` on a big dialplan, measured) and buy
// nothing. `--max-semi-space-size=4` (MiB) caps V8's young generation,
// which otherwise grows to 3 x 16 MiB under a busy feed: the console's peak
// memory on 300,000 replayed lines drops from ~150 MB to ~130 MB, with no
// measurable cost to `chanlog show` on a 600,000-line dialplan (a 2 MiB cap
// cost it 15%). The benchmark runs chanlog with the flags written here.
// `npm install` builds dist/ (the
// `prepare` script); a global install from a folder that was never built
// gets a clear message here instead of a module-not-found trace.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`chanlog: not built yet: run \`npm install\` in ${root} (it compiles dist/)\n`);
  process.exit(1);
}
// First of all, before the CLI's modules load: the AMI secrets out of `ps` (see src/cli/hide-secrets.ts).
(await import(join(root, 'dist', 'cli', 'hide-secrets.js'))).hideSecretsFromCommandLine();
await import(main);
