import type { LogLocation } from '../log/asterisk-log.js';
import type { PbxMessages } from './messages.js';

/**
 * Time specifications of includes (`include => ctx,09:00-17:00,mon-fri,*,*`),
 * parsed as main/pbx_timing.c does: the same warnings for bad fields, and a
 * check against a given moment (label lookups at load time follow only the
 * includes open "now", so their side effects depend on the clock too).
 */
export interface Timing {
  /** One bit per minute of the day, 1440 entries. */
  minutes: Uint8Array;
  dow: number;
  days: number;
  months: number;
  timezone: string | undefined;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** sscanf("%2d"): optional blanks and sign, then at most 2 characters in all. */
function scanTwoDigits(text: string, from = 0): { value: number; end: number } | undefined {
  let i = from;
  while (i < text.length && /[ \t\n\v\f\r]/.test(text[i]!)) i++;
  const start = i;
  let width = 0;
  let sign = 1;
  if (text[i] === '+' || text[i] === '-') {
    sign = text[i] === '-' ? -1 : 1;
    i++;
    width++;
  }
  let digits = '';
  while (width < 2 && i < text.length && text[i]! >= '0' && text[i]! <= '9') {
    digits += text[i];
    i++;
    width++;
  }
  if (!digits) return undefined;
  void start;
  return { value: sign * Number(digits), end: i };
}

/** sscanf(part, "%2d:%2d", &h, &m) == 2 */
function scanTime(text: string): { hour: number; minute: number } | undefined {
  const hour = scanTwoDigits(text);
  if (!hour || text[hour.end] !== ':') return undefined;
  const minute = scanTwoDigits(text, hour.end + 1);
  if (!minute) return undefined;
  return { hour: hour.value, minute: minute.value };
}

function lookupName(text: string, names: string[] | undefined, max: number): number {
  if (names && text.length > 0 && text.charCodeAt(0) > 57 && text.charCodeAt(0) < 128) {
    const index = names.indexOf(text.toLowerCase());
    if (index >= 0) return index;
  }
  const number = scanTwoDigits(text);
  if (number && number.value >= 1 && number.value <= max) return number.value - 1;
  return -1;
}

/** The warnings a specification gives, kept to be logged again at each line that uses it. */
type Problem = (messages: PbxMessages, at: LogLocation) => void;

function getRange(source: string | undefined, max: number, names: string[] | undefined, kind: string, problems: Problem[]): number {
  if (!source || source === '*') return 2 ** max - 1;
  let mask = 0;
  for (const element of source.split('&')) {
    const dash = element.indexOf('-');
    const part = dash < 0 ? element : element.slice(0, dash);
    const endPart = dash < 0 ? undefined : element.slice(dash + 1);
    let start = lookupName(part, names, max);
    if (start < 0) {
      problems.push((m, at) => m.invalidRangeElement(kind, part, at));
      continue;
    }
    let end = start;
    if (endPart !== undefined) {
      end = lookupName(endPart, names, max);
      if (end < 0) {
        problems.push((m, at) => m.invalidRangeEnd(kind, endPart, at));
        continue;
      }
    }
    mask |= 1 << end;
    while (start !== end) {
      mask |= 1 << start;
      if (++start >= max) start = 0;
    }
  }
  return mask >>> 0;
}

function getTimeRange(times: string | undefined, minutes: Uint8Array, problems: Problem[]): void {
  if (!times || times === '*') {
    minutes.fill(1);
    return;
  }
  for (const element of times.split('&')) {
    const dash = element.indexOf('-');
    if (dash < 0) {
      const time = scanTime(element);
      if (!time || time.hour < 0 || time.hour > 23 || time.minute < 0 || time.minute > 59) {
        problems.push((m, at) => m.invalidTime(element, at));
        continue;
      }
      minutes[time.hour * 60 + time.minute] = 1;
      continue;
    }
    const part = element.slice(0, dash);
    let endPart = element.slice(dash + 1);
    endPart = endPart.replace(/^[^0-9]*/, ''); // config.c skips non-digits here ("mostly to skip spaces")
    if (!endPart) {
      problems.push((m, at) => m.invalidTimeRange(part, at));
      continue;
    }
    const start = scanTime(part);
    if (!start || start.hour < 0 || start.hour > 23 || start.minute < 0 || start.minute > 59) {
      problems.push((m, at) => m.invalidStartTime(part, at));
      continue;
    }
    const end = scanTime(endPart);
    if (!end || end.hour < 0 || end.hour > 23 || end.minute < 0 || end.minute > 59) {
      problems.push((m, at) => m.invalidEndTime(endPart, at));
      continue;
    }
    const last = end.hour * 60 + end.minute;
    let minute = start.hour * 60 + start.minute;
    for (; minute !== last; minute = (minute + 1) % 1440) minutes[minute] = 1;
    minutes[minute] = 1;
  }
}

/** Specifications already read: a generated dialplan repeats the same few thousands of times. */
const parsed = new Map<string, { timing: Timing; problems: Problem[] }>();

/**
 * ast_build_timing: undefined when the specification is empty (an untimed
 * include). Includes with the same specification share one (read-only) Timing;
 * its warnings are logged again for each.
 */
export function buildTiming(spec: string, messages: PbxMessages, at: LogLocation): Timing | undefined {
  if (!spec) return undefined;
  let entry = parsed.get(spec);
  if (!entry) {
    entry = parseTiming(spec);
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(spec, entry);
  }
  for (const problem of entry.problems) problem(messages, at);
  return entry.timing;
}

function parseTiming(spec: string): { timing: Timing; problems: Problem[] } {
  const problems: Problem[] = [];
  const separators = [...spec].filter((c) => c === '|' || c === ',').length;
  const fields = spec.split(/[|,]/);
  const timing: Timing = {
    minutes: new Uint8Array(1440),
    dow: 0x7f,
    days: 0x7fffffff,
    months: 0xfff,
    timezone: separators + 1 === 5 ? spec.slice(Math.max(spec.lastIndexOf('|'), spec.lastIndexOf(',')) + 1) : undefined,
  };
  getTimeRange(fields[0], timing.minutes, problems);
  if (fields.length > 1) timing.dow = getRange(fields[1], 7, DAYS, 'day of week', problems);
  if (fields.length > 2) timing.days = getRange(fields[2], 31, undefined, 'day', problems);
  if (fields.length > 3) timing.months = getRange(fields[3], 12, MONTHS, 'month', problems);
  return { timing, problems };
}

/** Formatters by time zone: building one costs far more than using it. */
const formats = new Map<string, Intl.DateTimeFormat | undefined>();

function formatFor(timezone: string | undefined): Intl.DateTimeFormat | undefined {
  const key = timezone ?? '';
  if (!formats.has(key)) {
    let format: Intl.DateTimeFormat | undefined;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone || undefined,
        hourCycle: 'h23',
        month: 'numeric',
        day: 'numeric',
        weekday: 'short',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      format = undefined; // an unknown zone: Asterisk falls back to local time
    }
    formats.set(key, format);
  }
  return formats.get(key);
}

/** ast_check_timing2: is the include open at `when`? */
export function timingOpen(timing: Timing, when: Date): boolean {
  const format = formatFor(timing.timezone) ?? formatFor(undefined)!;
  const parts: Record<string, string> = Object.fromEntries(format.formatToParts(when).map((p) => [p.type, p.value]));
  const month = Number(parts.month) - 1;
  const day = Number(parts.day);
  const weekday = DAYS.indexOf((parts.weekday ?? '').toLowerCase().slice(0, 3));
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  if (!(timing.months & (1 << month))) return false;
  if (!(timing.days & (1 << (day - 1)))) return false;
  if (!(timing.dow & (1 << weekday))) return false;
  return timing.minutes[minute] === 1;
}
