/**
 * The loaded dialplan: what Asterisk holds in memory after reading
 * extensions.conf, with where each piece came from. Strings are latin1
 * (one char per byte), as read.
 *
 * Priorities, the bulk of any dialplan, live in a pool of typed arrays
 * (one slot per priority, linked per extension like Asterisk's own `peer`
 * list), with their application and data kept as offsets into the text
 * they were read from. A 600,000-line dialplan then costs the garbage
 * collector almost nothing. `priorityAt` gives a plain object for one.
 */

/** Where a line came from: a source file id (LoadResult.sources) and config.c's line number. */
export interface Origin {
  source: number;
  line: number;
  /** Offset of the line's live text in the source, for columns. */
  offset: number;
}

export const HINT = -1;

/** One priority as a plain object (see PriorityPool for how they are stored). */
export interface Priority {
  /** The number; -1 for a hint (it sorts first). May be 0 or negative through Asterisk's arithmetic. */
  priority: number;
  /** '' when none. */
  label: string;
  /** For a hint, the hint text. */
  app: string;
  data: string;
  /** The name this entry was added under (aliases: `555-1212` and `5551212` share an extension). */
  name: string;
  /** The registrar file shown in `dialplan show` (`extensions.conf`, `b.conf~~1`). */
  file: string;
  origin: Origin;
}

import { Interner } from '../text/interner.js';
import type { TextStore } from '../text/text-store.js';

const FIELDS = ['number', 'line', 'source', 'offset', 'text', 'appStart', 'appEnd', 'dataStart', 'dataEnd', 'file', 'next', 'labelId'] as const;
type Field = (typeof FIELDS)[number];

/** Growable parallel arrays, one slot per priority. */
export class PriorityPool {
  count = 0;
  private capacity: number;
  number!: Int32Array;
  line!: Int32Array;
  source!: Int32Array;
  offset!: Int32Array;
  /** A TextStore reference: the text the app and data offsets point into. */
  text!: Int32Array;
  appStart!: Int32Array;
  appEnd!: Int32Array;
  dataStart!: Int32Array;
  dataEnd!: Int32Array;
  /** Index into `files`. */
  file!: Int32Array;
  /** The next priority of the same extension, or -1. */
  next!: Int32Array;
  /** Index into `labelNames`, or -1 for no label. */
  labelId!: Int32Array;
  /** Every distinct label, once. */
  private readonly labels = new Interner();
  /** Names of slots added under another spelling than their extension's (aliases such as `555-1212`). */
  readonly aliasNames = new Map<number, string>();
  /** Registrar file names, shared. */
  private readonly fileNames = new Interner();

  /** `expected`: how many priorities are likely (sizing the arrays once saves copying them as they grow). */
  constructor(
    readonly store: TextStore,
    expected = 1024,
  ) {
    this.capacity = Math.max(16, expected);
    for (const field of FIELDS) this[field as Field] = new Int32Array(this.capacity);
  }

  /** A slot for a new priority; fill its fields before linking it. */
  allocate(): number {
    if (this.count === this.capacity) this.grow();
    return this.count++;
  }

  /** Registrar file names, by id (the `file` field). */
  get files(): readonly string[] {
    return this.fileNames.list;
  }

  fileId(file: string): number {
    return this.fileNames.id(file);
  }

  /** Every distinct label, by id (the `labelId` field). */
  get labelNames(): readonly string[] {
    return this.labels.list;
  }

  label(id: number): string {
    const label = this.labelId[id]!;
    return label < 0 ? '' : this.labelNames[label]!;
  }

  /** Gives slot `id` a label ('' for none); labels are shared strings. */
  setLabel(id: number, label: string): void {
    if (!label) {
      this.labelId[id] = -1;
      return;
    }
    this.labelId[id] = this.labels.id(label);
  }

  /** The name slot `id` of `extension` was added under. */
  name(id: number, extension: Extension): string {
    return this.aliasNames.get(id) ?? extension.name;
  }

  /** The text a slot's offsets point into. */
  textOf(id: number): string {
    return this.store.get(this.text[id]!);
  }

  app(id: number): string {
    return this.textOf(id).slice(this.appStart[id], this.appEnd[id]);
  }

  data(id: number): string {
    return this.textOf(id).slice(this.dataStart[id], this.dataEnd[id]);
  }

  private grow(): void {
    this.capacity *= 2;
    for (const field of FIELDS) {
      const old = this[field as Field];
      const grown = new Int32Array(this.capacity);
      grown.set(old);
      this[field as Field] = grown;
    }
  }
}

export interface Extension {
  /** The name its first entry was added under (display form: spaces removed). */
  name: string;
  /** The comparison key: the name without fluff (dashes, spaces). */
  key: string;
  /** The key of the entry holding the lowest priority (a hint keeps its dashes), as Asterisk's root table knows it. */
  rootKey: string;
  /** CallerID match (shrunk, without fluff), or undefined for none. '' is a real, empty match. */
  cid: string | undefined;
  /** The lowest priority's slot; its `name` is the extension's displayed name. */
  head: number;
  /** The highest priority's slot (appending is the common case). */
  tail: number;
  /** How many priorities the chain holds. */
  size: number;
}

export interface Include {
  /** The full text: target plus any time specification. */
  name: string;
  /** The context it names (the text before the first `|`, else before the first `,`). */
  target: string;
  origin: Origin;
}

export interface IgnorePattern {
  pattern: string;
  origin: Origin;
}

export interface Switch {
  module: string;
  data: string;
  /** `eswitch`: data evaluated at run time. */
  evaluate: boolean;
  origin: Origin;
}

export interface Context {
  name: string;
  autohints: boolean;
  /** Sorted as Asterisk sorts them. */
  extensions: Extension[];
  includes: Include[];
  ignorePatterns: IgnorePattern[];
  switches: Switch[];
  /** Each `[name]` section that opened or continued this context. */
  sections: Origin[];
}

/** The slots of an extension's priorities, lowest first. */
export function chain(pool: PriorityPool, extension: Extension): number[] {
  const ids: number[] = [];
  for (let id = extension.head; id >= 0; id = pool.next[id]!) ids.push(id);
  return ids;
}

/** One priority of `extension` as a plain object. */
export function priorityAt(pool: PriorityPool, extension: Extension, id: number): Priority {
  return {
    priority: pool.number[id]!,
    label: pool.label(id),
    app: pool.app(id),
    data: pool.data(id),
    name: pool.name(id, extension),
    file: pool.files[pool.file[id]!]!,
    origin: { source: pool.source[id]!, line: pool.line[id]!, offset: pool.offset[id]! },
  };
}

/** The displayed name of an extension: the name of the entry holding its lowest priority. */
export function extensionName(pool: PriorityPool, extension: Extension): string {
  return pool.name(extension.head, extension);
}
