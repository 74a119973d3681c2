import { describe, expect, it } from 'vitest';
import { chain, extensionName, priorityAt, renderDialplanShow } from '../../src/dialplan/index.js';
import { HINT } from '../../src/dialplan/model/model.js';
import { parseDialplanShow } from '../../src/trace/dialplan-show.js';
import { ShownLocator } from '../../src/trace/shown-locator.js';
import { load } from '../dialplan/helpers.js';

/** A dialplan with what `dialplan show` prints in different shapes: labels, CallerID matches, hints, includes, long names and data. */
const FILES = {
  'extensions.conf': [
    '[globals]',
    'X=1',
    '[from-internal]',
    'include => shared',
    'include => timed,09:00-17:00,mon-fri,*,*',
    'exten => _1XX,1,NoOp(pattern ${EXTEN})',
    ' same => n(dial),Dial(PJSIP/${EXTEN},20)',
    'exten => 100,1,NoOp(exact)',
    'exten => 100,hint,PJSIP/100',
    "exten => 202/100,1,NoOp(cid variant)",
    'exten => 202,1,NoOp(plain 202)',
    `exten => ${'9'.repeat(30)},1,NoOp(a name longer than the column)`,
    `exten => s,1,Set(LONG=${'x'.repeat(80)})`,
    ' same => n(a-very-long-label-name),Verbose(1,[x:1] odd data)',
    '#include "more.conf"',
    '[timed]',
    'exten => 655,1,NoOp(timed include)',
  ].join('\n'),
  'more.conf': '[shared]\nexten => _5XX,1,NoOp(shared ${EXTEN})\n same => n,Return()\n',
};

describe('parseDialplanShow', () => {
  const result = load(FILES);
  const text = renderDialplanShow(result);
  const shown = parseDialplanShow(text.split('\n'));

  it('reads every priority of every context with the file and line of its registrar column', () => {
    let count = 0;
    for (const context of result.contexts) {
      const parsed = shown.get(context.name);
      expect(parsed, context.name).toBeDefined();
      for (const extension of context.extensions) {
        const name = extensionName(result.pool, extension);
        const match = parsed!.extensions.find((e) => e.name === name && (e.cid ?? undefined) === extension.cid);
        for (const id of chain(result.pool, extension)) {
          const priority = priorityAt(result.pool, extension, id);
          if (priority.priority === HINT) continue;
          expect(match?.priorities.get(priority.priority)?.source, `${context.name},${name},${priority.priority}`).toEqual({ file: priority.file, line: priority.origin.line });
          count++;
        }
      }
    }
    expect(count).toBe(11);
  });

  it('keeps includes in order, without their time specification', () => {
    expect(shown.get('from-internal')!.includes).toEqual(['shared', 'timed']);
  });

  it('keeps the step as loaded', () => {
    expect(shown.get('from-internal')!.extensions.find((e) => e.name === '_1XX')!.priorities.get(2)!.step).toBe('Dial(PJSIP/${EXTEN},20)');
  });

  it('reads real Asterisk output as the Command action returns it', () => {
    // As Asterisk 22.10.1 printed a context of a file included as user/trace.conf (captured over the Command action).
    const real = [
      "[ Context 'trace-target' created by 'pbx_config' ]",
      "  't' =>            1. NoOp(target)                               [trace.conf:16]",
      '     [dial]         2. Dial(Local/200@trace-callee,5)             [trace.conf:17]',
      '                    3. Hangup()                                   [trace.conf:18]',
      '',
      '-= 1 extension (3 priorities) in 1 context. =-',
    ];
    const target = parseDialplanShow(real).get('trace-target')!;
    expect([...target.extensions[0]!.priorities.values()].map((p) => [p.priority, p.step, p.source.file, p.source.line])).toEqual([
      [1, 'NoOp(target)', 'trace.conf', 16],
      [2, 'Dial(Local/200@trace-callee,5)', 'trace.conf', 17],
      [3, 'Hangup()', 'trace.conf', 18],
    ]);
  });
});

describe('ShownLocator', () => {
  const locator = new ShownLocator(parseDialplanShow(renderDialplanShow(load(FILES)).split('\n')));

  it('resolves the dialled extension as Asterisk does: exact before pattern, plain before CallerID, then includes', () => {
    expect(locator.locate('from-internal', '100', 1)).toEqual({ file: 'extensions.conf', line: 8 });
    expect(locator.locate('from-internal', '150', 2)).toEqual({ file: 'extensions.conf', line: 7 });
    expect(locator.locate('from-internal', '202', 1)).toEqual({ file: 'extensions.conf', line: 11 });
    expect(locator.locate('from-internal', '512', 2)).toEqual({ file: 'more.conf', line: 3 });
    expect(locator.locate('from-internal', '555', 1)).toEqual({ file: 'more.conf', line: 2 });
    expect(locator.locate('from-internal', '655', 1)).toEqual({ file: 'extensions.conf', line: 17 });
  });

  it('knows nothing of steps that are not loaded', () => {
    expect(locator.locate('from-internal', '150', 9)).toBeUndefined();
    expect(locator.locate('from-internal', '999', 1)).toBeUndefined();
    expect(locator.locate('nowhere', 's', 1)).toBeUndefined();
  });

  it('survives include loops', () => {
    const looped = new ShownLocator(
      new Map([
        ['a', { name: 'a', extensions: [], includes: ['b'] }],
        ['b', { name: 'b', extensions: [], includes: ['a'] }],
      ]),
    );
    expect(looped.locate('a', '1', 1)).toBeUndefined();
  });
});
