import { isUtf8 } from 'node:buffer';
import type { AsteriskLogger, LogLocation } from '../log/asterisk-log.js';
import { atoi, cString, equalsIgnoreCase, indexWithin, scanInt, startsWithIgnoreCase, strip } from '../text/bytes.js';
import type { Category } from '../config/reader.js';
import { ContextBuilder, includeTimeSpec, type NewPriority } from './context-builder.js';
import { HINT, PriorityPool, type Context, type Origin } from '../model/model.js';
import type { TextStore } from '../text/text-store.js';
import { PbxMessages } from './messages.js';
import { functionName, substitute, variableName, type SubstitutionScope } from './substitute.js';
import { buildTiming } from './timing.js';

/**
 * The pbx_config layer (pbx/pbx_config.c): turns the categories of
 * extensions.conf into contexts. `[general]` and `[globals]` are special;
 * every other category is a context, created on its first appearance and
 * listed newest first; `exten`, `same`, `include`, `ignorepat`, `switch`,
 * `lswitch`, `eswitch` and `autohints` lines fill it, with pbx_config's
 * priority rules (`n`, `s`, `hint`, labels, `label+N`) and its split of the
 * application from its data.
 */

export interface PbxLoadResult {
  /** In the order `dialplan show` lists them (newest first). */
  contexts: Context[];
  pool: PriorityPool;
  globals: Map<string, string>;
}

/** Substitution buffers of pbx_config: realext[256] for names, realvalue[8192] for the rest. */
const EXTEN_LIMIT = 255;
const VALUE_LIMIT = 8191;

export function loadPbx(categories: Category[], store: TextStore, log: AsteriskLogger, now = new Date()): PbxLoadResult {
  const messages = new PbxMessages(log);
  let lines = 0;
  for (const category of categories) lines += category.size;
  const pool = new PriorityPool(store, lines);
  const globals = new Map<string, string>();
  const scope: SubstitutionScope = { globals, log };
  for (const category of categories) {
    if (category.template || !equalsIgnoreCase(category.name, 'globals')) continue;
    for (let i = 0; i < category.size; i++) {
      const id = category.ids.get(i);
      const table = category.table;
      const at: LogLocation = { source: table.source.get(id), line: table.line.get(id), offset: table.offset.get(id) };
      scope.at = at;
      setGlobal(category.nameAt(i), substitute(category.value(i), scope, VALUE_LIMIT), scope, messages, at);
    }
  }
  const builders = new Map<string, ContextBuilder>();
  const created: ContextBuilder[] = [];
  const labels = new RecentLabels();
  for (const category of categories) {
    if (category.template || equalsIgnoreCase(category.name, 'general') || equalsIgnoreCase(category.name, 'globals')) continue;
    let builder = builders.get(category.name);
    if (!builder) {
      builder = new ContextBuilder(category.name, pool, messages, scope, now);
      builders.set(category.name, builder);
      created.push(builder);
    }
    builder.context.sections.push({ source: category.source, line: category.line, offset: category.offset });
    new CategoryLoader(builder, category, messages, scope, labels).run();
  }
  const contexts = created.reverse().map((b) => b.context);
  verifyIncludes(contexts, messages);
  return { contexts, pool, globals };
}

/** ast_context_verify_includes: at most one warning per context, in listing order. */
function verifyIncludes(contexts: Context[], messages: PbxMessages): void {
  const names = new Set(contexts.map((c) => c.name));
  for (const context of contexts) {
    if (context.includes.length >= 512) {
      const first = context.includes[0]!.origin;
      messages.tooManyIncludes(context.name, context.includes.length, { source: first.source, line: first.line, offset: first.offset });
    }
    const missing = context.includes.find((include) => !names.has(include.target));
    if (missing) messages.includesMissingContext(context.name, missing.target, { source: missing.origin.source, line: missing.origin.line, offset: missing.origin.offset });
  }
}

/**
 * The last few distinct labels read, handed out again when a line names
 * one of them: a dialplan repeats the same labels on thousands of lines,
 * and a shared string spares making one per line (and hashing it when the
 * priority pool looks it up).
 */
class RecentLabels {
  private static readonly SIZE = 8;
  private readonly recent: string[] = [];
  private replace = 0;

  /** text[start, end) as a string: the earlier one when it is among the recent labels. */
  get(text: string, start: number, end: number): string {
    const length = end - start;
    for (const label of this.recent) if (label.length === length && text.startsWith(label, start)) return label;
    const label = text.slice(start, end);
    if (this.recent.length < RecentLabels.SIZE) {
      this.recent.push(label);
    } else {
      this.recent[this.replace] = label;
      this.replace = (this.replace + 1) % RecentLabels.SIZE;
    }
    return label;
  }
}

/** pbx_config's walk over one category's lines, with its per-category state. */
class CategoryLoader {
  /** The extension of the last `exten` line (with its `/cid`), what `same` continues. */
  private lastExtension = '';
  /** The last priority accepted; -2 before any. */
  private lastPriority = -2;
  /** The registrar column's file name (the path's last part), for the file of the line before. */
  private lastFile = '';
  private registrarFile = '';
  private readonly origin: Origin = { source: 0, line: 0, offset: 0 };
  /** Reused for every line handed to the context builder, which copies what it keeps. */
  private readonly entry: NewPriority = {
    name: '',
    priority: 0,
    label: '',
    cid: undefined,
    text: 0,
    appStart: 0,
    appEnd: 0,
    dataStart: 0,
    dataEnd: 0,
    file: '',
    origin: this.origin,
  };

  constructor(
    private readonly builder: ContextBuilder,
    private readonly category: Category,
    private readonly messages: PbxMessages,
    private readonly scope: SubstitutionScope,
    private readonly labels: RecentLabels,
  ) {}

  run(): void {
    const category = this.category;
    const store = category.store;
    const table = category.table;
    const ids = category.ids;
    for (let i = 0; i < ids.length; i++) {
      const id = ids.get(i);
      const name = table.name(id);
      // One origin object for all lines: whatever keeps a location copies it (see AsteriskLogger.add).
      const origin = this.origin;
      origin.source = table.source.get(id);
      origin.line = table.line.get(id);
      origin.offset = table.offset.get(id);
      this.scope.at = origin;
      // pbx_config names the file `extensions.conf` for the top-level file, else by its path.
      const file = table.file(id) || 'extensions.conf';
      if (name === 'same' || startsWithIgnoreCase(name, 'same')) {
        if (this.lastExtension === '') {
          this.messages.sameWithoutExten(category.name, name, origin.line, file, at(origin));
          continue;
        }
        const ref = table.valueRef.get(id);
        this.extension(this.lastExtension, ref, store.get(ref), table.valueEnd.get(id), table.valueStart.get(id), origin, file);
        continue;
      }
      if (name === 'exten' || equalsIgnoreCase(name, 'exten')) {
        const ref = table.valueRef.get(id);
        const text = store.get(ref);
        const start = table.valueStart.get(id);
        const end = table.valueEnd.get(id);
        const comma = extensionEnd(text, start, end);
        const realExtension = substitute(text.slice(start, comma < 0 ? end : comma), this.scope, EXTEN_LIMIT);
        this.lastExtension = realExtension;
        this.extension(realExtension, ref, text, end, comma < 0 || comma === end - 1 ? -1 : comma + 1, origin, file);
        continue;
      }
      const value = category.value(i);
      if (equalsIgnoreCase(name, 'include')) {
        this.include(value, origin, file);
      } else if (equalsIgnoreCase(name, 'ignorepat')) {
        const pattern = substitute(value, this.scope, VALUE_LIMIT);
        if (!this.builder.addIgnorePattern(pattern, origin)) this.messages.ignorePatternDuplicate(value, category.name, origin.line, file, at(origin));
      } else if (equalsIgnoreCase(name, 'switch') || equalsIgnoreCase(name, 'lswitch') || equalsIgnoreCase(name, 'eswitch')) {
        this.switchLine(name, value, origin, file);
      } else if (equalsIgnoreCase(name, 'autohints')) {
        this.builder.context.autohints = isTrue(value);
      } else {
        this.messages.unknownKeyword(name, origin.line, file, at(origin));
      }
    }
  }

  /**
   * One `exten` or `same` line whose value ends at text[valueEnd] (TextStore
   * reference `ref`). The priority field starts at `restStart` (after the
   * extension for `exten`, at the value's start for `same`; -1 when there
   * is none). Works on offsets so the common line builds no
   * intermediate strings.
   */
  private extension(
    realExtension: string,
    ref: number,
    text: string,
    valueEnd: number,
    restStart: number,
    origin: Origin,
    file: string,
  ): void {
    let name = realExtension;
    let cid: string | undefined;
    const slash = name.indexOf('/');
    if (slash >= 0) {
      cid = shrinkPhoneNumber(name.slice(slash + 1));
      name = name.slice(0, slash);
    }
    // The priority field runs to the next comma; the application part is what follows it.
    let fieldStart = valueEnd;
    let fieldEnd = valueEnd;
    let appStart = valueEnd;
    if (restStart >= 0) {
      fieldStart = restStart;
      const comma = indexWithin(text, ',', restStart, valueEnd);
      if (comma >= 0) {
        fieldEnd = comma;
        appStart = comma + 1;
      }
    }
    while (fieldStart < fieldEnd && text.charCodeAt(fieldStart) < 33) fieldStart++;
    while (fieldEnd > fieldStart && text.charCodeAt(fieldEnd - 1) < 33) fieldEnd--;

    const location: LogLocation = origin;
    let label = '';
    const open = indexWithin(text, '(', fieldStart, fieldEnd);
    if (open >= 0) {
      const close = indexWithin(text, ')', open + 1, fieldEnd);
      if (close < 0) {
        this.messages.labelUnclosed(origin.line, file, location);
        return;
      }
      label = this.labels.get(text, open + 1, close);
      fieldEnd = open;
    }
    // `label+N` / `n+N`: the offset runs from the `+` to the end of the field.
    let offsetStart = -1;
    const offsetEnd = fieldEnd;
    const plus = indexWithin(text, '+', fieldStart, fieldEnd);
    if (plus >= 0) {
      offsetStart = plus + 1;
      fieldEnd = plus;
    }

    let priority: number;
    if (fieldEnd - fieldStart === 1 && text.charCodeAt(fieldStart) === 110) {
      // `n`, the most common priority of all
      if (this.lastPriority <= -2) {
        this.messages.nextOnFirst(origin.line, file, location);
        return;
      }
      priority = (this.lastPriority + 1) | 0;
    } else {
      const field = text.slice(fieldStart, fieldEnd);
      if (field === 'hint') {
        priority = HINT;
      } else if (field === 'next') {
        if (this.lastPriority <= -2) {
          this.messages.nextOnFirst(origin.line, file, location);
          return;
        }
        priority = (this.lastPriority + 1) | 0;
      } else if (field === 's' || field === 'same') {
        if (this.lastPriority <= -2) {
          this.messages.sameOnFirst(origin.line, file, location);
          return;
        }
        priority = this.lastPriority;
      } else {
        const parsed = scanInt(field, 30);
        if (parsed === undefined) {
          priority = this.builder.findLabel(name, field, cid, location);
          if (priority < 1) {
            this.messages.invalidPriorityOrLabel(field, origin.line, file, location);
            return;
          }
        } else if (parsed < 1) {
          this.messages.invalidPriority(field, origin.line, file, location);
          return;
        } else {
          priority = parsed;
        }
      }
    }

    // The application and its data: up to the first `(`, then to the last `)`.
    let appEnd = valueEnd;
    let dataStart = valueEnd;
    let dataEnd = valueEnd;
    const paren = indexWithin(text, '(', appStart, valueEnd);
    if (paren >= 0) {
      const dollarBrace = indexWithin(text, '${', appStart, paren);
      const dollarBracket = indexWithin(text, '$[', appStart, paren);
      if ((dollarBrace < 0 || dollarBrace + 1 >= paren) && (dollarBracket < 0 || dollarBracket + 1 >= paren)) {
        appEnd = paren;
        dataStart = paren + 1;
        let close = valueEnd - 1;
        while (close >= dataStart && text.charCodeAt(close) !== 41) close--;
        if (close >= dataStart) dataEnd = close;
        else this.messages.noClosingParenthesis(text.slice(appStart, paren), text.slice(dataStart, valueEnd), origin.line, file, location);
      }
      // else: a variable where the application would be; all of it is the application, with no data.
    }
    while (appStart < appEnd && text.charCodeAt(appStart) < 33) appStart++;

    // `n` right after a hint is 0: dropped without a word, as in pbx_config.
    if (priority === 0) return;
    if (offsetStart >= 0) priority = (priority + atoi(text.slice(offsetStart, offsetEnd))) | 0;
    this.lastPriority = priority;
    if (name === '_.' || name === '_!') this.messages.discouragedPattern(name, origin.line, file, location);
    if (file !== this.lastFile) {
      this.lastFile = file;
      this.registrarFile = file.slice(file.lastIndexOf('/') + 1);
    }
    const registrarFile = this.registrarFile;
    const entry = this.entry;
    entry.name = name;
    entry.priority = priority;
    entry.label = label;
    entry.cid = cid;
    entry.text = ref;
    entry.appStart = appStart;
    entry.appEnd = appEnd;
    entry.dataStart = dataStart;
    entry.dataEnd = dataEnd;
    entry.file = registrarFile;
    const added = this.builder.addExtension(entry);
    if (!added) this.messages.unableToRegister(origin.line, file, location);
  }

  private include(value: string, origin: Origin, file: string): void {
    const name = substitute(value, this.scope, VALUE_LIMIT);
    const timing = buildTiming(includeTimeSpec(name), this.messages, at(origin));
    if (!this.builder.addInclude(name, timing, origin)) this.messages.includeDuplicate(value, this.category.name, origin.line, file, at(origin));
  }

  private switchLine(keyword: string, value: string, origin: Origin, file: string): void {
    const text = equalsIgnoreCase(keyword, 'switch') ? substitute(value, this.scope, VALUE_LIMIT) : value.slice(0, VALUE_LIMIT);
    const slash = text.indexOf('/');
    const module = slash < 0 ? text : text.slice(0, slash);
    const data = slash < 0 ? '' : text.slice(slash + 1);
    if (!this.builder.addSwitch(module, data, equalsIgnoreCase(keyword, 'eswitch'), origin)) {
      this.messages.switchDuplicate(value, this.category.name, origin.line, file, at(origin));
    }
  }
}

/**
 * pbx_builtin_setvar_helper without a channel: a name ending in `)` is a
 * function write (no function is registered while pbx_config loads); else
 * the global replaces any of the same name once up to two leading
 * underscores are dropped, and is published, with a warning when its value
 * is not valid UTF-8.
 */
function setGlobal(name: string, value: string, scope: SubstitutionScope, messages: PbxMessages, at: LogLocation): void {
  if (name.endsWith(')')) {
    messages.functionNotRegistered(functionName(name, scope.log, at), at);
    return;
  }
  scope.globals.set(variableName(name), value);
  if (!isUtf8(Buffer.from(cString(value), 'latin1'))) messages.globalNotUtf8(name, at);
}

function at(origin: Origin): LogLocation {
  return { source: origin.source, line: origin.line, offset: origin.offset };
}

/**
 * pbx_strsep on `,`: the extension name ends at the first comma that is
 * neither inside `[...]` nor after a backslash (the backslash stays).
 * Returns that comma's index, or -1.
 */
export function extensionEnd(value: string, start = 0, end = value.length): number {
  let square = 0;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c === 91) square++;
    else if (c === 93) {
      if (square) square--;
    } else if (c === 92) i++;
    else if (c === 44 && !square) return i;
  }
  return -1;
}

/**
 * ast_shrink_phone_number: drops `(`, `)` and spaces, `-` outside `[...]`,
 * and `.` unless it is the last byte.
 */
export function shrinkPhoneNumber(cid: string): string {
  let out = '';
  let bracketed = 0;
  for (let i = 0; i < cid.length; i++) {
    const c = cid[i]!;
    if (c === '[') {
      bracketed++;
      out += c;
    } else if (c === ']') {
      bracketed--;
      out += c;
    } else if (c === '-') {
      if (bracketed) out += c;
    } else if (c === '.') {
      if (i === cid.length - 1) out += c;
    } else if (c !== '(' && c !== ')' && c !== ' ') {
      out += c;
    }
  }
  return out;
}

/** ast_true. */
function isTrue(value: string): boolean {
  return /^(yes|true|y|t|1|on)$/i.test(strip(value));
}
