import { ChanlogError } from '../../errors.js';
import { formatAsteriskLog, type AsteriskLog } from './asterisk-log.js';

/**
 * The error for a file Asterisk would refuse as a whole: it keeps the
 * dialplan it had (a freshly started one has none). The details are the
 * lines Asterisk itself logs about it.
 */
export function describeRefusal(file: string, result: { log: AsteriskLog[] }): ChanlogError {
  const reasons = result.log.filter((line) => line.code.startsWith('E_')).map((line) => formatAsteriskLog(line));
  return new ChanlogError(`Asterisk would refuse to load ${file}: it keeps the dialplan it had`, {
    details: reasons.length > 0 ? reasons : result.log.map((line) => formatAsteriskLog(line)).slice(-5),
  });
}
