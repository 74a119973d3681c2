import type { SourceLocator, SourceRef } from '../ami/source-locator.js';
import { matchExtension } from '../dialplan/index.js';
import type { ShownContext, ShownDialplan, ShownExtension, ShownPriority } from './dialplan-show.js';

/** Includes nest; Asterisk stops at this depth (AST_PBX_MAX_STACK is far larger, but loops are the real danger). */
const MAX_INCLUDE_DEPTH = 32;

/**
 * A SourceLocator over what the running server's `dialplan show` printed.
 * A step names the extension that was dialled (`150`), not the pattern
 * that matched it (`_1XX`): it is resolved as Asterisk resolves it, the
 * context's own extensions first, in the listed (matching) order, a plain
 * extension before a CallerID variant, then the included contexts in order.
 */
export class ShownLocator implements SourceLocator {
  constructor(private readonly dialplan: ShownDialplan) {}

  locate(context: string, exten: string, priority: number): SourceRef | undefined {
    return this.find(context, exten, priority)?.source;
  }

  /** The priority as loaded, with its source. */
  find(context: string, exten: string, priority: number): ShownPriority | undefined {
    const extension = this.resolve(context, exten, new Set(), 0);
    return extension?.priorities.get(priority);
  }

  /** Every loaded priority written at `file:line` (a file named by its base name matches a path ending in it). */
  *at(file: string, line: number): Iterable<{ context: string; extension: string; priority: ShownPriority }> {
    for (const context of this.dialplan.values()) {
      for (const extension of context.extensions) {
        for (const priority of extension.priorities.values()) {
          if (priority.source.line === line && sameFile(priority.source.file, file)) yield { context: context.name, extension: extension.name, priority };
        }
      }
    }
  }

  private resolve(contextName: string, exten: string, seen: Set<string>, depth: number): ShownExtension | undefined {
    const context: ShownContext | undefined = this.dialplan.get(contextName);
    if (!context || seen.has(contextName) || depth > MAX_INCLUDE_DEPTH) return undefined;
    seen.add(contextName);
    const own = bestMatch(context.extensions, exten);
    if (own) return own;
    for (const included of context.includes) {
      const found = this.resolve(included, exten, seen, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
}

function bestMatch(extensions: ShownExtension[], dialled: string): ShownExtension | undefined {
  let withCid: ShownExtension | undefined;
  for (const extension of extensions) {
    if (!matchExtension(extension.name, dialled)) continue;
    if (extension.cid === undefined) return extension;
    withCid ??= extension;
  }
  return withCid;
}

/** `trace.conf` (how Asterisk names a file) is the same file as `/etc/asterisk/user/trace.conf`. */
export function sameFile(shown: string, typed: string): boolean {
  return shown === typed || typed.endsWith(`/${shown}`) || shown.endsWith(`/${typed}`);
}
