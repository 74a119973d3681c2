import { ChanlogError } from '../errors.js';

/** A place in a dialplan file. */
export interface SourceRef {
  file: string;
  line: number;
}

/**
 * Maps a dialplan step, as AMI names it (context, the extension that was
 * dialled, priority number), to the file and line that defined it. The
 * dialplan parser's model implements it; `chanlog tail --dialplan FILE`
 * uses it to put `file:line` on every line.
 */
export interface SourceLocator {
  locate(context: string, exten: string, priority: number): SourceRef | undefined;
}

/**
 * Loads FILE (and what it includes) into a SourceLocator. This is where
 * the dialplan parser (issue 3) plugs in; until it has landed the option is
 * refused with a message that says so.
 */
export function loadSourceLocator(file: string): SourceLocator {
  throw new ChanlogError(`--dialplan ${file}: mapping lines to file:line needs chanlog's dialplan parser, which this build does not have yet`, {
    exitCode: 2,
  });
}
