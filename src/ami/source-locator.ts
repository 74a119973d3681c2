import { usageError } from '../errors.js';
import { createLocator, describeRefusal, loadDialplan } from '../dialplan/index.js';

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
 * Loads FILE (and what it includes) with chanlog's dialplan parser into a
 * SourceLocator. A file Asterisk would refuse is refused here too.
 */
export function loadSourceLocator(file: string): SourceLocator {
  const result = loadDialplan(file);
  if (result.missing && result.sources.length === 0) throw usageError(`--dialplan ${file}: no such file`);
  if (result.aborted) throw describeRefusal(file, result);
  const locate = createLocator(result);
  return { locate };
}
