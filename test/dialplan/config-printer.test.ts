import { describe, expect, it } from 'vitest';
import { blank, comment, object, printConfig, setting } from '../../src/dialplan/config/printer.js';

describe('printConfig', () => {
  it('prints sections, templates, inheritance, settings and includes', () => {
    const text = printConfig({
      preamble: [comment('head'), { kind: 'include', path: 'a.conf' }],
      sections: [
        { name: 'base', template: true, items: [setting('type', 'friend')] },
        { name: 'ctx', inherits: ['base'], items: [object('exten', '1,1,NoOp(x)', 'why'), blank] },
      ],
    });
    expect(text).toBe('; head\n#include "a.conf"\n\n[base](!)\ntype = friend\n\n[ctx](base)\nexten => 1,1,NoOp(x) ; why\n\n');
  });
  it('escapes ; in values so it does not start a comment', () => {
    expect(printConfig({ sections: [{ name: 's', items: [object('exten', '1,1,Set(A=b;c)')] }] })).toContain('Set(A=b\\;c)');
  });
  it('refuses line breaks in any value', () => {
    expect(() => printConfig({ sections: [{ name: 's', items: [setting('a', 'x\ny')] }] })).toThrow(/line break/);
    expect(() => printConfig({ sections: [{ name: 'a]b', items: [] }] })).toThrow(/brackets/);
  });
});
