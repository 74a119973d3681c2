import { bytesToDisplay } from '../text/bytes.js';
import type { LoadResult } from '../pbx/load.js';
import { chain, extensionName, HINT, priorityAt } from '../model/model.js';

/** The loaded dialplan as plain JSON-able data (text decoded from UTF-8 for reading). */
export function dialplanToJson(result: LoadResult) {
  const file = (source: number) => result.sources[source]?.hostPath;
  const text = bytesToDisplay;
  return {
    aborted: result.aborted,
    contexts: result.contexts.map((context) => ({
      name: text(context.name),
      autohints: context.autohints,
      sections: context.sections.map((s) => ({ file: file(s.source), line: s.line })),
      extensions: context.extensions.map((extension) => ({
        name: text(extensionName(result.pool, extension)),
        ...(extension.cid !== undefined ? { cid: text(extension.cid) } : {}),
        priorities: chain(result.pool, extension).map((id) => {
          const p = priorityAt(result.pool, extension, id);
          return {
            priority: p.priority === HINT ? 'hint' : p.priority,
            ...(p.label ? { label: text(p.label) } : {}),
            app: text(p.app),
            data: text(p.data),
            file: file(p.origin.source),
            line: p.origin.line,
          };
        }),
      })),
      includes: context.includes.map((i) => ({ name: text(i.name), target: text(i.target), file: file(i.origin.source), line: i.origin.line })),
      ignorePatterns: context.ignorePatterns.map((i) => ({ pattern: text(i.pattern), file: file(i.origin.source), line: i.origin.line })),
      switches: context.switches.map((s) => ({ module: text(s.module), data: text(s.data), evaluate: s.evaluate, file: file(s.origin.source), line: s.origin.line })),
    })),
    diagnostics: result.diagnostics,
  };
}
