import type { SourceRef } from '../ami/source-locator.js';

/**
 * What the CLI's `dialplan show` tells about where each priority came from,
 * read back from its text: the `[file:line]` registrar column of every
 * priority line. This is the only place the running server says it (the
 * `ShowDialPlan` events carry `Registrar: pbx_config` only), so a trace can
 * name source lines on a PBX whose files chanlog cannot read.
 */

/** One priority as `dialplan show` lists it. */
export interface ShownPriority {
  priority: number;
  /** `App(data)` as loaded (before substitution). */
  step: string;
  source: SourceRef;
}

export interface ShownExtension {
  /** The name as written: `100`, `_1XX`, `s`. */
  name: string;
  /** The CallerID it is restricted to, for `'202' (CID match '100') =>`. */
  cid?: string;
  priorities: Map<number, ShownPriority>;
}

export interface ShownContext {
  name: string;
  /** In the order `dialplan show` lists them, which is Asterisk's matching order. */
  extensions: ShownExtension[];
  /** Included contexts, searched after the context's own extensions, in order. */
  includes: string[];
}

export type ShownDialplan = Map<string, ShownContext>;

const CONTEXT_LINE = /^\[ Context '(.*)' created by '.*' \]$/;
/** The registrar column closes every priority line: ` [file:line]`. */
const REGISTRAR = / \[([^\][]+):([0-9]+)\]$/;
/** `'name' =>` or `'name' (CID match 'cid') =>`, a label `[name]`, or nothing; then `N. App(data)` or a hint. */
const PRIORITY_LINE = /^ {2}(?:'(.*?)'(?: \(CID match '(.*)'\))? =>|   \[(.*)\])? *(?:([0-9]+)\. (.*?)|hint: .*?) *$/;
const INCLUDE_LINE = /^ {2}Include => +'([^']*)'/;

/**
 * Parses the output of `dialplan show` (every context, as the `Command`
 * action returns it, one string per line). Lines it does not know (hints,
 * switches, ignore patterns, the summary) are skipped; a priority line cut
 * by Asterisk's 1023-byte line buffer loses its registrar and is skipped too.
 */
export function parseDialplanShow(lines: Iterable<string>): ShownDialplan {
  const contexts: ShownDialplan = new Map();
  let context: ShownContext | undefined;
  let extension: ShownExtension | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\r?\n$/, '');
    const header = CONTEXT_LINE.exec(line);
    if (header) {
      const name = header[1]!;
      context = contexts.get(name) ?? { name, extensions: [], includes: [] };
      contexts.set(name, context);
      extension = undefined;
      continue;
    }
    if (!context) continue;
    const include = INCLUDE_LINE.exec(line);
    if (include) {
      // A timed include shows as 'ctx,times' (or 'ctx|times'); the trace only needs the context.
      const text = include[1]!;
      context.includes.push(text.includes('|') ? text.split('|')[0]! : text.split(',')[0]!);
      continue;
    }
    const registrar = REGISTRAR.exec(line);
    if (!registrar) continue;
    const body = PRIORITY_LINE.exec(line.slice(0, registrar.index));
    if (!body) continue;
    const [, name, cid, , number, step] = body;
    if (name !== undefined) {
      extension = { name, ...(cid !== undefined ? { cid } : {}), priorities: new Map() };
      context.extensions.push(extension);
    }
    // A hint opens its extension's lines but is not a step.
    if (!extension || number === undefined) continue;
    const priority = Number(number);
    extension.priorities.set(priority, { priority, step: step!, source: { file: registrar[1]!, line: Number(registrar[2]) } });
  }
  return contexts;
}
