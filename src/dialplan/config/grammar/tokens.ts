import type { CustomPatternMatcherReturn, TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';
import type { LineScanner } from '../scanner/line-scanner.js';
import { LineRun } from '../scanner/line-run.js';

/**
 * Tokens of the config-file grammar. Asterisk reads config files line by
 * line, and so does the hot path here: the line scanner classifies each
 * physical line once (comments removed, config.c's rules), and the tokens
 * are built from those lines:
 *
 * - a category header line and a directive line are one token each (their
 *   inner structure has its own small grammar: config/grammar/header.ts,
 *   config/grammar/directive.ts);
 * - a run of consecutive variable lines (`name = value`, the bulk of any
 *   dialplan) is one `BodyRun` token whose payload holds its lines, so a
 *   600,000-line dialplan is a few thousand tokens, not millions;
 * - blank and comment lines are skipped.
 */

let activeScanner: LineScanner | undefined;

/** The scanner the tokens consult while a file is being tokenized. */
export function withScanner<T>(scanner: LineScanner, run: () => T): T {
  const previous = activeScanner;
  activeScanner = scanner;
  try {
    return run();
  } finally {
    activeScanner = previous;
  }
}

function matched(text: string, offset: number, end: number, payload: unknown): CustomPatternMatcherReturn {
  const match = [text.slice(offset, end)] as CustomPatternMatcherReturn;
  match.payload = payload;
  return match;
}

function singleLine(kind: 'category' | 'directive') {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    const line = activeScanner!.at(offset);
    return line.kind === kind ? matched(text, offset, line.next, line) : null;
  };
}

function blankRun(text: string, offset: number): CustomPatternMatcherReturn | null {
  const scanner = activeScanner!;
  let line = scanner.at(offset);
  if (line.kind !== 'blank') return null;
  let end = line.next;
  while (end < text.length && (line = scanner.at(end)).kind === 'blank') end = line.next;
  return matched(text, offset, end, undefined);
}

/** Variable and too-long lines up to the next header or directive; blank lines inside are dropped. */
function bodyRun(text: string, offset: number): CustomPatternMatcherReturn | null {
  const scanner = activeScanner!;
  let line = scanner.at(offset);
  if (line.kind !== 'variable' && line.kind !== 'long') return null;
  const lines = new LineRun(scanner.arena);
  let end = offset;
  for (;;) {
    if (line.kind === 'variable' || line.kind === 'long') lines.push(line);
    else if (line.kind !== 'blank') break;
    end = line.next;
    if (end >= text.length) break;
    line = scanner.at(end);
  }
  return matched(text, offset, end, lines);
}

/** Whitespace, comments, block comments: nothing for the parser. */
export const BlankRun = createToken({ name: 'BlankRun', pattern: { exec: blankRun }, line_breaks: true, group: Lexer.SKIPPED });

/** `[name]`, `[name](!)`, `[name](base1,base2)`, `[name](+)`. */
export const CategoryLine = createToken({ name: 'CategoryLine', pattern: { exec: singleLine('category') }, line_breaks: true });

/** `#include`, `#tryinclude`, `#exec` and unknown `#words`. */
export const DirectiveLine = createToken({ name: 'DirectiveLine', pattern: { exec: singleLine('directive') }, line_breaks: true });

/** Consecutive `name = value` / `name => value` / `name += value` lines (and lines without `=`). */
export const BodyRun = createToken({ name: 'BodyRun', pattern: { exec: bodyRun }, line_breaks: true });

export const lineTokens: TokenType[] = [BodyRun, BlankRun, CategoryLine, DirectiveLine];
