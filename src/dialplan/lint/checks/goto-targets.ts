import { separateArgs } from '../../model/app-args.js';
import { matchExtension } from '../../model/extension-order.js';
import type { LoadResult } from '../../pbx/load.js';
import type { Context, Extension } from '../../model/model.js';
import type { Check, PriorityVisit } from '../types.js';
import { at, forEachPriority } from '../walk.js';

/** Applications that jump, and how their data names the target(s). */
type JumpForm = 'goto' | 'gotoif' | 'gosub' | 'gosubif';
const JUMPS: Record<string, JumpForm> = { goto: 'goto', gotoif: 'gotoif', gosub: 'gosub', gosubif: 'gosubif' };

interface Target {
  context: string;
  exten: string;
  priority: string;
  /** The text as written, for the message. */
  text: string;
}

/** `[[context,]exten,]priority` relative to where the jump is; undefined when it depends on variables. */
function parseTarget(spec: string, here: PriorityVisit, pool: LoadResult['pool']): Target | undefined {
  const text = spec.trim();
  if (text === '' || text.includes('${') || text.includes('$[')) return undefined;
  const parts = separateArgs(text, 3, false).map((p) => p.trim());
  const currentExten = pool.name(here.extension.head, here.extension);
  if (parts.length === 1) return { context: here.context.name, exten: currentExten, priority: parts[0]!, text };
  if (parts.length === 2) return { context: here.context.name, exten: parts[0]!, priority: parts[1]!, text };
  return { context: parts[0]!, exten: parts[1]!, priority: parts[2]!, text };
}

/** The targets of one jumping priority. */
function targetsOf(form: JumpForm, data: string, here: PriorityVisit, pool: LoadResult['pool']): Target[] {
  const specs: string[] = [];
  if (form === 'goto') specs.push(data);
  else if (form === 'gosub') specs.push(data.replace(/\(.*$/s, ''));
  else {
    // cond?label1[:label2]; the condition may hold `?` only inside $[...] or ${...}.
    const question = topLevelIndex(data, '?');
    if (question < 0) return [];
    const branches = data.slice(question + 1);
    const colon = topLevelIndex(branches, ':');
    for (const branch of colon < 0 ? [branches] : [branches.slice(0, colon), branches.slice(colon + 1)]) {
      specs.push(form === 'gosubif' ? branch.replace(/\(.*$/s, '') : branch);
    }
  }
  return specs.flatMap((spec) => {
    if (spec.trim() === '') return [];
    const target = parseTarget(spec, here, pool);
    return target ? [target] : [];
  });
}

/** The first `char` outside (), [], {} and quotes. */
function topLevelIndex(text: string, char: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === char && depth === 0) return i;
  }
  return -1;
}

/** Finds where a jump lands the way a call would: the context, its matching extensions, then its includes. */
class JumpResolver {
  private readonly contexts = new Map<string, Context>();

  constructor(private readonly result: LoadResult) {
    for (const context of result.contexts) this.contexts.set(context.name, context);
  }

  hasContext(name: string): boolean {
    return this.contexts.has(name);
  }

  /** Whether a call in `contextName` may reach a switch (its extensions then come from elsewhere: realtime, another server). */
  reachesSwitch(contextName: string, seen = new Set<string>()): boolean {
    const context = this.contexts.get(contextName);
    if (!context || seen.has(contextName)) return false;
    seen.add(contextName);
    return context.switches.length > 0 || context.includes.some((include) => this.reachesSwitch(include.target, seen));
  }

  /** Extensions that a call to `exten` in `contextName` could run, following includes. */
  candidates(contextName: string, exten: string, seen = new Set<string>()): Extension[] {
    const context = this.contexts.get(contextName);
    if (!context || seen.has(contextName)) return [];
    seen.add(contextName);
    const pool = this.result.pool;
    const found = context.extensions.filter((e) => matchExtension(pool.name(e.head, e), exten) || pool.name(e.head, e) === exten);
    for (const include of context.includes) found.push(...this.candidates(include.target, exten, seen));
    return found;
  }

  /** Whether one of `extensions` has that priority (a number) or label. */
  hasPriority(extensions: Extension[], priority: string): boolean {
    const pool = this.result.pool;
    const number = /^\d+$/.test(priority) ? Number(priority) : undefined;
    for (const extension of extensions) {
      for (let id = extension.head; id >= 0; id = pool.next[id]!) {
        if (number !== undefined ? pool.number[id] === number : pool.label(id) === priority) return true;
      }
    }
    return false;
  }
}

/**
 * E_GOTO_TARGET: a Goto, GotoIf, Gosub or GosubIf whose target does not
 * exist: no such context, no extension there that matches, or no such
 * priority or label in it. Asterisk accepts these at load time; the call
 * that reaches them falls to the `i` extension or hangs up. Targets built
 * from variables, contexts from elsewhere and extensions a switch may
 * provide are not checked: a jump the lint cannot check is never an error.
 */
export const gotoTargets: Check = {
  name: 'goto-targets',
  run({ result, settings, report }) {
    const resolver = new JumpResolver(result);
    forEachPriority(result, (priority) => {
      const form = JUMPS[priority.app.trim().toLowerCase()];
      if (!form) return;
      for (const target of targetsOf(form, priority.data, priority, result.pool)) {
        const problem = describeMissing(resolver, target, settings.externalContexts);
        if (!problem) continue;
        report({
          code: 'E_GOTO_TARGET',
          message: `${priority.app}(${priority.data}): ${problem}`,
          ...at(result, priority, target.text),
        });
      }
    });
  },
};

/**
 * What is missing at a target, or undefined when it is there or cannot be
 * checked: a context from another module or declared by the admin, or one
 * whose extensions may come through a switch, is unknown rather than missing.
 */
function describeMissing(resolver: JumpResolver, target: Target, externalContexts: ReadonlySet<string>): string | undefined {
  if (/^[+-]\d+$/.test(target.priority)) return undefined; // relative priorities: checked at run time
  if (externalContexts.has(target.context)) return undefined;
  if (!resolver.hasContext(target.context)) return `no context '${target.context}'`;
  const extensions = resolver.candidates(target.context, target.exten);
  if (extensions.length === 0 && resolver.reachesSwitch(target.context)) return undefined;
  if (extensions.length === 0) return `no extension matching '${target.exten}' in context '${target.context}' (or the contexts it includes)`;
  if (!resolver.hasPriority(extensions, target.priority)) {
    const what = /^\d+$/.test(target.priority) ? 'priority' : 'label';
    return `no ${what} '${target.priority}' in extension '${target.exten}' of context '${target.context}'`;
  }
  return undefined;
}
