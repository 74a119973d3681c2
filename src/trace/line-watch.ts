import { AmiClient, type AmiClientOptions } from '../ami/client.js';
import type { ServerTarget } from '../ami/connection.js';
import { asNewexten, type NewextenEvent } from '../ami/events.js';
import { usageError } from '../errors.js';
import { escapeEre } from './filters.js';
import { sameFile } from './shown-locator.js';
import { ServerSources } from './sources.js';

/** A source line to watch, as the trace shows it: `extensions.conf:42`. */
export interface WatchedLine {
  file: string;
  line: number;
}

/** One step some call ran from a watched line. */
export interface WatchHit {
  server: string;
  time: Date;
  step: NewextenEvent;
  line: WatchedLine;
}

/** Whether a step's source (or another watched line) is this watched line: same line number, same file however named. */
export function isWatchedLine(watched: WatchedLine, source: { file: string; line: number }): boolean {
  return watched.line === source.line && sameFile(source.file, watched.file);
}

/** Reads `FILE:LINE` as typed; a clear message otherwise. */
export function parseWatchedLine(text: string): WatchedLine {
  const match = /^(.+):([0-9]{1,9})$/.exec(text.trim());
  // eslint-disable-next-line no-control-regex
  if (!match || /[\x00-\x1f\x7f]/.test(match[1]!)) throw usageError(`a line to watch is FILE:LINE (as the trace shows it), not ${JSON.stringify(text)}`);
  return { file: match[1]!, line: Number(match[2]) };
}

/**
 * Watches source lines on every call of one server, like breakpoints that
 * do not stop the call: each watched line is found in the server's
 * `dialplan show`, and the session's filters admit only `Newexten` events
 * with that priority number and application (anchored at the event's
 * start); each event is then resolved to its source like a trace step and
 * reported when it is one of the watched lines. The watch list is fixed:
 * a new list is a new LineWatch (Asterisk's filters cannot be removed).
 */
export class LineWatch {
  private constructor(
    private readonly client: AmiClient,
    private readonly sources: ServerSources,
  ) {}

  static async open(
    target: ServerTarget,
    lines: WatchedLine[],
    onHit: (hit: WatchHit) => void,
    options: { client?: Pick<AmiClientOptions, 'pingIntervalMs' | 'backoffInitialMs' | 'backoffMaxMs'> } = {},
  ): Promise<LineWatch> {
    const client = new AmiClient({ ...options.client, endpoint: target.endpoint, name: target.name, reconnect: true });
    try {
      await client.connect();
      const sources = new ServerSources(client, undefined);
      await sources.refresh();
      const filters = new Set<string>();
      for (const line of lines) {
        const defined = [...sources.definedAt(line.file, line.line)];
        if (defined.length === 0) throw usageError(`${target.name} has no dialplan step at ${line.file}:${line.line}`);
        for (const { priority } of defined) filters.add(stepFilter(priority.priority, applicationOf(priority.step)));
      }
      client.on('event', (frame) => {
        const step = asNewexten(frame);
        if (!step) return;
        const source = sources.lookup(step.context, step.extension, step.priority).source;
        const line = source && lines.find((l) => isWatchedLine(l, source));
        if (line) onHit({ server: target.name, time: new Date(), step, line });
      });
      for (const filter of filters) await client.addFilter(filter);
      return new LineWatch(client, sources);
    } catch (err) {
      client.close();
      throw err;
    }
  }

  /** Reads the server's dialplan again (after a reload). */
  refresh(): Promise<void> {
    return this.sources.refresh();
  }

  close(): void {
    this.client.close();
  }
}

/** `Dial(PJSIP/100,20)` -> `Dial`. */
function applicationOf(step: string): string {
  const open = step.indexOf('(');
  return (open < 0 ? step : step.slice(0, open)).trim();
}

/**
 * Newexten events of that priority running that application, in whatever
 * context or call. Filters match case by case and the dialplan may spell
 * `GoSub` where the event says `Gosub`, so each letter matches either case.
 */
export function stepFilter(priority: number, application: string): string {
  const name = [...application].map((c) => (/[A-Za-z]/.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : escapeEre(c))).join('');
  return `^Event: Newexten[[:space:]].*Priority: ${priority}[[:space:]].*Application: ${name}[[:space:]]`;
}
