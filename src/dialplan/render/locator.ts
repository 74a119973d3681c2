import { matchExtension } from '../model/extension-order.js';
import type { LoadResult } from '../pbx/load.js';
import { extensionName, type Context, type Extension, type PriorityPool } from '../model/model.js';

/** A place in a dialplan file. */
export interface SourcePlace {
  file: string;
  line: number;
}

/**
 * Finds the line that defines a running step, as AMI names it: context,
 * the extension that was dialled (matched against patterns the way
 * Asterisk picks: the first match in its sorted order, a plain extension
 * before a CallerID variant), and the priority number.
 */
export function createLocator(result: LoadResult): (context: string, exten: string, priority: number) => SourcePlace | undefined {
  const contexts = new Map<string, Context>();
  for (const context of result.contexts) contexts.set(context.name, context);
  const pool = result.pool;
  return (contextName, exten, priority) => {
    const context = contexts.get(utf8ToLatin1(contextName));
    if (!context) return undefined;
    const dialled = utf8ToLatin1(exten);
    const extension = matchingExtension(pool, context.extensions, dialled);
    if (!extension) return undefined;
    for (let id = extension.head; id >= 0; id = pool.next[id]!) {
      if (pool.number[id] !== priority) continue;
      const source = result.sources[pool.source[id]!];
      return source ? { file: source.hostPath, line: pool.line[id]! } : undefined;
    }
    return undefined;
  };
}

/** Names from AMI are UTF-8 text; the model keeps the file's bytes as latin1. */
function utf8ToLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** The first extension matching `dialled` without a CallerID match, else the first matching one at all. */
function matchingExtension(pool: PriorityPool, extensions: Extension[], dialled: string): Extension | undefined {
  let fallback: Extension | undefined;
  for (const extension of extensions) {
    if (!matchExtension(extensionName(pool, extension), dialled)) continue;
    if (extension.cid === undefined) return extension;
    fallback ??= extension;
  }
  return fallback;
}
