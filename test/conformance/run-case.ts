import { SENTINEL, type AsteriskOracle, type OracleResult } from '../tools/oracle/oracle.js';
import { runChanlog, type ChanlogDialplanApi, type ChanlogOutcome } from './chanlog-side.js';
import { compare, type Comparison } from './compare.js';

/**
 * One differential case: the oracle loads the files (and shows one context
 * on its own, to cover `dialplan show CONTEXT`), then chanlog loads the same
 * files, then the two are compared. Without the parser only the oracle runs.
 */
export interface CaseOutcome {
  oracle: OracleResult;
  chanlog?: ChanlogOutcome;
  comparison?: Comparison;
}

export async function runCase(oracle: AsteriskOracle, api: ChanlogDialplanApi | undefined, files: ReadonlyMap<string, Buffer | string>): Promise<CaseOutcome> {
  const result = await oracle.load({ files }, { show: (show) => contextToShow(show) });
  // A refused file leaves the previous state loaded (the reset, and any ghost of the case before): nothing of this file to show.
  if (result.aborted) result.shows.clear();
  if (!api) return { oracle: result };
  const chanlog = runChanlog(api, files, [...result.shows.keys()]);
  return { oracle: result, chanlog, comparison: compare(result, chanlog) };
}

/**
 * The first context of the listing, when its name survives the trip
 * through Asterisk's CLI unchanged (no blanks, quotes, backslashes or `@`,
 * which the CLI would split, unquote or read as EXTEN@CONTEXT).
 */
export function contextToShow(show: string): string[] {
  const first = /^\[ Context '(.*)' created by '[^']*' \]$/m.exec(show)?.[1];
  // The reset state's sentinel is listed only when Asterisk refused the file: nothing of the file to show.
  if (first === SENTINEL) return [];
  return first !== undefined && /^[\x21-\x7e]+$/.test(first) && !/["\\@']/.test(first) ? [first] : [];
}
