import { FUNCTIONS } from '../asterisk-names.js';
import type { Check } from '../types.js';
import { forEachPriority, offsetOf } from '../walk.js';

const known = new Set(FUNCTIONS);
const CALL = /\$\{([A-Za-z_][A-Za-z0-9_]*)\(/g;

/**
 * W_UNKNOWN_FUNCTION: `${NAME(...)}` where Asterisk 22 has no function of
 * that name. Function names compare exactly (CALLERID, not CallerID).
 */
export const unknownFunction: Check = {
  code: 'W_UNKNOWN_FUNCTION',
  severity: 'warning',
  summary: 'dialplan function unknown to Asterisk 22 (names are case-sensitive)',
  run({ result, report }) {
    forEachPriority(result, (priority) => {
      for (const match of priority.data.matchAll(CALL)) {
        const name = match[1]!;
        if (known.has(name)) continue;
        const hint = FUNCTIONS.find((f) => f.toLowerCase() === name.toLowerCase());
        report({
          code: 'W_UNKNOWN_FUNCTION',
          severity: 'warning',
          message: `unknown function '${name}'${hint ? ` (did you mean ${hint}? function names are case-sensitive)` : ''}`,
          source: priority.source,
          line: priority.line,
          offset: offsetOf(result, priority, `\${${name}(`),
        });
      }
    });
  },
};
