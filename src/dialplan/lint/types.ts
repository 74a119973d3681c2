import type { Code } from '../log/catalogue.js';
import type { LoadResult } from '../pbx/load.js';
import type { Context, Extension } from '../model/model.js';
import type { AsteriskVersion } from './asterisk-version.js';
import type { Registered } from './registered-names.js';

/** A finding of one of chanlog's own checks, located like Asterisk's messages. */
export interface Finding {
  code: Code;
  message: string;
  source: number;
  line: number;
  /** Offset in the source text the finding points at (for the column and the caret). */
  offset: number;
}

/** What the checks are told beyond the loaded dialplan. */
export interface CheckSettings {
  /** The Asterisk whose applications and functions count as known. */
  asterisk: AsteriskVersion;
  /** Contexts that exist outside extensions.conf (AEL, Lua, modules, declared by the admin). */
  externalContexts: ReadonlySet<string>;
  /** What a live server has registered (`--ami`): the truth for which applications and functions exist. */
  registered?: Registered;
}

export interface LintContext {
  result: LoadResult;
  settings: CheckSettings;
  report(finding: Finding): void;
}

/** One concern, one module: the check itself; its codes, severities and summaries are in the catalogue. */
export interface Check {
  name: string;
  run(context: LintContext): void;
}

/** A priority met while walking the dialplan, with its place. */
export interface PriorityVisit {
  context: Context;
  extension: Extension;
  id: number;
  app: string;
  data: string;
  source: number;
  line: number;
  /** Offset of the line's live text in its source. */
  offset: number;
}
