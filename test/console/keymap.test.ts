import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText, readConfigKeys } from '../../src/ami/config-file.js';
import { keySettingsFrom } from '../../src/console/config.js';
import { DEFAULT_BINDINGS, Keymap, keyLabel } from '../../src/console/keymap.js';
import { ConsoleHarness } from './harness.js';

describe('keymap', () => {
  it("looks up the focused pane's keys first, then the global ones", () => {
    const keymap = Keymap.defaults();
    expect(keymap.resolve('up', 'calls')).toBe('select-up');
    expect(keymap.resolve('up', 'log')).toBe('scroll-up');
    expect(keymap.resolve('q', 'log')).toBe('quit');
    expect(keymap.resolve('C-c', 'levels')).toBe('quit');
    expect(keymap.resolve('Z', 'calls')).toBeUndefined();
  });

  it('has no key bound twice in one context', () => {
    expect(() => Keymap.withSettings([])).not.toThrow();
  });

  it('footer hints come from the table: the focused pane first', () => {
    const hints = Keymap.defaults().hints('log').map((h) => `${h.key} ${h.hint}`);
    expect(hints[0]).toBe('PgUp scroll');
    expect(hints).toContain('q quit');
    expect(hints).not.toContain('Enter only call');
  });
});

describe('[keys] in the config file', () => {
  const file = '/home/admin/.config/chanlog/config';

  it('sits beside [server NAME] sections; the servers read as before', () => {
    const text = '[server pbx1]\nurl = ami://u:s@10.0.0.5:5038\n\n[keys]\nquit = Q\nsearch = C-s, /\n\n[server pbx2]\nurl = ami://u:s@10.0.0.6\n';
    expect(parseConfigText(text, file).map((s) => s.name)).toEqual(['pbx1', 'pbx2']);
  });

  it('rebinds commands; the footer and help follow', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-keys-'));
    try {
      const config = path.join(dir, 'config');
      fs.writeFileSync(config, '# mine\n[keys]\nquit = Q\nfilter-toggle = f5\n');
      const keymap = Keymap.withSettings(keySettingsFrom(readConfigKeys(config), config));
      expect(keymap.resolve('Q', 'log')).toBe('quit');
      expect(keymap.resolve('q', 'log')).toBeUndefined();
      const h = new ConsoleHarness(120, 30, { keymap });
      try {
        await h.settle();
        expect(h.rows().at(-1)).toContain('Q quit');
        h.press('?');
        await h.settle();
        expect(h.text()).toMatch(/f5 +turn all filters off \/ on again/);
        h.press('escape');
        const code = h.app.run();
        h.press('Q');
        expect(await code).toBe(0);
      } finally {
        h.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown command, a bad key name and a clash, saying where', () => {
    const place = (line: number) => ({ place: `${file}:${line}` });
    expect(() => Keymap.withSettings([{ command: 'explode', keys: 'x', ...place(3) }])).toThrow(`${file}:3: unknown console command "explode" in [keys]`);
    expect(() => Keymap.withSettings([{ command: 'quit', keys: 'a b', ...place(4) }])).toThrow(`${file}:4: "a b" is not a key name`);
    expect(() => Keymap.withSettings([{ command: 'quit', keys: 'n', ...place(5) }])).toThrow('[keys]: n is bound to both quit and search-next');
    expect(() => parseConfigText('[keys]\nthis is not a binding\n', file)).toThrow(`${file}:2: expected \`command = key, key\` in [keys]`);
  });

  it('every command has help text and a key label people can read', () => {
    for (const binding of DEFAULT_BINDINGS) {
      expect(binding.help.length).toBeGreaterThan(5);
      for (const key of binding.keys) expect(keyLabel(key)).not.toBe('');
    }
    expect(keyLabel('C-c')).toBe('^C');
    expect(keyLabel('pageup')).toBe('PgUp');
  });
});
