import { FUNCTIONS } from '../asterisk-names.js';
import type { Check } from '../types.js';
import { at, forEachPriority } from '../walk.js';

const known = new Set(FUNCTIONS);
/** Each name by its lower case (the first of a spelling), for the "did you mean" hint. */
const byLowerCase = new Map<string, string>();
for (const name of FUNCTIONS) if (!byLowerCase.has(name.toLowerCase())) byLowerCase.set(name.toLowerCase(), name);
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
        const hint = byLowerCase.get(name.toLowerCase());
        report({
          message: `unknown function '${name}'${hint ? ` (did you mean ${hint}? function names are case-sensitive)` : ''}`,
          ...at(result, priority, `\${${name}(`),
        });
      }
    });
  },
};
