/**
 * Reading what Asterisk logs while it loads a dialplan: the `[plain]`
 * formatted log file of the oracle instance (test/tools/oracle/oracle.ts), turned
 * into structured lines.
 *
 * A `[plain]` file line looks exactly like a console line without colours:
 *
 *     [Nov 23 22:41:14] WARNING[12803]: pbx_config.c:1873 pbx_load_config: No closing parenthesis found? ...
 *
 * (the `[default]` file format drops the source line and function, which
 * are part of what the parser must reproduce, hence `[plain]`).
 */

export interface OracleLogLine {
  /** `WARNING`, `ERROR` or `NOTICE`. */
  level: string;
  /**
   * The logging thread (Linux thread id). All messages of one load come from
   * the thread that ran `dialplan reload`; a line from another thread was
   * logged asynchronously and its place in the sequence is not reliable.
   */
  thread: number;
  /** Asterisk's source file and line, e.g. `config.c:2330`. */
  source: string;
  /** The C function, e.g. `process_text_line`. */
  func: string;
  /** Everything after `func: `, without the newline; a latin1 string of bytes. */
  message: string;
  /**
   * Asterisk formats a log line into an 8192-byte buffer, so a line longer
   * than 8191 bytes loses its end (and its newline). The length of what is
   * lost depends on the date and thread id, so compare such messages by
   * prefix only.
   */
  truncated?: boolean;
}

/** The size of Asterisk's log line buffer minus its NUL (logger.c LOGMSG_SIZE). */
export const LOG_LINE_LIMIT = 8191;

const HEADER = /^\[[^\]\n]*\] ([A-Z]+)\[(\d+)\](?:\[C-[0-9a-f]+\])?: /;
const LOCATION = /^([^\s:]+):(\d+) (\S+): /;

/**
 * Splits log text (complete lines only) into records. A physical line that
 * does not start with a log header continues the previous record's
 * message (none of the load-time messages do that; it keeps the parser
 * honest if one ever does), or is dropped when there is none, like the
 * banner a log file starts with.
 */
export function parseLogText(text: string): OracleLogLine[] {
  const lines: OracleLogLine[] = [];
  for (const physical of text.split('\n')) {
    for (const piece of splitGlued(physical)) {
      const header = HEADER.exec(piece.text);
      const rest = header ? piece.text.slice(header[0].length) : '';
      const location = header ? LOCATION.exec(rest) : null;
      if (header && location) {
        const line: OracleLogLine = {
          level: header[1]!,
          thread: Number(header[2]),
          source: `${location[1]}:${location[2]}`,
          func: location[3]!,
          message: rest.slice(location[0].length),
        };
        if (piece.truncated) line.truncated = true;
        lines.push(line);
      } else if (lines.length > 0 && piece.text !== '') {
        lines[lines.length - 1]!.message += `\n${piece.text}`;
      }
    }
  }
  return lines;
}

/** A line cut at the buffer limit has no newline, so the next record follows on the same physical line. */
function splitGlued(physical: string): Array<{ text: string; truncated: boolean }> {
  const pieces: Array<{ text: string; truncated: boolean }> = [];
  let rest = physical;
  while (rest.length > LOG_LINE_LIMIT && HEADER.test(rest.slice(LOG_LINE_LIMIT))) {
    pieces.push({ text: rest.slice(0, LOG_LINE_LIMIT), truncated: true });
    rest = rest.slice(LOG_LINE_LIMIT);
  }
  pieces.push({ text: rest, truncated: rest.length >= LOG_LINE_LIMIT });
  return pieces;
}

/**
 * Rewrites the configuration directory Asterisk used (`configDir`, as
 * Asterisk saw it) to the stock `/etc/asterisk`, so messages read the same
 * whichever directory the instance really used. Only whole path prefixes
 * are rewritten: `configDir` followed by `/`.
 */
export function normaliseConfigDir(message: string, configDir: string, stock = '/etc/asterisk'): string {
  const from = configDir.replace(/\/+$/, '') + '/';
  const to = stock.replace(/\/+$/, '') + '/';
  return from === to ? message : message.split(from).join(to);
}

/** The form the experiment recordings use: `LEVEL: source func: message`. */
export function formatLogLine(line: Pick<OracleLogLine, 'level' | 'source' | 'func' | 'message'>): string {
  return `${line.level}: ${line.source} ${line.func}: ${line.message}`;
}
