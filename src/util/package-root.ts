import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding chanlog's package.json, whether run from src/ (tests) or dist/. */
let root: string | undefined;

export function packageRoot(): string {
  return (root ??= findPackageRoot());
}

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        if (JSON.parse(fs.readFileSync(candidate, 'utf8')).name === 'chanlog') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the chanlog package directory');
    dir = parent;
  }
}

export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

/** A file shipped in the package's dialplan/ directory. */
export function shippedDialplan(name: string): string {
  return path.join(packageRoot(), 'dialplan', name);
}

/** The launcher admins run (`chanlog` on their PATH). */
export function launcherPath(): string {
  return path.join(packageRoot(), 'bin', 'chanlog.js');
}

/**
 * The Node options the launcher's `#!/usr/bin/env -S node ...` line gives,
 * so a measurement runs chanlog exactly as an admin's shell does.
 */
export function launcherNodeOptions(): string[] {
  const first = fs.readFileSync(launcherPath(), 'utf8').split('\n', 1)[0] ?? '';
  const words = first.replace(/^#!\s*/, '').split(/\s+/).filter(Boolean);
  const node = words.findIndex((word) => word === 'node' || word.endsWith('/node'));
  return node < 0 ? [] : words.slice(node + 1);
}
