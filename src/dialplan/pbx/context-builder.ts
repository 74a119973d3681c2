import type { LogLocation } from '../log/asterisk-log.js';
import { equalsIgnoreCase } from '../text/bytes.js';
import { compareExtensions, extensionText, hasUnclosedSet, matchExtension } from '../model/extension-order.js';
import { HINT, type Context, type Extension, type Origin, type PriorityPool } from '../model/model.js';
import type { PbxMessages } from './messages.js';
import { PatternTree, type RootEntry } from './pattern-tree.js';
import { substitute, type SubstitutionScope } from './substitute.js';
import { timingOpen, type Timing } from './timing.js';

/** What pbx_config hands to the core for one `exten`/`same` line. */
export interface NewPriority {
  /** The extension as written after substitution (spaces and dashes still in). */
  name: string;
  priority: number;
  label: string;
  /** CallerID match after shrinking, or undefined for none. */
  cid: string | undefined;
  /** A TextStore reference; the application is that text [appStart, appEnd), its data [dataStart, dataEnd). */
  text: number;
  appStart: number;
  appEnd: number;
  dataStart: number;
  dataEnd: number;
  /** The registrar file shown by `dialplan show`. */
  file: string;
  origin: Origin;
}

const PBX_MAX_STACK = 512;


/**
 * One context being built, with main/pbx.c's rules for adding to it:
 * extensions kept sorted (ext_cmp, CallerID variants first), the priority
 * chain of each extension with its duplicate and label checks, includes,
 * ignore patterns and switches with their duplicate checks, and label
 * lookups with the side effects Asterisk shows in its log.
 */
export class ContextBuilder {
  readonly context: Context;
  private readonly includeTimings = new Map<number, Timing | undefined>();
  private namedAs = '';
  private namedCid: string | undefined;
  private displayName = '';
  private fluffFreeKey = '';
  private cidKey: string | undefined;
  /** The match tree, built at the first lookup; see pattern-tree.ts. */
  private readonly tree: PatternTree;
  private treeLocation: LogLocation = { source: -1, line: 0 };
  /**
   * The context's root table: one entry per extension, oldest first (a Map
   * iterates in insertion order, so moving an entry to the newest place is
   * a delete and a set).
   */
  private readonly root = new Map<string, RootEntry>();

  /** ast_hashtab_insert_safe into the root table (`replace`: after removing the old head). */
  private rootInsert(entry: RootEntry, replace = false): void {
    const id = rootKey(entry.key, entry.cid);
    if (this.root.has(id)) {
      if (!replace) return;
      this.root.delete(id);
    }
    this.root.set(id, entry);
  }

  /** The extension the previous line went to; consecutive lines usually continue it. */
  private lastExtension: Extension | undefined;
  /** A name with an unclosed `[` makes Asterisk warn on every comparison; then sort the slow, exact way. */
  private hasBrokenSet = false;

  constructor(
    name: string,
    private readonly pool: PriorityPool,
    private readonly messages: PbxMessages,
    private readonly scope: SubstitutionScope,
    private readonly now: Date,
  ) {
    this.context = { name, autohints: false, extensions: [], includes: [], ignorePatterns: [], switches: [], sections: [] };
    this.tree = new PatternTree(messages, () => this.treeLocation);
  }

  /** ast_add_extension2; false when Asterisk refuses (it has logged why). */
  addExtension(entry: NewPriority): boolean {
    const location: LogLocation = entry.origin;
    if (entry.name.length === 0) {
      this.messages.emptyExtension(this.context.name, location);
      return false;
    }
    let { text, appStart, appEnd } = entry;
    const pool = this.pool;
    if (entry.priority === HINT && entry.name[0] !== '_') {
      const app = pool.store.get(text).slice(appStart, appEnd);
      if (app.includes('${')) {
        const expanded = substitute(app, { ...this.scope, exten: entry.name, context: this.context.name }, 4095);
        text = pool.store.add(expanded);
        appStart = 0;
        appEnd = expanded.length;
      }
    }
    // Consecutive lines usually name the same extension with the very same string: reuse its forms.
    if (entry.name !== this.namedAs || entry.cid !== this.namedCid) {
      this.namedAs = entry.name;
      this.namedCid = entry.cid;
      this.displayName = extensionText(entry.name, false);
      this.fluffFreeKey = extensionText(entry.name, true);
      this.cidKey = entry.cid === undefined ? undefined : extensionText(entry.cid, true);
      if (hasUnclosedSet(this.fluffFreeKey) || hasUnclosedSet(this.displayName) || (this.cidKey !== undefined && hasUnclosedSet(this.cidKey))) {
        this.hasBrokenSet = true;
      }
    }
    const displayName = this.displayName;
    // Hints keep their dashes in the key ("fluff in a hint is fine"); comparisons skip them anyway.
    const key = entry.priority === HINT ? displayName : this.fluffFreeKey;
    const cid = this.cidKey;
    // Made only when the root table or match tree takes it: most lines add a priority to a known extension.
    let treeEntry: RootEntry | undefined;
    this.treeLocation = location;
    if (this.tree.exists && !this.root.has(rootKey(this.fluffFreeKey, undefined))) {
      // Once the match tree exists, an extension the root table does not know (by name, without CallerID) joins it.
      treeEntry = { key, cid, name: displayName };
      this.tree.add(treeEntry, false);
      this.rootInsert(treeEntry);
    }

    let existing: Extension | undefined;
    let index = -1;
    const last = this.lastExtension;
    if (last && !this.hasBrokenSet && last.key === key && last.cid === cid) {
      // The same extension as the line before (a `same` or `n` line): no search needed.
      existing = last;
    } else {
      index = this.findPosition(key, cid, location);
      if (this.foundEqual) existing = this.context.extensions[index]!;
    }
    if (existing) this.lastExtension = existing;
    const label = entry.label;
    if (existing) {
      if (!this.checkPriority(existing, entry.priority, label, displayName, location)) {
        if (this.tree.exists) this.tree.forget(treeEntry ?? { key, cid, name: displayName });
        return false;
      }
    } else {
      this.acceptedLabel = label;
    }

    const id = pool.allocate();
    pool.number[id] = entry.priority;
    pool.line[id] = entry.origin.line;
    pool.source[id] = entry.origin.source;
    pool.offset[id] = entry.origin.offset;
    pool.text[id] = text;
    pool.appStart[id] = appStart;
    pool.appEnd[id] = appEnd;
    pool.dataStart[id] = entry.dataStart;
    pool.dataEnd[id] = entry.dataEnd;
    pool.file[id] = pool.fileId(entry.file);
    pool.next[id] = -1;
    pool.setLabel(id, this.acceptedLabel);

    if (existing) {
      if (displayName !== existing.name) pool.aliasNames.set(id, displayName);
      this.link(existing, id);
      if (existing.head === id) {
        // A new lowest priority takes the extension's place in the root table (and moves to its front).
        this.root.delete(rootKey(existing.rootKey, existing.cid));
        existing.rootKey = key;
        this.rootInsert(treeEntry ?? { key, cid, name: displayName }, true);
      }
    } else {
      const extension: Extension = { name: displayName, key, rootKey: key, cid, head: id, tail: id, size: 1 };
      // A new extension's root entry has its key, CallerID and name, which never change: it is its own entry.
      this.rootInsert(treeEntry ?? extension);
      insertAt(this.context.extensions, index, extension);
      this.lastExtension = extension;
    }
    if (entry.priority === HINT) this.addHint(key, pool.app(id), location);
    return true;
  }

  /**
   * ast_add_hint: a hint joins Asterisk's hints, and the presence part of
   * its text (after the last `,`) is asked for its state right away. No
   * presence provider is loaded while pbx_config loads, so each `&`-separated
   * provider of the form `NAME:x` (CustomPresence:1001) is "not found", and
   * one without `:` or `/` has "no label"; channel ones (`PJSIP/...`) say
   * nothing. Dynamic pattern hints (`_1XX` with `${...}`) are skipped.
   */
  private addHint(key: string, hint: string, location: LogLocation): void {
    if (key.charCodeAt(0) === 95 && hint.includes('${')) return;
    const comma = hint.lastIndexOf(',');
    if (comma < 0) return;
    const providers = hint.slice(comma + 1);
    if (providers === '') return;
    for (const label of providers.split('&')) {
      if (label.includes('/')) continue;
      const colon = label.indexOf(':');
      if (colon >= 0) this.messages.noPresenceProvider(label.slice(0, colon), location);
      else this.messages.noPresenceLabel(label, location);
    }
  }

  /** What findPosition compares with, in fields so that a search makes no closures. */
  private soughtKey = '';
  private soughtCid: string | undefined;
  private soughtLocation: LogLocation = { source: -1, line: 0 };
  private readonly warnBadSet = (): void => this.messages.badSetInComparison(this.soughtLocation);
  /** Set by findPosition: the extension at the index it returned is the one sought. */
  private foundEqual = false;

  /** ext_cmp of an existing extension with the one sought: by name, then CallerID (none first). */
  private compareSought(existing: Extension): number {
    const cid = this.soughtCid;
    const byName = compareExtensions(existing.key, this.soughtKey, this.warnBadSet);
    if (byName !== 0) return byName;
    if (existing.cid === undefined && cid === undefined) return 0;
    if (cid !== undefined && existing.cid === undefined) return 1;
    if (existing.cid !== undefined && cid === undefined) return -1;
    return compareExtensions(existing.cid!, cid!, this.warnBadSet);
  }

  /** The index of the first extension that sorts at or after the new one; foundEqual tells whether it is the same extension. */
  private findPosition(key: string, cid: string | undefined, location: LogLocation): number {
    const extensions = this.context.extensions;
    this.soughtKey = key;
    this.soughtCid = cid;
    this.soughtLocation = location;
    this.foundEqual = false;
    if (this.hasBrokenSet) {
      // Asterisk walks the list; the warnings it logs depend on every comparison it makes.
      for (let i = 0; i < extensions.length; i++) {
        const cmp = this.compareSought(extensions[i]!);
        if (cmp >= 0) {
          this.foundEqual = cmp === 0;
          return i;
        }
      }
      return extensions.length;
    }
    let low = 0;
    let high = extensions.length;
    // Appending in order is the common case: check the end first.
    if (high > 0 && this.compareSought(extensions[high - 1]!) < 0) return high;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compareSought(extensions[middle]!) < 0) low = middle + 1;
      else high = middle;
    }
    this.foundEqual = low < extensions.length && this.compareSought(extensions[low]!) === 0;
    return low;
  }

  /** The label the entry being added keeps ('' when it had none or repeats one). */
  private acceptedLabel = '';
  /** Where `link` inserts: after this slot (-1: at the head). */
  private insertAfter = -1;

  /**
   * add_priority's checks: the label walk up to the first priority at or
   * above the new one, then the duplicate. Remembers where to link.
   * For a new extension it only accepts the label.
   */
  private checkPriority(extension: Extension, priority: number, label: string, name: string, location: LogLocation): boolean {
    const pool = this.pool;
    let previous = -1;
    let current = extension.head;
    let repeatedLabel = false;
    // Fast path: a new highest priority without a label (the usual `n` line) needs no walk.
    if (!label && pool.number[extension.tail]! < priority) {
      previous = extension.tail;
      current = -1;
    } else {
      for (; current >= 0; previous = current, current = pool.next[current]!) {
        const existingLabel = label ? pool.label(current) : '';
        const existingNumber = pool.number[current]!;
        if (existingLabel && label && existingNumber !== priority && existingLabel === label) {
          const existingName = pool.name(current, extension);
          if (existingName !== name) this.messages.labelInUseByAlias(name, priority, this.context.name, label, existingName, existingNumber, location);
          else this.messages.labelInUse(name, priority, this.context.name, label, existingNumber, location);
          repeatedLabel = true;
        }
        if (existingNumber >= priority) break;
      }
    }
    this.acceptedLabel = repeatedLabel ? '' : label;
    if (current >= 0 && pool.number[current] === priority) {
      const existingName = pool.name(current, extension);
      if (existingName !== name) this.messages.priorityInUseByAlias(name, priority, this.context.name, existingName, location);
      else this.messages.priorityInUse(name, priority, this.context.name, location);
      return false;
    }
    this.insertAfter = previous;
    return true;
  }

  /** Links slot `id` into the chain where checkPriority found its place. */
  private link(extension: Extension, id: number): void {
    const pool = this.pool;
    if (this.insertAfter < 0) {
      pool.next[id] = extension.head;
      extension.head = id;
    } else {
      pool.next[id] = pool.next[this.insertAfter]!;
      pool.next[this.insertAfter] = id;
      if (this.insertAfter === extension.tail) extension.tail = id;
    }
    extension.size++;
  }

  /**
   * Asterisk's label table of an extension keeps the first priority added
   * with each label; slots are numbered in the order they were added, so
   * that is the lowest slot carrying it.
   */
  private labelPriority(extension: Extension, label: string): number | undefined {
    if (!label) return undefined; // unlabelled priorities are not in Asterisk's label table
    const pool = this.pool;
    let first = -1;
    for (let id = extension.head; id >= 0; id = pool.next[id]!) {
      if ((first < 0 || id < first) && pool.label(id) === label) first = id;
    }
    return first < 0 ? undefined : pool.number[first]!;
  }

  /**
   * ast_findlabel_extension2 as pbx_config uses it for `label` and
   * `label+N` priorities: the first extension (in sorted order) that
   * matches `dialled` (and the CallerID) and has that label gives its
   * priority. When none does, Asterisk goes on to the switches and includes,
   * which at load time only produces log lines; those are reproduced too.
   * Returns -1 when not found.
   */
  findLabel(dialled: string, label: string, cid: string | undefined, location: LogLocation): number {
    if (!this.tree.exists && this.root.size > 0) {
      this.treeLocation = location;
      this.tree.build([...this.root.values()].reverse());
    }
    const found = this.scanForLabel(dialled, label, cid, location);
    if (found >= 0) return found;
    this.traceFailedLookup(dialled, label, cid, location);
    return -1;
  }

  /**
   * pbx_find_extension's walk over the context's extensions (the linear
   * matcher, pbx_config's default): the first that matches the dialled
   * string and CallerID and has the label gives its priority; -1 if none.
   * Comparisons of names with an unclosed `[` log as they go.
   */
  private scanForLabel(dialled: string, label: string, cid: string | undefined, location: LogLocation): number {
    const warnCompare = () => this.messages.badSetInComparison(location);
    const warnMatch = () => this.messages.badSetInMatch(location);
    for (const extension of this.context.extensions) {
      if (!matchExtension(extension.key, dialled, warnCompare, warnMatch)) continue;
      if (extension.cid !== undefined && !matchCallerId(extension.cid, cid, warnCompare, warnMatch)) continue;
      const found = this.labelPriority(extension, label);
      if (found !== undefined) return found;
    }
    return -1;
  }

  /**
   * What the failed lookup leaves in the log. The lookup searches this same
   * context again for every open include (a quirk of the "bypass" search),
   * with one shared stack of 512 entries, and asks each switch module at
   * every level; none is loaded, so each ask is a "No such switch".
   */
  private traceFailedLookup(dialled: string, label: string, cid: string | undefined, location: LogLocation): void {
    const open = this.context.includes.filter((_, i) => {
      const timing = this.includeTimings.get(i);
      return timing === undefined || timingOpen(timing, this.now);
    });
    // pbx_find_extension's own order: the stack limit is checked before the "already searched" test,
    // so once the stack is full even an include of the context itself logs the warning.
    const stack: string[] = [];
    const search = (name: string | undefined): void => {
      if (stack.length >= PBX_MAX_STACK) {
        this.messages.stackExceeded(location);
        return;
      }
      if (name !== undefined && stack.some((searched) => equalsIgnoreCase(searched, name))) return;
      // Each level walks the same context again (the first walk was findLabel's own); it finds nothing again.
      if (name !== undefined) this.scanForLabel(dialled, label, cid, location);
      for (const sw of this.context.switches) this.messages.noSuchSwitch(sw.module, location);
      stack.push(this.context.name);
      for (const include of open) search(include.target);
    };
    search(undefined);
  }

  /** ast_context_add_include2; false for a duplicate (case-insensitive full text). */
  addInclude(name: string, timing: Timing | undefined, origin: Origin): boolean {
    if (this.context.includes.some((include) => equalsIgnoreCase(include.name, name))) return false;
    this.includeTimings.set(this.context.includes.length, timing);
    this.context.includes.push({ name, target: includeTarget(name), origin: { ...origin } });
    return true;
  }

  addIgnorePattern(pattern: string, origin: Origin): boolean {
    if (this.context.ignorePatterns.some((p) => equalsIgnoreCase(p.pattern, pattern))) return false;
    this.context.ignorePatterns.push({ pattern, origin: { ...origin } });
    return true;
  }

  addSwitch(module: string, data: string, evaluate: boolean, origin: Origin): boolean {
    if (this.context.switches.some((s) => equalsIgnoreCase(s.module, module) && equalsIgnoreCase(s.data, data))) return false;
    this.context.switches.push({ module, data, evaluate, origin: { ...origin } });
    return true;
  }
}

/**
 * The root table's identity of an extension: its key, and its CallerID
 * match or none. Without a CallerID it is the key itself, a string the
 * extension already holds; names never contain a NUL (config.c reads C
 * strings), so the NUL keeps the two forms apart.
 */
function rootKey(key: string, cid: string | undefined): string {
  return cid === undefined ? key : `${key}\0/${cid}`;
}

/** Inserts `item` at `index`; unlike splice, it makes no array of removed items each time. */
function insertAt<T>(list: T[], index: number, item: T): void {
  list.push(item);
  for (let i = list.length - 1; i > index; i--) list[i] = list[i - 1]!;
  list[index] = item;
}

/** The context an include names: the text before the first `|`, else before the first `,`. */
export function includeTarget(name: string): string {
  const bar = name.indexOf('|');
  if (bar >= 0) return name.slice(0, bar);
  const comma = name.indexOf(',');
  return comma >= 0 ? name.slice(0, comma) : name;
}

/** The time specification of an include, or '' when it has none. */
export function includeTimeSpec(name: string): string {
  const bar = name.indexOf('|');
  const split = bar >= 0 ? bar : name.indexOf(',');
  return split >= 0 ? name.slice(split + 1) : '';
}

/** matchcid: an empty CallerID matches only an empty pattern. */
function matchCallerId(pattern: string, callerId: string | undefined, warnCompare: () => void, warnMatch: () => void): boolean {
  if (!callerId) return pattern.length === 0;
  return matchExtension(pattern, callerId, warnCompare, warnMatch);
}
