/**
 * Writes Asterisk configuration text (the file layer shared by
 * extensions.conf, manager.conf, modules.conf ...) from a small model, so
 * generated files are built from structure and every value is checked and
 * escaped in one place.
 */

export type ConfigItem =
  | { kind: 'setting'; name: string; value: string; arrow?: boolean; comment?: string }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' }
  | { kind: 'include'; path: string; optional?: boolean };

export interface ConfigSection {
  name: string;
  /** `[name](!)`: a template, not loaded on its own. */
  template?: boolean;
  /** `[name](base1,base2)`: copy these templates' settings first. */
  inherits?: string[];
  comment?: string;
  items: ConfigItem[];
}

export interface ConfigDocument {
  /** Items before the first section: a header comment, `#include`s. */
  preamble?: ConfigItem[];
  sections: ConfigSection[];
}

export function setting(name: string, value: string | number | boolean, comment?: string): ConfigItem {
  return { kind: 'setting', name, value: String(value), ...(comment ? { comment } : {}) };
}

/** `name => value`, the form pbx_config and manager.conf use for objects. */
export function object(name: string, value: string, comment?: string): ConfigItem {
  return { kind: 'setting', name, value, arrow: true, ...(comment ? { comment } : {}) };
}

export function comment(text: string): ConfigItem {
  return { kind: 'comment', text };
}

export const blank: ConfigItem = { kind: 'blank' };

export function printConfig(doc: ConfigDocument): string {
  const lines: string[] = [];
  for (const item of doc.preamble ?? []) lines.push(...printItem(item));
  for (const section of doc.sections) {
    if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    lines.push(printSectionHeader(section));
    for (const item of section.items) lines.push(...printItem(item));
  }
  return lines.join('\n') + '\n';
}

function printSectionHeader(section: ConfigSection): string {
  checkText(section.name, 'section name');
  if (/[\[\]]/.test(section.name)) throw new Error(`section name ${JSON.stringify(section.name)} cannot hold brackets`);
  const options = [...(section.template ? ['!'] : []), ...(section.inherits ?? [])];
  const header = `[${section.name}]${options.length ? `(${options.join(',')})` : ''}`;
  return section.comment ? `${header} ${commentText(section.comment)}` : header;
}

function printItem(item: ConfigItem): string[] {
  switch (item.kind) {
    case 'blank':
      return [''];
    case 'comment':
      return item.text.split('\n').map((line) => (line ? `; ${line}` : ';'));
    case 'include':
      checkText(item.path, 'include path');
      return [`#${item.optional ? 'tryinclude' : 'include'} "${item.path}"`];
    case 'setting': {
      checkText(item.name, 'setting name');
      checkText(item.value, `value of ${item.name}`);
      const line = `${item.name} ${item.arrow ? '=>' : '='} ${escapeValue(item.value)}`;
      return [item.comment ? `${line} ${commentText(item.comment)}` : line];
    }
  }
}

/** `;` starts a comment anywhere in a config line unless escaped as `\;`. */
export function escapeValue(value: string): string {
  return value.replace(/;/g, '\\;');
}

function commentText(text: string): string {
  checkText(text, 'comment');
  return `; ${text}`;
}

function checkText(text: string, what: string): void {
  if (/[\r\n\0]/.test(text)) throw new Error(`${what} ${JSON.stringify(text)} cannot hold a line break or NUL`);
}
