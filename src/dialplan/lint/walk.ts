import type { LoadResult } from '../pbx/load.js';
import { HINT } from '../model/model.js';
import type { Finding, PriorityVisit } from './types.js';

/** Calls `visit` for every priority that runs an application (hints excluded), in listing order. */
export function forEachPriority(result: LoadResult, visit: (priority: PriorityVisit) => void): void {
  const pool = result.pool;
  for (const context of result.contexts) {
    for (const extension of context.extensions) {
      for (let id = extension.head; id >= 0; id = pool.next[id]!) {
        if (pool.number[id] === HINT) continue;
        visit({
          context,
          extension,
          id,
          app: pool.app(id),
          data: pool.data(id),
          source: pool.source[id]!,
          line: pool.line[id]!,
          offset: pool.offset[id]!,
        });
      }
    }
  }
}

/** Where in the source `needle` stands on a priority's line (for the caret), or the line's start. */
export function offsetOf(result: LoadResult, visit: Pick<PriorityVisit, 'source' | 'offset'>, needle: string): number {
  const text = result.sources[visit.source]?.text;
  if (!text || !needle) return visit.offset;
  let end = text.indexOf('\n', visit.offset);
  if (end < 0) end = text.length;
  const found = text.slice(visit.offset, end).indexOf(needle);
  return found < 0 ? visit.offset : visit.offset + found;
}

/** A finding's place: the priority's line, the caret on `needle` (see offsetOf). */
export function at(result: LoadResult, visit: Pick<PriorityVisit, 'source' | 'line' | 'offset'>, needle: string): Pick<Finding, 'source' | 'line' | 'offset'> {
  return { source: visit.source, line: visit.line, offset: offsetOf(result, visit, needle) };
}
