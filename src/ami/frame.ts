/**
 * One AMI message (response or event) as the frame parser hands it over:
 * header names lower-cased, a repeated header as an array of its values.
 */
export type AmiFrame = Readonly<Record<string, unknown>>;

/** The first value of a header, or undefined. Header names are case-insensitive. */
export function getHeader(frame: AmiFrame, name: string): string | undefined {
  const value = frame[name.toLowerCase()];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return undefined;
}

/** Every value of a header, in arrival order (AMI repeats `Output:` once per line, for example). */
export function getHeaders(frame: AmiFrame, name: string): string[] {
  const value = frame[name.toLowerCase()];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map(String);
  return [];
}

/**
 * Headers Asterisk writes at most once in a message. One of them twice
 * means two messages ran together (a lost blank line) or data forged a
 * header: which value belongs to the message is lost, so it is dropped.
 */
export const UNIQUE_HEADERS = ['event', 'response', 'actionid', 'channel', 'uniqueid', 'linkedid'] as const;

/** The first header of UNIQUE_HEADERS that the frame holds more than once, if any. */
export function repeatedUniqueHeader(frame: AmiFrame): string | undefined {
  return UNIQUE_HEADERS.find((name) => Array.isArray(frame[name]));
}

/** What a header costs in memory beyond its text (a string slice, an object slot, an array slot), for size limits. */
export const HEADER_COST = 32;

/** A frame's size as the limits count it: the text of its names and values, and HEADER_COST per header. */
export function frameCost(frame: AmiFrame): number {
  // Without an entry pair and a one-value array per header: a list's every event (each channel, every refresh) is counted.
  let cost = 0;
  for (const name of Object.keys(frame)) {
    const value = frame[name];
    if (!Array.isArray(value)) cost += name.length + String(value).length + HEADER_COST;
    else for (const one of value) cost += name.length + String(one).length + HEADER_COST;
  }
  return cost;
}

/** A size limit in words: `1 MiB`, `4096 bytes`. */
export function describeSize(size: number): string {
  return size >= 1048576 ? `${size / 1048576} MiB` : `${size} bytes`;
}

/** Fields of an action to send, header name to value. */
export type ActionFields = Record<string, string | number | boolean | Readonly<Record<string, string>> | undefined>;

const HEADER_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Refuses anything that could break out of its header: a CR or LF in a value
 * would let the text that follows become a header (or a whole action) of its own.
 * Returns the problem as text, or undefined when the fields are safe to send.
 */
export function findUnsafeField(fields: ActionFields): string | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (!HEADER_NAME.test(name)) return `header name ${JSON.stringify(name)} is not a valid AMI header`;
    if (value === undefined) continue;
    if (typeof value === 'object') {
      for (const [variable, varValue] of Object.entries(value)) {
        if (/[\r\n=]/.test(variable) || variable === '') return `variable name ${JSON.stringify(variable)} in ${name} is not valid`;
        if (/[\r\n]/.test(varValue)) return `the value of ${name} ${variable} holds a line break`;
      }
      continue;
    }
    if (/[\r\n]/.test(String(value))) return `the value of ${name} holds a line break`;
  }
  return undefined;
}
