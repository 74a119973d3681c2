import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASTERISK_VERSIONS } from '../../../src/dialplan/lint/asterisk-versions.js';
import { ASTERISK_MAJORS, AsteriskNames, parseAsteriskVersion } from '../../../src/dialplan/lint/asterisk-version.js';
import { lintDialplan } from '../../../src/dialplan/lint/index.js';
import { loadDialplan } from '../../../src/dialplan/index.js';
import { load } from '../helpers.js';

const root = path.resolve(import.meta.dirname, '../../..');
const script = path.join(root, 'scripts/extract-asterisk-names.mjs');

const lintAs = (asterisk: string, text: string) => lintDialplan(load(text), { asterisk }).map((d) => `${d.code}@${d.line}`);

describe('Asterisk versions', () => {
  it('the generated names are exactly what the extraction script prints for them', async () => {
    const { renderVersions, MAJORS } = (await import(script)) as { renderVersions: (v: unknown) => string; MAJORS: string[] };
    expect(Object.keys(ASTERISK_VERSIONS)).toEqual(MAJORS);
    expect(fs.readFileSync(path.join(root, 'src/dialplan/lint/asterisk-versions.ts'), 'utf8')).toBe(renderVersions(ASTERISK_VERSIONS));
  });

  it('holds sorted, distinct names read at a release tag of each major', () => {
    for (const major of ASTERISK_MAJORS) {
      const data = ASTERISK_VERSIONS[major]!;
      expect(data.tag).toMatch(new RegExp(`^${major}\\.\\d+\\.\\d+$`));
      expect(data.applications.length).toBeGreaterThan(150);
      expect(data.functions.length).toBeGreaterThan(150);
      for (const list of [data.applications, data.functions]) expect([...new Set(list)].sort()).toEqual(list);
      for (const name of Object.keys(data.notBuiltByDefault)) expect(data.applications.includes(name) || data.functions.includes(name)).toBe(true);
    }
  });

  it('parses versions as admins write them', () => {
    expect(parseAsteriskVersion('18')).toBe('18');
    expect(parseAsteriskVersion('20.5.2')).toBe('20');
    expect(parseAsteriskVersion('13')).toBeUndefined();
    expect(parseAsteriskVersion('latest')).toBeUndefined();
  });

  it('Macro: not built by default on 16-20 (once, never unknown), removed on 21 and 22', () => {
    const text = '[a]\nexten => 1,1,Macro(dial,100)\nexten => 2,1,Macro(dial,200)\nexten => 3,1,MacroExit()\n';
    for (const version of ['16', '18', '20']) {
      expect(lintAs(version, text)).toEqual(['W_NOT_BUILT_BY_DEFAULT@2', 'W_NOT_BUILT_BY_DEFAULT@4']);
    }
    for (const version of ['21', '22']) expect(lintAs(version, text)).toEqual(['E_REMOVED_APP@2', 'E_REMOVED_APP@3', 'E_REMOVED_APP@4']);
    const message = lintDialplan(load(text), { asterisk: '21' })[0]!.message;
    expect(message).toBe('Macro was removed in Asterisk 21 (last in 20); use GoSub');
  });

  it("chan_sip's applications exist up to 20 and are removed in 21", () => {
    const text = '[a]\nexten => 1,1,SIPAddHeader(X-Foo: 1)\n';
    expect(lintAs('18', text)).toEqual([]);
    expect(lintAs('20', text)).toEqual(['W_NOT_BUILT_BY_DEFAULT@2']);
    expect(lintAs('21', text)).toEqual(['E_REMOVED_APP@2']);
  });

  it('an application added after the chosen version is unknown there, saying when it came', () => {
    const names22 = new AsteriskNames('22');
    const added = ASTERISK_VERSIONS['22']!.applications.find((name) => names22.application(name).kind === 'known' && new AsteriskNames('16').application(name).kind === 'added-later');
    expect(added).toBeDefined();
    const diagnostics = lintDialplan(load(`[a]\nexten => 1,1,${added}()\n`), { asterisk: '16' });
    expect(diagnostics.map((d) => d.code)).toEqual(['W_UNKNOWN_APP']);
    expect(diagnostics[0]!.message).toMatch(/came in Asterisk (18|20|21|22), after 16/);
  });

  it("the load-time message that differs: '#include' without an argument, as 16 and 18 word it", () => {
    const dir = path.dirname(load('[a]\n').sources[0]!.hostPath);
    fs.writeFileSync(path.join(dir, 'x.conf'), '#tryinclude\n[a]\nexten => 1,1,NoOp()\n');
    const text = (major: number) => loadDialplan(path.join(dir, 'x.conf'), { asteriskMajor: major }).log.map((l) => l.text);
    expect(text(18)).toEqual([`Directive '#include / tryinclude' needs an argument (filename) at line 1 of /etc/asterisk/extensions.conf`]);
    expect(text(22)).toEqual([`Directive '#tryinclude' needs an argument (filename) at line 1 of /etc/asterisk/extensions.conf`]);
  });
});
