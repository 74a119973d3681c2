import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routineDocument, routineSteps } from '../../src/chanlog/routine.js';
import { printConfig } from '../../src/dialplan/config-printer.js';

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
});
