import { HINT } from '../../model/model.js';
import type { Check } from '../types.js';

/** Applications after which the next priority never runs by falling through. */
const ENDS_FLOW = new Set(['hangup', 'return', 'goto', 'macroexit']);

/**
 * W_UNREACHABLE_PRIORITY: a priority that no call can reach. Calls enter an
 * extension at priority 1 and move to priority + 1; a priority after a gap
 * (2 then 4), or right after an unconditional Hangup/Return/Goto, is never
 * reached unless something jumps to it, which needs a label (or a Goto to
 * its number somewhere: then it is not reported).
 */
export const unreachablePriority: Check = {
  name: 'unreachable-priority',
  run({ result, report }) {
    const pool = result.pool;
    const numericTargets = collectNumericJumpTargets(result);
    for (const context of result.contexts) {
      for (const extension of context.extensions) {
        let previous = -1;
        for (let id = extension.head; id >= 0; previous = id, id = pool.next[id]!) {
          const number = pool.number[id]!;
          if (number === HINT || previous < 0 || pool.number[previous] === HINT) continue;
          if (pool.label(id) || numericTargets.has(number)) continue;
          const before = pool.number[previous]!;
          let reason: string | undefined;
          if (before !== number - 1) reason = `priority ${number - 1} does not exist`;
          else if (ENDS_FLOW.has(pool.app(previous).trim().toLowerCase())) reason = `priority ${before} is ${pool.app(previous)}(${pool.data(previous)})`;
          if (!reason) continue;
          report({
            code: 'W_UNREACHABLE_PRIORITY',
            message: `priority ${number} of '${pool.name(extension.head, extension)}' in '${context.name}' is never reached: ${reason}, and it has no label`,
            source: pool.source[id]!,
            line: pool.line[id]!,
            offset: pool.offset[id]!,
          });
        }
      }
    }
  },
};

/** Priority numbers that some jump names explicitly (`Goto(ctx,100,5)`): those may be reached. */
function collectNumericJumpTargets(result: Parameters<Check['run']>[0]['result']): Set<number> {
  const targets = new Set<number>();
  const pool = result.pool;
  for (let id = 0; id < pool.count; id++) {
    if (!/^\s*(goto|gotoif|gosub|gosubif)\s*$/i.test(pool.app(id))) continue;
    for (const match of pool.data(id).matchAll(/(?:^|[,?:])\s*(\d+)\s*(?=$|[:(])/g)) targets.add(Number(match[1]));
  }
  return targets;
}
