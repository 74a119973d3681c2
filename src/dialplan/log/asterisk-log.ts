/**
 * What Asterisk prints while loading a dialplan, line for line: every
 * warning or error chanlog knows Asterisk 22 would log, with its exact text,
 * its origin (`config.c:2330 process_text_line`), a stable chanlog code, and
 * where in the source files it points.
 */

import type { Code } from './catalogue.js';

export type LogLevel = 'WARNING' | 'ERROR';

/** A place in a loaded file: the source id (see SourceFile) and config.c's line number. */
export interface LogLocation {
  source: number;
  line: number;
  /** Offset in the source text the message points at, when known (for columns). */
  offset?: number;
}

export interface AsteriskLog {
  level: LogLevel;
  /** Asterisk's source file and line, as its console prints them: `config.c:2330`. */
  origin: string;
  /** The C function named after the origin. */
  func: string;
  /** The message exactly as Asterisk prints it (bytes as latin1), without the trailing newline. */
  text: string;
  /** chanlog's stable code for this kind of message (see catalogue.ts). */
  code: Code;
  at?: LogLocation;
}

/** Collects log lines in the order Asterisk would print them. */
export class AsteriskLogger {
  readonly lines: AsteriskLog[] = [];

  /** `at` is copied: callers may reuse one location object from line to line. */
  add(level: LogLevel, origin: string, func: string, code: Code, text: string, at?: LogLocation): void {
    if (!at) {
      this.lines.push({ level, origin, func, code, text });
      return;
    }
    const copy: LogLocation = at.offset === undefined ? { source: at.source, line: at.line } : { source: at.source, line: at.line, offset: at.offset };
    this.lines.push({ level, origin, func, code, text, at: copy });
  }
}

/** The line as Asterisk's console shows it, without the date and thread id. */
export function formatAsteriskLog(log: AsteriskLog): string {
  return `${log.level}: ${log.origin} ${log.func}: ${log.text}`;
}
