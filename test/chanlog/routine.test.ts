import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLevelMarker, routineDocument, routineSteps, VERBOSE_STEP_AFTER_EVENT, type RoutineOptions } from '../../src/chanlog/routine.js';
import { ROUTINE_EVENT_HEADERS } from '../../src/chanlog/user-event.js';
import { printConfig } from '../../src/dialplan/config/printer.js';
import { DEFAULT_FEATURE_CODE_OPTIONS, featureCodeDocument, featureCodeSteps } from '../../src/chanlog/feature-codes.js';
import type { Step } from '../../src/chanlog/dialplan-steps.js';
import { chain, priorityAt } from '../../src/dialplan/index.js';
import { lintDialplan } from '../../src/dialplan/lint/index.js';
import { packageVersion } from '../../src/util/package-root.js';
import { load } from '../dialplan/helpers.js';

/** Every verbose level with contexts and families of every character class the names allow. */
const OPTION_SETS: RoutineOptions[] = ['chanlog', 'x.y_z-9'].flatMap((context) =>
  ['ChanLog', 'Pbx_Log.2-b'].flatMap((family) => [0, 1, 2, 3, 4].map((verboseLevel) => ({ context, family, verboseLevel }))),
);

describe('the ChanLog routine', () => {
  it('is shipped as dialplan/chanlog.conf exactly as the generator prints it with the defaults', () => {
    const shipped = fs.readFileSync(path.resolve('dialplan/chanlog.conf'), 'utf8');
    expect(shipped, 'dialplan/chanlog.conf is stale: run `node bin/chanlog.js generate -o dialplan/chanlog.conf`').toBe(
      printConfig(routineDocument(packageVersion())),
    );
  });

  it('jumps only to labels it defines', () => {
    const steps = routineSteps();
    const labels = new Set(steps.flatMap((s) => (s.label ? [s.label] : [])));
    const targets = steps.flatMap((s) => [...s.data.matchAll(/(?:Goto\(|\?)([a-z]+)(?:\)|$)/g)].map((m) => m[1]!));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(labels).toContain(target);
  });

  for (const options of OPTION_SETS) {
    it(`parses back into its own steps, and lint finds nothing: ${JSON.stringify(options)}`, () => {
      const text = printConfig(routineDocument(packageVersion(), options));
      const result = load({ 'extensions.conf': text });
      expect(result.diagnostics).toEqual([]);
      expect(lintDialplan(result)).toEqual([]);
      expect(result.contexts.map((c) => c.name)).toEqual([options.context]);
      const [extension] = result.contexts[0]!.extensions;
      const parsed = chain(result.pool, extension!).map((id) => priorityAt(result.pool, extension!, id));
      expect(parsed.map((p) => ({ label: p.label, app: p.app, data: p.data }))).toEqual(
        routineSteps(options).map((s) => ({ label: s.label ?? '', app: s.app, data: s.data })),
      );
    });
  }

  it('names the options it was generated with, and the version, in its header', () => {
    const text = printConfig(routineDocument('9.8.7', { context: 'dbg', family: 'Fam', verboseLevel: 2 }));
    expect(text).toMatch(/^; chanlog 9\.8\.7:/);
    expect(text).toContain('`chanlog generate --context dbg --family Fam --verbose-level 2`');
  });

  it('reads the four keys of the given family, and prints at the given Verbose level', () => {
    const steps = routineSteps({ context: 'c', family: 'Fam', verboseLevel: 3 });
    const all = steps.map((s) => s.data).join('\n');
    for (const key of ['Fam/all)', 'Fam/channel/${CHANNEL})', 'Fam/channel/${CHANNEL:0:-', 'Fam/call/${CHANNEL(linkedid)})']) expect(all).toContain(`\${DB(${key}`);
    expect(all).not.toContain('ChanLog/');
    expect(steps.filter((s) => s.app === 'Verbose').map((s) => s.data.split(',')[0])).toEqual(['3', '3']);
  });

  it('says its Verbose level in its UserEvent, and prints at that level in the step right after it', () => {
    for (let verboseLevel = 0; verboseLevel <= 4; verboseLevel++) {
      const steps = routineSteps({ context: 'c', family: 'Fam', verboseLevel });
      const events = steps.flatMap((s, i) => (s.app === 'UserEvent' ? [i] : []));
      expect(events).toHaveLength(2);
      for (const i of events) {
        const said = steps[i]!.data.split(',').find((arg) => arg.startsWith(`${ROUTINE_EVENT_HEADERS.verboseLevel}: `));
        expect(said).toBe(`${ROUTINE_EVENT_HEADERS.verboseLevel}: ${verboseLevel}`);
        const printing = steps[i + VERBOSE_STEP_AFTER_EVENT]!;
        expect(printing.app).toBe('Verbose');
        expect(printing.data.split(',')[0]).toBe(String(verboseLevel));
      }
    }
  });
});

describe('the feature codes', () => {
  for (const options of [DEFAULT_FEATURE_CODE_OPTIONS, { context: 'codes', prefix: '#7*', family: 'Pbx_Log.2-b', technologies: ['PJSIP'] }]) {
    it(`parse back into their own steps, and lint finds nothing: ${JSON.stringify(options)}`, () => {
      const result = load({ 'extensions.conf': printConfig(featureCodeDocument(packageVersion(), options)) });
      expect(result.diagnostics).toEqual([]);
      expect(lintDialplan(result)).toEqual([]);
      const steps = featureCodeSteps(options);
      const extensions = result.contexts[0]!.extensions;
      const parsed = extensions.map((e) => chain(result.pool, e).map((id) => priorityAt(result.pool, e, id)).map((p) => ({ label: p.label, app: p.app, data: p.data })));
      const expected = (list: Step[]) => list.map((s) => ({ label: s.label ?? '', app: s.app, data: s.data }));
      expect(parsed).toEqual(expect.arrayContaining([expected(steps.set), expected(steps.clear)]));
      expect(parsed).toHaveLength(2);
    });
  }
});

describe('parseLevelMarker (routines generated before the UserEvent)', () => {
  it('reads level and caller, an extension with commas included', () => {
    expect(parseLevelMarker('LOCAL(chanlog_level)=5,from-internal,_1XX,3')).toEqual({
      level: 5,
      caller: { context: 'from-internal', extension: '_1XX', priority: 3 },
    });
    expect(parseLevelMarker('LOCAL(chanlog_level)=2,ctx,a,b,12')?.caller?.extension).toBe('a,b');
  });
  it('reads the level alone from an older routine, or when the routine was not reached by GoSub', () => {
    expect(parseLevelMarker('LOCAL(chanlog_level)=7')).toEqual({ level: 7 });
    expect(parseLevelMarker('LOCAL(chanlog_level)=7,,,')).toEqual({ level: 7 });
  });
  it('ignores anything else', () => {
    expect(parseLevelMarker('LOCAL(other)=1')).toBeUndefined();
    expect(parseLevelMarker('LOCAL(chanlog_level)=x,a,b,1')).toBeUndefined();
  });
});
