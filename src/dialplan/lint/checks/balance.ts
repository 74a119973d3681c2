import type { Check } from '../types.js';
import { at, forEachPriority } from '../walk.js';

/**
 * What is left open or closed too often in `data`: parentheses, brackets,
 * braces (`${...}`), expressions (`$[...]`) and double quotes. Returns a
 * description of the first problem, or undefined.
 */
export function findImbalance(data: string): string | undefined {
  const stack: string[] = [];
  let quoted = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (c === '$' && (data[i + 1] === '{' || data[i + 1] === '[')) {
      stack.push(data[i + 1] === '{' ? '${' : '$[');
      i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      stack.push(c);
      continue;
    }
    const opener = c === ')' ? '(' : c === ']' ? '[' : c === '}' ? '{' : undefined;
    if (!opener) continue;
    const top = stack[stack.length - 1];
    const matches = top === opener || (opener === '{' && top === '${') || (opener === '[' && top === '$[');
    if (!matches) {
      // A `)` or `]` inside quotes is text (quoted arguments); a stray one outside is not.
      if (quoted) continue;
      return `'${c}' closes nothing`;
    }
    stack.pop();
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1]!;
    const close = open === '(' ? ')' : open === '${' || open === '{' ? '}' : ']';
    return `'${open}' is never closed (missing '${close}')`;
  }
  if (quoted) return 'a double quote is never closed';
  return undefined;
}

/**
 * W_APP_BALANCE: the data of an application has unbalanced parentheses,
 * brackets, braces or quotes, so Asterisk will split or substitute it
 * differently from what was meant.
 */
export const balance: Check = {
  name: 'balance',
  run({ result, report }) {
    forEachPriority(result, (priority) => {
      const problem = findImbalance(priority.data);
      if (!problem) return;
      report({
        code: 'W_APP_BALANCE',
        message: `${priority.app}(${priority.data}): ${problem}`,
        ...at(result, priority, priority.data || priority.app),
      });
    });
  },
};
