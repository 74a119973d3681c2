import type { LoadResult } from '../pbx/load.js';
import type { Context, Extension } from '../model/model.js';

export type Severity = 'error' | 'warning' | 'info';

/** A finding of one of chanlog's own checks, located like Asterisk's messages. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  source: number;
  line: number;
  /** Offset in the source text the finding points at (for the column and the caret). */
  offset: number;
}

export interface LintContext {
  result: LoadResult;
  /** The check's own code and severity are added to what it reports. */
  report(finding: Omit<Finding, 'code' | 'severity'>): void;
}

/** One concern, one module: a stable code, what it finds, and the check itself. */
export interface Check {
  code: string;
  severity: Severity;
  /** One line for `chanlog lint --list`. */
  summary: string;
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

