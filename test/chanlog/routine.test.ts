import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLevelMarker, routineDocument, routineSteps } from '../../src/chanlog/routine.js';
import { printConfig } from '../../src/dialplan/config/printer.js';

describe('the ChanLog routine', () => {
  it('is shipped as dialplan/chanlog.conf exactly as the generator prints it', () => {
    const shipped = fs.readFileSync(path.resolve('dialplan/chanlog.conf'), 'utf8');
    expect(shipped, 'dialplan/chanlog.conf is stale: run `node dist/cli/main.js generate -o dialplan/chanlog.conf`').toBe(
      printConfig(routineDocument()),
    );
  });
  it('jumps only to labels it defines', () => {
    const steps = routineSteps();
    const labels = new Set(steps.flatMap((s) => (s.label ? [s.label] : [])));
    for (const step of steps) {
      const target = step.app === 'Goto' ? step.data : step.app === 'GotoIf' ? step.data.split('?')[1] : undefined;
      if (target) expect(labels, `${step.app}(${step.data})`).toContain(target);
    }
  });
  it('reads the keys of the scheme', () => {
    const text = printConfig(routineDocument());
    expect(text).toContain('${DB(ChanLog/all)}');
    expect(text).toContain('${DB(ChanLog/channel/${CHANNEL})}');
    expect(text).toContain('${DB(ChanLog/channel/${device})}');
  });
  it("announces the level and the caller's location in its marker step", () => {
    const text = printConfig(routineDocument());
    expect(text).toContain('Set(LOCAL(chanlog_level)=${ARG1},${STACK_PEEK(1,c,1)},${STACK_PEEK(1,e,1)},${STACK_PEEK(1,p,1)})');
  });
});

describe('parseLevelMarker', () => {
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
