import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseFamily, findRoutines, type DialplanStep } from '../../src/chanlog/discover.js';
import { featureCodeDocument } from '../../src/chanlog/feature-codes.js';
import { routineDocument } from '../../src/chanlog/routine.js';
import { printConfig } from '../../src/dialplan/config/printer.js';
import { stepsOf } from '../helpers/dialplan-steps.js';

const PUBLISHED = `[chanlog]
exten => s,1,GotoIf($[\${DB_EXISTS(ChanLog/all)} = 0]?checkchan1)
 same => n,GotoIf($[\${ARG1} <= \${DB_RESULT}]?log)
 same => n(checkchan1),Set(KEY=ChanLog/channel/\${CHANNEL})
 same => n,GotoIf($[\${DB_EXISTS(\${KEY})} = 0]?return)
 same => n,GotoIf($[\${ARG1} <= \${DB_RESULT}]?log)
 same => n(return),Return()
 same => n(log),Verbose(0,\${ARG2})
 same => n,Return()
`;

const OTHER = `[from-internal]
exten => 100,1,GoSub(chanlog,s,1(1,hello))
 same => n,Set(DB(Other/all)=1)
 same => n,Verbose(0,not a routine: it reads no level key)
`;

describe('findRoutines', () => {
  it('finds a generated routine and its family, whatever the options', () => {
    const text = printConfig(routineDocument('1.0.0', { context: 'dbg', family: 'DebugLevels', verboseLevel: 2 }));
    expect(findRoutines(stepsOf(`${text}\n${OTHER}`))).toEqual([{ context: 'dbg', kind: 'user-event', family: 'DebugLevels' }]);
  });
  it('finds the routine generated before the UserEvent (level marker) and the published one', () => {
    const marker = fs.readFileSync('test/fixtures/routine/marker-routine.conf', 'utf8');
    expect(findRoutines(stepsOf(marker))).toEqual([{ context: 'chanlog', kind: 'level-marker', family: 'ChanLog' }]);
    expect(findRoutines(stepsOf(PUBLISHED))).toEqual([{ context: 'chanlog', kind: 'published', family: 'ChanLog' }]);
  });
  it('does not take the feature codes (they write levels, they print nothing) for a routine', () => {
    const codes = printConfig(featureCodeDocument('1.0.0', { context: 'codes', prefix: '*58', family: 'Fam', technologies: ['PJSIP'] }));
    expect(findRoutines(stepsOf(codes))).toEqual([]);
  });
  it('reports no family for one that is not a plain name (it never reaches AMI)', () => {
    const steps: DialplanStep[] = [
      { context: 'odd', extension: 's', priority: '1', application: 'Set', appData: 'L=${DB(Fam ily/all)}' },
      { context: 'odd', extension: 's', priority: '2', application: 'Verbose', appData: '0,${ARG2}' },
    ];
    expect(findRoutines(steps)).toEqual([{ context: 'odd', kind: 'published', family: undefined }]);
  });
});

describe('chooseFamily', () => {
  it("takes the one routine's family", () => {
    expect(chooseFamily([{ context: 'dbg', kind: 'user-event', family: 'Fam' }])).toEqual({ family: 'Fam' });
  });
  it('prefers [chanlog] among routines of different families, and says so', () => {
    const choice = chooseFamily([
      { context: 'a', kind: 'user-event', family: 'A' },
      { context: 'chanlog', kind: 'level-marker', family: 'B' },
    ]);
    expect(choice.family).toBe('B');
    expect(choice.note).toMatch(/several routines read different families \(\[a\] A, \[chanlog\] B\)/);
  });
  it('falls back to ChanLog when no routine is loaded, and when the family found is not a plain name (saying so)', () => {
    expect(chooseFamily([])).toEqual({ family: 'ChanLog' });
    expect(chooseFamily([{ context: 'odd', kind: 'published', family: undefined }])).toEqual({ family: 'ChanLog', note: expect.stringMatching(/not a plain name/) });
  });
});
