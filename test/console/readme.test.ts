import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BINDINGS, keyLabel, type KeyContext } from '../../src/console/keymap.js';
import { packageRoot } from '../../src/util/package-root.js';

const PANES: Record<KeyContext, string> = { global: 'everywhere', calls: 'calls', log: 'log', levels: 'levels' };

/** The README's key table, as the keymap says it. */
export function keyTable(): string {
  const rows = DEFAULT_BINDINGS.map((b) => `| ${b.keys.map((k) => `\`${keyLabel(k)}\``).join(' ')} | ${PANES[b.context]} | \`${b.command}\` | ${b.help} |`);
  return ['| Keys | Pane | Command | What it does |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

describe('README', () => {
  it("lists the console's keys exactly as the keymap binds them", () => {
    const readme = fs.readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');
    expect(readme).toContain(keyTable());
  });
});
