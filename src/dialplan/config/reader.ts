import fs from 'node:fs';
import path from 'node:path';
import { AsteriskLogger, type LogLocation } from '../log/asterisk-log.js';
import { equalsIgnoreCase, indexWithin, strip } from '../text/bytes.js';
import { ConfigMessages } from './messages.js';
import { buildParsedFile, type Statement } from './grammar/cst-visitor.js';
import { dequote, parseDirective } from './grammar/directive.js';
import { parseHeader } from './grammar/header.js';
import { tokenizeConfigFile } from './grammar/lexer.js';
import { liveText, ScanState } from './scanner/line-scanner.js';
import type { ScannedLine } from './scanner/scanned-line.js';
import type { LineRun } from './scanner/line-run.js';
import { IntVector } from '../text/int-vector.js';
import { Interner } from '../text/interner.js';
import { TextStore, type SourceFile } from '../text/text-store.js';
import { parseConfigTokens } from './grammar/parser.js';
import { expandGlob, hasMagic } from '../../util/glob.js';

/**
 * The config-file layer of Asterisk (main/config.c) over the grammar:
 * includes (globs, quotes, nesting limit, failures that end only the file
 * they happen in), categories (templates, inheritance, `(+)` append,
 * repeated sections), variables (`=`, `=>`, `+=`, escapes), and every
 * warning config.c prints, in its order.
 */

export type { SourceFile } from '../text/text-store.js';

/**
 * Every variable line read, one record each, in parallel arrays: a dialplan
 * is mostly such lines, so no object per line, and the numbers in a few big
 * typed arrays. A value is a TextStore reference with its bounds.
 */
export class VariableTable {
  /** Each record's name and config.c `file` ('' for the top-level file, a full path, or `name~~N`), as ids into the lists below. */
  private readonly nameIds = new IntVector(4096);
  private readonly fileIds = new IntVector(4096);
  /** Distinct names and files, once each: a dialplan repeats `exten`, `same` and a few files. */
  private readonly names = new Interner();
  private readonly files = new Interner();
  readonly valueRef = new IntVector(4096);
  readonly valueStart = new IntVector(4096);
  readonly valueEnd = new IntVector(4096);
  readonly line = new IntVector(4096);
  readonly source = new IntVector(4096);
  /** Offset in its source of the line's live text (for columns in lint). */
  readonly offset = new IntVector(4096);

  get length(): number {
    return this.nameIds.length;
  }

  /** Makes room for `count` records at once (a file's size tells roughly how many lines it has). */
  reserve(count: number): void {
    for (const vector of [this.nameIds, this.fileIds, this.valueRef, this.valueStart, this.valueEnd, this.line, this.source, this.offset]) vector.reserve(count);
  }

  name(id: number): string {
    return this.names.list[this.nameIds.get(id)]!;
  }

  file(id: number): string {
    return this.files.list[this.fileIds.get(id)]!;
  }

  add(name: string, ref: number, start: number, end: number, line: number, file: string, source: number, offset: number): number {
    const id = this.nameIds.length;
    this.nameIds.push(this.names.id(name));
    this.fileIds.push(this.files.id(file));
    this.valueRef.push(ref);
    this.valueStart.push(start);
    this.valueEnd.push(end);
    this.line.push(line);
    this.source.push(source);
    this.offset.push(offset);
    return id;
  }
}


/**
 * A category (section): its name and header, and its variables as record
 * ids in the VariableTable. Inheritance copies ids; `+=` writes a new
 * record, so a base category never sees a child's change.
 */
export class Category {
  /** Record ids in the VariableTable, in order. */
  readonly ids = new IntVector(16);

  constructor(
    readonly table: VariableTable,
    readonly store: TextStore,
    readonly name: string,
    public template: boolean,
    readonly line: number,
    readonly source: number,
    readonly offset: number,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  nameAt(i: number): string {
    return this.table.name(this.ids.get(i));
  }

  /** The value of variable `i` as a string. */
  value(i: number): string {
    const id = this.ids.get(i);
    const table = this.table;
    return this.store.get(table.valueRef.get(id)).slice(table.valueStart.get(id), table.valueEnd.get(id));
  }

  push(name: string, ref: number, start: number, end: number, line: number, file: string, source: number, offset: number): void {
    this.ids.push(this.table.add(name, ref, start, end, line, file, source, offset));
  }

  /** Appends another category's variables (inheritance, `(+)`), keeping their origin. */
  pushAllFrom(other: Category): void {
    for (let i = 0; i < other.ids.length; i++) this.ids.push(other.ids.get(i));
  }

  /** Replaces variable `i`'s name and value (`+=`), keeping its line and file. */
  replace(i: number, name: string, value: string): void {
    const old = this.ids.get(i);
    const table = this.table;
    this.ids.set(i, table.add(name, this.store.add(value), 0, value.length, table.line.get(old), table.file(old), table.source.get(old), table.offset.get(old)));
  }
}

export interface ConfigReadResult {
  categories: Category[];
  store: TextStore;
  log: AsteriskLogger;
  /** Asterisk would refuse the whole file (and keep the previous dialplan). */
  aborted: boolean;
  /** The top-level file could not be read at all. */
  missing: boolean;
}

export interface ConfigReadOptions {
  /** The directory that plays Asterisk's config directory; relative includes resolve against it. */
  configDir: string;
  /** The name Asterisk gives that directory in its messages. */
  asteriskConfigDir?: string;
  /** Name of the top-level file as Asterisk loads it. */
  mainName?: string;
  /** The file system as the reader sees it; the disk by default. */
  files?: FileAccess;
  /** Collect into this logger (so later layers append after). */
  log?: AsteriskLogger;
  /** The Asterisk major version whose messages to print (default 22). */
  asteriskMajor?: number;
}

const MAX_INCLUDE_LEVEL = 10;

type LoadOutcome = 'ok' | 'invalid' | 'missing';

class ConfigReader {
  readonly categories: Category[] = [];
  readonly store = new TextStore();
  readonly variables = new VariableTable();
  readonly log: AsteriskLogger;
  private readonly messages: ConfigMessages;
  /** config.c's cfg->include_level: 1 while reading the top-level file; it leaks when an included file fails. */
  private includeLevel = 0;
  /** cfg->current: the category most recently created (or appended to), where an included file starts. */
  private current: Category | undefined;
  /** Include records for "Same File included more than once": argument -> times seen again. */
  private readonly includeCounts = new Map<string, { count: number }>();
  private readonly asteriskDir: string;
  private readonly files: FileAccess;

  constructor(private readonly options: ConfigReadOptions) {
    this.log = options.log ?? new AsteriskLogger();
    this.messages = new ConfigMessages(this.log, options.asteriskMajor ?? 22);
    this.asteriskDir = (options.asteriskConfigDir ?? '/etc/asterisk').replace(/\/+$/, '');
    this.files = options.files ?? diskFiles;
  }

  /** ast_config_internal_load: the nesting limit and the include level. */
  load(name: string, suggestedFile: string, at: LogLocation | undefined): LoadOutcome {
    if (this.includeLevel === MAX_INCLUDE_LEVEL + 1) {
      this.messages.includeDepth(at ?? { source: -1, line: 0 });
      return 'missing';
    }
    this.includeLevel++;
    const outcome = this.loadTextFile(name, suggestedFile, at);
    // A failed file leaves the level raised: config.c's include-level leak.
    if (outcome !== 'invalid') this.includeLevel--;
    return outcome;
  }

  /** config_text_file_load: one name, expanded as a glob, read file after file with shared state. */
  private loadTextFile(name: string, suggestedFile: string, at: LogLocation | undefined): LoadOutcome {
    const asteriskPath = name.startsWith('/') ? name : `${this.asteriskDir}/${name}`;
    const state = new ScanState();
    let current = this.current;
    let count = 0;
    for (const matchPath of this.files.glob(this.toHost(asteriskPath))) {
      const asteriskMatch = this.toAsterisk(matchPath, asteriskPath);
      const kind = this.files.kind(matchPath);
      if (kind === 'other') this.messages.notRegularFile(asteriskMatch, at ?? { source: -1, line: 0 });
      let outcome: 'ok' | 'invalid' | 'skipped' = 'skipped';
      let stoppedAt: number | undefined;
      if (kind === 'file') {
        // An unreadable file is passed over, as config.c does when fopen fails.
        const bytes = this.files.read(matchPath);
        if (bytes !== undefined) {
          count++;
          const source = this.store.addSource(matchPath, asteriskMatch, bytes);
          const result = this.readSource(source, state, suggestedFile, current);
          current = result.current;
          outcome = result.stoppedAt === undefined ? 'ok' : 'invalid';
          stoppedAt = result.stoppedAt;
        }
      }
      // A file that stopped at a fatal line leaves the comment state of that line.
      const end = stoppedAt === undefined ? { depth: state.depth, unterminatedLine: state.unterminatedLine() } : state.after(stoppedAt);
      if (end.depth !== 0) this.messages.unterminatedComment(end.unterminatedLine, { source: this.store.sources.length - 1, line: stoppedAt ?? state.line });
      if (outcome === 'invalid') return 'invalid';
    }
    return count === 0 ? 'missing' : 'ok';
  }

  /** Reads one file's lines into categories; `stoppedAt` is the line of a fatal error that ended it. */
  private readSource(
    source: SourceFile,
    state: ScanState,
    suggestedFile: string,
    start: Category | undefined,
  ): { current: Category | undefined; stoppedAt: number | undefined } {
    this.variables.reserve(this.variables.length + (source.text.length >> 5));
    const tokens = tokenizeConfigFile(source.text, state);
    const parsed = buildParsedFile(parseConfigTokens(tokens.tokens).cst);
    const context = new FileContext(this, source, suggestedFile, start);
    const stopped = () => ({ current: context.current, stoppedAt: context.failedLine });
    if (!context.statements(parsed.preamble)) return stopped();
    for (const section of parsed.sections) {
      if (!context.header(section.header)) {
        context.failedLine = section.header.line;
        return stopped();
      }
      if (!context.statements(section.statements)) return stopped();
    }
    return { current: context.current, stoppedAt: undefined };
  }

  // --- operations used while reading a file ---

  get messagesFor(): ConfigMessages {
    return this.messages;
  }

  /** The variable file name for lines read now (depends on the leaked include level). */
  variableFileName(suggestedFile: string, source: SourceFile): string {
    return suggestedFile || (this.includeLevel === 1 ? '' : source.asteriskPath);
  }

  setCurrent(category: Category): void {
    this.current = category;
  }

  /** category_get_sep: the first category with that name (case-insensitive); an empty name matches any. */
  findCategory(name: string, templatesToo: boolean): Category | undefined {
    for (const category of this.categories) {
      if (name !== '' && !equalsIgnoreCase(category.name, name)) continue;
      if (category.template && !templatesToo) continue;
      return category;
    }
    return undefined;
  }

  /** `#include` / `#tryinclude` of `argument`, from line `line` of `source`. */
  include(argument: string, tryOnly: boolean, source: SourceFile, line: number, at: LogLocation): boolean {
    const fromFile = this.includeLevel === 1 ? '' : source.asteriskPath;
    const seen = this.includeCounts.get(argument);
    let suggested = '';
    if (seen) {
      seen.count++;
      suggested = `${argument}~~${seen.count}`;
      this.messages.includedTwice(fromFile, line, suggested, at);
    } else {
      this.includeCounts.set(argument, { count: 0 });
    }
    const outcome = this.load(argument, suggested, at);
    if (outcome === 'missing' && !tryOnly) {
      this.messages.includeMissing(argument, at);
      return false;
    }
    return true;
  }

  /** Maps an Asterisk path under its config directory onto the directory we read from. */
  private toHost(asteriskPath: string): string {
    if (asteriskPath === this.asteriskDir || asteriskPath.startsWith(`${this.asteriskDir}/`)) {
      return path.join(this.options.configDir, asteriskPath.slice(this.asteriskDir.length));
    }
    return asteriskPath;
  }

  private toAsterisk(hostPath: string, pattern: string): string {
    const configDir = path.resolve(this.options.configDir);
    if (!hasMagic(pattern) && this.toHost(pattern) === hostPath) return pattern;
    const resolved = path.resolve(hostPath);
    if (resolved.startsWith(`${configDir}/`) && pattern.startsWith(`${this.asteriskDir}/`)) {
      return `${this.asteriskDir}/${resolved.slice(configDir.length + 1)}`;
    }
    return hostPath;
  }
}

/** Reading one file: its current category, and the handling of each line kind. */
class FileContext {
  /** The line of the fatal error that stopped the file, once there is one. */
  failedLine: number | undefined;

  constructor(
    private readonly reader: ConfigReader,
    private readonly source: SourceFile,
    private readonly suggestedFile: string,
    public current: Category | undefined,
  ) {}

  private get messages(): ConfigMessages {
    return this.reader.messagesFor;
  }

  private at(line: number, offset?: number): LogLocation {
    return offset === undefined ? { source: this.source.id, line } : { source: this.source.id, line, offset };
  }

  private get filePath(): string {
    return this.source.asteriskPath;
  }

  /** Returns false when the line is fatal for the file. */
  header(line: ScannedLine): boolean {
    const parsed = parseHeader(liveText(line, this.source.text));
    const at = this.at(line.line, line.from);
    if (!parsed.ok) {
      if (parsed.problem === 'no-closing-bracket') this.messages.noClosingBracket(line.line, this.filePath, at);
      else this.messages.noClosingParen(line.line, this.filePath, at);
      return false;
    }
    const name = parsed.name.slice(0, 79);
    let fresh: Category | undefined = new Category(this.reader.variables, this.reader.store, name, false, line.line, this.source.id, line.from);
    let target: Category = fresh;
    for (const option of parsed.options ?? []) {
      if (equalsIgnoreCase(option, '!')) {
        target.template = true;
      } else if (option.startsWith('+')) {
        const existing = this.findAppendTarget(name, option.slice(1));
        if (!existing) {
          this.messages.appendToMissing(name, line.line, this.filePath, at);
          return false;
        }
        if (fresh) {
          this.reader.setCurrent(existing);
          existing.template ||= fresh.template;
          existing.pushAllFrom(fresh);
          fresh = undefined;
        }
        target = existing;
      } else {
        const base = this.reader.findCategory(option, true);
        if (!base) {
          this.messages.inheritFromMissing(option, line.line, this.filePath, at);
          return false;
        }
        target.pushAllFrom(base);
      }
    }
    this.current = target;
    if (fresh) {
      this.reader.categories.push(fresh);
      this.reader.setCurrent(fresh);
    }
    return true;
  }

  /**
   * `(+)`: the first non-template category of that name. A text after the
   * `+` filters by variables (`name=regex`, `&`-separated), rarely used.
   */
  private findAppendTarget(name: string, filter: string): Category | undefined {
    const conditions = filter
      .split('&')
      .map((c) => strip(c))
      .filter(Boolean);
    for (const category of this.reader.categories) {
      if (name !== '' && !equalsIgnoreCase(category.name, name)) continue;
      if (conditions.length === 0) {
        if (!category.template) return category;
        continue;
      }
      if (!category.template && matchesFilter(category, conditions)) return category;
    }
    return undefined;
  }

  /** Returns false at the first line that is fatal for the file. */
  statements(statements: Statement[]): boolean {
    for (const statement of statements) {
      if (statement.kind === 'directive') {
        if (!this.directive(statement.line)) {
          this.failedLine = statement.line.line;
          return false;
        }
      } else if (!this.run(statement.run)) {
        return false;
      }
    }
    return true;
  }

  private directive(line: ScannedLine): boolean {
    const { word, argument } = parseDirective(liveText(line, this.source.text));
    const at = this.at(line.line, line.from);
    const lower = word.toLowerCase();
    const isInclude = lower === 'include' || lower === 'tryinclude';
    if (lower === 'exec') {
      // execincludes is off by default in asterisk.conf, and chanlog never runs programs.
      this.messages.execDisabled(at);
      return true;
    }
    if (!isInclude) {
      this.messages.unknownDirective(word, line.line, this.filePath, at);
      return true;
    }
    if (argument === undefined) {
      this.messages.directiveNeedsArgument(word, true, line.line, this.filePath, at);
      return true;
    }
    return this.reader.include(dequote(argument), lower === 'tryinclude', this.source, line.line, at);
  }

  private run(run: LineRun): boolean {
    const text = this.source.text;
    const { arena } = run;
    for (let i = run.start; i < run.end; i++) {
      const lineNumber = arena.lines.get(i);
      const from = arena.from.get(i);
      const tooLong = arena.tooLong?.get(i);
      if (tooLong !== undefined) {
        this.messages.lineTooLong(lineNumber, tooLong, this.at(lineNumber, from));
        continue;
      }
      const changed = arena.changed?.get(i);
      const ok =
        changed === undefined
          ? this.variable(TextStore.sourceRef(this.source.id), text, from, arena.to.get(i), lineNumber, from)
          : this.variable(this.reader.store.add(changed), changed, 0, changed.length, lineNumber, from);
      if (!ok) {
        this.failedLine = lineNumber;
        return false;
      }
    }
    return true;
  }

  /**
   * A `name = value` line (process_text_line's last branch), read from
   * `text[from, to)` (its stripped live text) without intermediate strings.
   */
  private variable(ref: number, text: string, from: number, to: number, line: number, offset: number): boolean {
    const category = this.current;
    if (!category) {
      this.messages.noCategory(line, this.filePath, this.at(line, offset));
      return false;
    }
    let start = from;
    let escaped = 0;
    if (text.charCodeAt(start) === 92) {
      start++;
      if (start >= to || text.charCodeAt(start) < 33) {
        this.messages.invalidEscape(line, this.filePath, this.at(line, offset));
        return false;
      }
      escaped = 1;
    }
    const equals = indexWithin(text, '=', start + escaped, to);
    if (equals < 0) {
      this.messages.noEquals(line, this.filePath, this.at(line, offset));
      return true;
    }
    const fileName = this.reader.variableFileName(this.suggestedFile, this.source);
    if (equals > start + escaped && text.charCodeAt(equals - 1) === 43) {
      const name = strip(text.slice(start, equals - 1));
      return this.append(category, name, text.slice(equals + 1, to), line, offset, fileName);
    }
    let nameEnd = equals;
    while (nameEnd > start && text.charCodeAt(nameEnd - 1) < 33) nameEnd--;
    let nameStart = start;
    while (nameStart < nameEnd && text.charCodeAt(nameStart) < 33) nameStart++;
    let valueStart = equals + 1;
    if (text.charCodeAt(valueStart) === 62) valueStart++; // `=>` and `=` mean the same
    while (valueStart < to && text.charCodeAt(valueStart) < 33) valueStart++;
    let valueEnd = to;
    while (valueEnd > valueStart && text.charCodeAt(valueEnd - 1) < 33) valueEnd--;
    const name = internName(text, nameStart, nameEnd);
    if (name.length === 0) {
      this.messages.noVariableName(line, this.filePath, this.at(line, offset));
      return true;
    }
    category.push(name, ref, valueStart, valueEnd, line, fileName, this.source.id, offset);
    return true;
  }

  /**
   * `name += more`: appends to the last variable of that name (exact case)
   * in the category; the updated variable keeps its place and line. With no
   * such variable it is a plain assignment (of the text after `=`, `>` kept).
   */
  private append(category: Category, name: string, addition: string, line: number, offset: number, fileName: string): boolean {
    let last = -1;
    for (let i = 0; i < category.size; i++) if (category.nameAt(i) === name) last = i;
    if (last < 0) {
      if (name.length === 0) {
        this.messages.noVariableName(line, this.filePath, this.at(line, offset));
        return true;
      }
      const value = strip(addition);
      category.push(name, this.reader.store.add(value), 0, value.length, line, fileName, this.source.id, offset);
      return true;
    }
    const old = category.value(last);
    const combined = strip(old + addition);
    // ast_variable_update: the first variable with that name (any case) whose value is the old one (any case).
    const lastName = category.nameAt(last);
    for (let i = 0; i < category.size; i++) {
      if (!equalsIgnoreCase(category.nameAt(i), lastName)) continue;
      if (old !== '' && !equalsIgnoreCase(category.value(i), old)) continue;
      category.replace(i, lastName, combined);
      break;
    }
    return true;
  }
}

/** The names almost every line has share one string instead of a copy per line. */
function internName(text: string, start: number, end: number): string {
  const length = end - start;
  if (length === 5 && text.startsWith('exten', start)) return 'exten';
  if (length === 4 && text.startsWith('same', start)) return 'same';
  return text.slice(start, end);
}

function matchesFilter(category: Category, conditions: string[]): boolean {
  for (const condition of conditions) {
    const [name, value] = condition.split('=', 2).map((part) => strip(part));
    if (value === undefined || name === undefined) return false;
    let nameRe: RegExp;
    let valueRe: RegExp;
    try {
      nameRe = new RegExp(name);
      valueRe = new RegExp(value);
    } catch {
      return false;
    }
    let found = false;
    for (let i = 0; i < category.size && !found; i++) found = nameRe.test(category.nameAt(i)) && valueRe.test(category.value(i));
    if (!found) return false;
  }
  return true;
}

/**
 * Reads `mainFile` the way Asterisk reads extensions.conf: `configDir`
 * plays /etc/asterisk, and the main file is named `extensions.conf` in
 * messages (and seen under that name in the config directory) whatever its
 * real name.
 */
export function readConfig(mainFile: string, options: ConfigReadOptions): ConfigReadResult {
  const mainName = options.mainName ?? 'extensions.conf';
  const mainHost = path.resolve(mainFile);
  const mainInDir = path.join(path.resolve(options.configDir), mainName);
  const files = overlay(options.files ?? diskFiles, mainInDir, mainHost);
  const reader = new ConfigReader({ ...options, files });
  if (files.kind(mainInDir) !== 'file') {
    return { categories: [], store: reader.store, log: reader.log, aborted: true, missing: true };
  }
  const outcome = reader.load(mainName, '', undefined);
  // The main file was read under the name Asterisk gives it; name it by where it really is.
  for (const source of reader.store.sources) if (source.hostPath === mainInDir) source.hostPath = mainHost;
  return { categories: reader.categories, store: reader.store, log: reader.log, aborted: outcome !== 'ok', missing: outcome === 'missing' };
}

/** How the reader sees the file system; tests and the main-file mapping replace parts of it. */
export interface FileAccess {
  kind(hostPath: string): 'file' | 'other' | undefined;
  /** The file's bytes, or undefined when it cannot be read. */
  read(hostPath: string): Buffer | undefined;
  glob(pattern: string): string[];
}

export const diskFiles: FileAccess = {
  kind(hostPath) {
    try {
      return fs.statSync(hostPath).isFile() ? 'file' : 'other';
    } catch {
      return undefined;
    }
  },
  read(hostPath) {
    try {
      return fs.readFileSync(hostPath);
    } catch {
      return undefined;
    }
  },
  glob: expandGlob,
};

/** Shows `real` under the name `virtualPath` (the main file as extensions.conf in the config directory). */
function overlay(files: FileAccess, virtualPath: string, real: string): FileAccess {
  if (virtualPath === real) return files;
  const map = (file: string) => (path.resolve(file) === virtualPath ? real : file);
  return {
    kind: (file) => files.kind(map(file)),
    read: (file) => files.read(map(file)),
    glob: (pattern) => (hasMagic(pattern) ? files.glob(pattern) : [pattern]),
  };
}
