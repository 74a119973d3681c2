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
