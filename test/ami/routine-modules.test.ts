import { describe, expect, it } from 'vitest';
import { routineSteps } from '../../src/chanlog/routine.js';
import { namesUsed, routineModules } from '../../src/ami/routine-modules.js';

describe("the routine's modules", () => {
  it('knows the module of every application and function the generated routine uses', () => {
    const { needs, unknown } = routineModules(routineSteps());
    expect(unknown).toEqual([]);
    expect(needs.map((n) => n.module)).toContain('app_stack.so');
    expect(needs.map((n) => n.module)).toContain('func_db.so');
  });

  it('reads applications, ${FUNC(...)} calls and Set(FUNC(x)=...)', () => {
    expect(namesUsed({ app: 'Set', data: 'LOCAL(x)=${IF(${REGEX("^[0-9]+$" ${DB(ChanLog/all)})}?1:0)}' })).toEqual({
      applications: ['Set'],
      functions: ['LOCAL', 'IF', 'REGEX', 'DB'],
    });
    expect(namesUsed({ app: 'Verbose', data: '0,$[${a} + 1]' })).toEqual({ applications: ['Verbose'], functions: [] });
  });

  it("names the routine's UserEvent and BASE64_ENCODE modules, and reports names it does not know", () => {
    const { needs, unknown } = routineModules([
      { app: 'UserEvent', data: 'ChanLog,ChanLogMessage: ${BASE64_ENCODE(${m})}' },
      { app: 'Set', data: 'x=${NOSUCHFUNC(1)}' },
      { app: 'GotoIf', data: '$[1]?a' },
    ]);
    expect(needs).toEqual([
      { module: 'app_userevent.so', provides: ['UserEvent'] },
      { module: 'func_base64.so', provides: ['BASE64_ENCODE'] },
    ]);
    expect(unknown).toEqual(['NOSUCHFUNC']);
  });
});
