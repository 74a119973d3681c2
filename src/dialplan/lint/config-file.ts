import fs from 'node:fs';
import path from 'node:path';

/**
 * The lint config that lives with a dialplan, `.chanlog-lint.conf`, found
 * the way ESLint finds its own: in the dialplan file's directory or the
 * nearest one above it. A repository and its CI share it. It holds lint
 * policy only: an unknown key is an error (so a file meant for secrets is
 * never read as one, and no value is ever echoed back).
 *
 *   [lint]
 *   asterisk = 18
 *   disable = W_UNREACHABLE_PRIORITY, W_APP_BALANCE
 *   max-warnings = 20
 *   external-context = parkedcalls, from-realtime
 */
export const LINT_CONFIG_NAME = '.chanlog-lint.conf';

export interface LintConfig {
  file: string;
  asterisk?: string;
  disable: string[];
  maxWarnings?: number;
  externalContexts: string[];
}

/** A lint config that cannot be read as one: where, and what is wrong (never the value). */
export class LintConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${problem}`);
    this.name = 'LintConfigError';
  }
}

/** The nearest `.chanlog-lint.conf` from `dir` up to the root, or undefined. */
export function findLintConfig(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, LINT_CONFIG_NAME);
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}

const list = (value: string) => value.split(/[\s,]+/).filter((item) => item !== '');

export function readLintConfig(file: string): LintConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new LintConfigError(file, 0, `cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const config: LintConfig = { file, disable: [], externalContexts: [] };
  let section: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/(^|\s);.*$/, '').trim();
    if (content === '') return;
    const header = /^\[([^\]]*)\]$/.exec(content);
    if (header) {
      section = header[1]!.trim();
      if (section !== 'lint') throw new LintConfigError(file, line, 'the only section is [lint]');
      return;
    }
    if (section !== 'lint') throw new LintConfigError(file, line, 'settings go under a [lint] header');
    const equals = content.indexOf('=');
    if (equals < 0) throw new LintConfigError(file, line, "expected 'key = value'");
    const key = content.slice(0, equals).trim().toLowerCase();
    const value = content.slice(equals + 1).trim();
    if (key === 'asterisk') config.asterisk = value;
    else if (key === 'disable') config.disable.push(...list(value));
    else if (key === 'external-context') config.externalContexts.push(...list(value));
    else if (key === 'max-warnings') {
      if (!/^\d+$/.test(value)) throw new LintConfigError(file, line, 'max-warnings takes a whole number');
      config.maxWarnings = Number(value);
    } else {
      throw new LintConfigError(file, line, `unknown setting (known: asterisk, disable, max-warnings, external-context)`);
    }
  });
  return config;
}
