import type { DialplanStep } from '../../src/chanlog/discover.js';
import { chain, extensionName, priorityAt } from '../../src/dialplan/index.js';
import { load } from '../dialplan/helpers.js';

/** The steps of a dialplan text as ShowDialPlan would list them. */
export function stepsOf(text: string): DialplanStep[] {
  const result = load(text);
  return result.contexts.flatMap((context) =>
    context.extensions.flatMap((extension) =>
      chain(result.pool, extension).map((id) => {
        const p = priorityAt(result.pool, extension, id);
        return { context: context.name, extension: extensionName(result.pool, extension), priority: String(p.priority), application: p.app, appData: p.data };
      }),
    ),
  );
}
