/**
 * A seeded generator of extensions.conf files for the differential tests:
 * the same seed always gives the same bytes. The files look like what admins
 * write (contexts named from-internal, Dial/VoiceMail/GotoIf, same => n,
 * hints, includes, templates) and mix in, at random, every construct and
 * mistake the parser has to reproduce exactly: patterns with sets and
 * N/X/Z/./!, dashes and spaces in names, caller-id matches, labels and
 * label+offset, n after a hint, duplicate priorities, comments in odd places,
 * block comments (nested, unterminated, stray closes), includes of other
 * generated files (globbed, missing, twice), templates, inheritance and
 * (+), long lines, non-ASCII bytes, CRLF and tabs.
 *
 * Everything is bounded (contexts, lines, files, line length); see
 * GenerateOptions. The output is latin1 strings (one character per byte),
 * which the oracle writes byte for byte.
 *
 * One thing is kept out on purpose: a file either has includes with a time
 * window or priorities that make Asterisk look up a label, never both. A
 * failed label lookup follows the context's includes whose window is open
 * *now* (spec §5.7), so the log of such a file depends on the wall clock.
 */

export interface GenerateOptions {
  /** At most this many contexts in the main file (default 8). */
  maxContexts?: number;
  /** At most this many body lines per section (default 24). */
  maxLinesPerSection?: number;
  /** At most this many extra files reached by #include (default 3). */
  maxIncludedFiles?: number;
  /** Probability that one line of 8191+ bytes appears in the file (default 0.01). */
  tooLongLineChance?: number;
}

export interface GeneratedCase {
  seed: number;
  /** Relative path → latin1 string; the main file is `extensions.conf`. */
  files: Map<string, string>;
}

/** mulberry32: small, fast, good enough for test data, and identical on every platform. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(private readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(table: ReadonlyArray<readonly [number, T]>): T {
    const total = table.reduce((sum, [w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [w, value] of table) {
      if ((r -= w) < 0) return value;
    }
    return table[table.length - 1]![1];
  }
}

/** UTF-8 text as a latin1 byte string. */
function utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

const CONTEXT_NAMES = [
  'from-internal', 'from-trunk', 'from-pstn', 'default', 'internal', 'outbound', 'inbound', 'ivr-main', 'ivr-sales',
  'queues', 'phones', 'local', 'longdistance', 'international', 'macro-dial', 'macro-stdexten', 'sub-record', 'sub-dial',
  'voicemail', 'conferences', 'parkedcalls', 'features', 'night', 'day', 'after-hours', 'holidays', 'tenant-a', 'tenant-b',
  'from-sip', 'from-iax', 'dundi-lookup', 'ext-local', 'app-dnd', 'fax', 'test',
];
const ODD_CONTEXT_NAMES = ['Default', 'FROM-INTERNAL', ' padded ', 'with space', 'tab\there', '', utf8('büro'), 'caf\xe9', 'x'.repeat(85), 'semi\\;colon', 'general2', 'Globals'];
const APPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Dial', ['PJSIP/${EXTEN},20', 'PJSIP/100&PJSIP/101,30,tT', 'SIP/trunk/${EXTEN:1},,T', '${TRUNK}/${EXTEN},60', 'Local/${EXTEN}@from-internal', 'PJSIP/200|20|tT']],
  ['VoiceMail', ['${EXTEN}@default,u', '100@default,b', '${ARG1}@${VMCONTEXT},su']],
  ['VoiceMailMain', ['@default', '${CALLERID(num)}@default', '']],
  ['Goto', ['from-internal,${EXTEN},1', 's,1', 'menu', 'ivr-main,s,menu', 'default|s|1']],
  ['GotoIf', ['$["${DIALSTATUS}" = "BUSY"]?busy:unavail', '$[${LEN(${CALLERID(num)})} > 4]?external', '${DB_EXISTS(CF/${EXTEN})}?cf']],
  ['GotoIfTime', ['08:00-17:00,mon-fri,*,*?open', '*,*,25,dec?closed,s,1']],
  ['Set', ['CALLERID(name)=Sales', '__TRANSFER_CONTEXT=from-internal', 'TIMEOUT(digit)=3', 'CDR(userfield)=${EXTEN}', 'VAR=${IF($[${X} > 1]?a:b)}']],
  ['NoOp', ['', 'Call from ${CALLERID(all)}', 'x', 'with, commas, inside', 'parens (inner) here', utf8('Grüße'), 'latin \xe9\xe8']],
  ['Answer', ['', '500']],
  ['Hangup', ['', '16']],
  ['Playback', ['demo-congrats', 'custom/welcome&custom/menu', 'silence/1,noanswer']],
  ['Background', ['custom/main-menu', 'enter-ext-of-person']],
  ['WaitExten', ['', '5', '${TIMEOUT}']],
  ['Queue', ['support,t,,,300', 'sales|t|||120', '${QUEUE}']],
  ['GoSub', ['sub-record,s,1(in,${EXTEN})', 'sub-dial,s,1(${EXTEN},20)', 'sub-x,s,1']],
  ['Macro', ['stdexten,${EXTEN},PJSIP/${EXTEN}', 'hangupcall,', 'dial-one,20,tr,${EXTEN}']],
  ['Return', ['']],
  ['ExecIf', ['$["${X}" = "1"]?Set(Y=2):Set(Y=3)']],
  ['Verbose', ['1,Hello', '3,${CHANNEL} in ${CONTEXT}']],
  ['MixMonitor', ['${UNIQUEID}.wav,b']],
  ['Congestion', ['', '20']],
  ['Busy', ['']],
  ['Wait', ['1', '0.5']],
  ['Read', ['NUM,enter-number,4,,2,5']],
  ['ConfBridge', ['${EXTEN}', '1000,default_bridge']],
  ['AGI', ['agi://127.0.0.1/route?x=1']],
];
const LABELS = ['start', 'menu', 'again', 'busy', 'unavail', 'cf', 'dial', 'out', 'record', 'done', 'x', 'Loop'];

type PriorityKind = 'lookup' | 'plain';

/** Everything one generated file set needs to remember while it is written. */
class Writer {
  readonly files = new Map<string, string[]>();
  /** Context names defined so far (non-template), for includes and repeated sections. */
  readonly contexts: string[] = [];
  /** Those of them whose header certainly took effect (plain header, outside a block comment): safe bases for (+) and inheritance. */
  readonly plainContexts: string[] = [];
  /** Block comments left open by the section being written. */
  commentDepth = 0;
  readonly templates: string[] = [];
  readonly globals: string[] = [];
  readonly labels = new Set<string>();
  eol: string;
  readonly timedIncludes: boolean;

  constructor(
    readonly dice: Dice,
    readonly options: Required<GenerateOptions>,
  ) {
    this.eol = dice.weighted([
      [85, '\n'],
      [12, '\r\n'],
      [3, 'mixed'],
    ]);
    // Time windows and label lookups never share a file: see the module comment.
    this.timedIncludes = dice.chance(0.35);
  }

  lineEnd(): string {
    return this.eol === 'mixed' ? (this.dice.chance(0.5) ? '\r\n' : '\n') : this.eol;
  }
}

const DEFAULTS: Required<GenerateOptions> = { maxContexts: 8, maxLinesPerSection: 24, maxIncludedFiles: 3, tooLongLineChance: 0.01 };

/** The files of one generated case. */
export function generateCase(seed: number, options: GenerateOptions = {}): GeneratedCase {
  const opts = { ...DEFAULTS, ...options };
  const w = new Writer(new Dice(rng(seed)), opts);
  const d = w.dice;
  const main: string[] = [];
  w.files.set('extensions.conf', main);

  if (d.chance(0.05)) main.push('\xef\xbb\xbf; file saved with a BOM');
  for (let i = d.int(0, 3); i > 0; i--) main.push(commentLine(w));
  if (d.chance(0.3)) generalSection(w, main);
  if (d.chance(0.45)) globalsSection(w, main);

  const includedFiles = d.int(0, opts.maxIncludedFiles);
  const sections = d.int(1, opts.maxContexts);
  for (let s = 0; s < sections; s++) {
    section(w, main);
    if (includedFiles > 0 && d.chance(includedFiles / sections)) includeDirective(w, main);
  }
  if (d.chance(0.15)) main.push(d.pick(['[general]', '[globals]']), `${d.pick(['X', 'static', 'TRUNK'])}=${d.int(0, 9)}`);
  if (d.chance(opts.tooLongLineChance)) main.push(`exten => 9${d.int(0, 9)},1,NoOp(${'z'.repeat(d.int(8191, 8300))})`);

  const files = new Map<string, string>();
  for (const [name, lines] of w.files) {
    const text = lines.map((l) => l + w.lineEnd()).join('');
    files.set(name, d.chance(0.04) && text.length > 0 ? text.replace(/\r?\n$/, '') : text);
  }
  return { seed, files };
}

function commentLine(w: Writer): string {
  const d = w.dice;
  return d.weighted<() => string>([
    [5, () => `; ${d.pick(['generated', 'TODO: clean up', 'do not edit', 'phones', 'trunk settings', utf8('Zentrale – Büro'), 'caf\xe9'])}`],
    [2, () => ';' + '-'.repeat(d.int(3, 70))],
    [2, () => `;;; ${d.pick(['section', 'NOTE', 'old stuff below'])}`],
    [1, () => `;-- ${d.pick(['one-line block', 'note'])} --;`],
    [1, () => `\t; indented comment`],
    [1, () => ''],
  ])();
}

function generalSection(w: Writer, out: string[]): void {
  const d = w.dice;
  out.push(d.pick(['[general]', '[general]', '[General]']));
  const options = ['static=yes', 'writeprotect=no', 'autofallthrough=yes', 'clearglobalvars=no', 'extenpatternmatchnew=no', 'userscontext=default', 'priorityjumping=no'];
  for (let i = d.int(1, 4); i > 0; i--) out.push(d.pick(options));
}

function globalsSection(w: Writer, out: string[]): void {
  const d = w.dice;
  out.push(d.pick(['[globals]', '[globals]', '[GLOBALS]']));
  const names = ['TRUNK', 'VMCONTEXT', 'PREFIX', 'AREA', 'QUEUE', 'TIMEOUT', 'OPERATOR', 'CTX', 'X'];
  for (let i = d.int(1, 6); i > 0; i--) {
    const name = d.pick(names);
    w.globals.push(name);
    const value = d.weighted<() => string>([
      [4, () => d.pick(['PJSIP/trunk', 'default', '9', '555', 'support', '20', 'PJSIP/100', 'from-internal'])],
      [2, () => `\${${d.pick(w.globals)}}${d.pick(['', '1', '/x'])}`],
      [1, () => `$[${d.int(1, 9)}+${d.int(1, 9)}]`],
      [1, () => `\${${d.pick(w.globals)}:${d.int(0, 2)}:${d.int(1, 3)}}`],
      [1, () => `${d.pick(['"quoted"', 'a\\;b', 'with space', ''])}`],
      [1, () => '${BROKEN'],
    ])();
    out.push(`${name}${d.pick(['=', ' = ', '=>'])}${value}`);
  }
}

function includeDirective(w: Writer, out: string[]): void {
  const d = w.dice;
  const name = `gen/f${w.files.size}.conf`;
  const kind = d.weighted([
    [10, 'new'],
    [2, 'glob'],
    [2, 'again'],
    [0.4, 'missing'],
    [2, 'trymissing'],
  ] as const);
  if (kind === 'missing') {
    out.push(`#include gen/${d.pick(['missing', 'nothere'])}.conf`);
    return;
  }
  if (kind === 'trymissing') {
    out.push(`#tryinclude ${d.pick(['gen/optional.conf', '"gen/opt*.conf"'])}`);
    return;
  }
  const existing = [...w.files.keys()].filter((f) => f !== 'extensions.conf');
  if (kind === 'again' || existing.length >= w.options.maxIncludedFiles) {
    if (existing.length) out.push(`#include ${d.pick(existing)}`);
    return;
  }
  const lines: string[] = [];
  w.files.set(name, lines);
  // Block comments do not cross files: each file starts outside one.
  const depth = w.commentDepth;
  const plainBefore = w.plainContexts.length;
  w.commentDepth = 0;
  if (d.chance(0.3)) lines.push(`exten => ${d.int(100, 999)},1,NoOp(headless line of ${name})`);
  for (let i = d.int(1, 2); i > 0; i--) section(w, lines);
  if (d.chance(0.08)) lines.push('#include gen/missing-nested.conf', 'exten => 1,1,NoOp(never read)');
  w.commentDepth = depth;
  // An #include inside a block comment is not read: its contexts do not exist.
  if (depth !== 0) w.plainContexts.length = plainBefore;
  out.push(kind === 'glob' ? '#include gen/*.conf' : d.pick([`#include ${name}`, `#include "${name}"`, `#include <${name}>`, `#include /etc/asterisk/${name}`]));
}

function sectionHeader(w: Writer): string {
  const d = w.dice;
  const fresh = (): string => {
    const base = d.chance(0.85) ? d.pick(CONTEXT_NAMES) : d.pick(ODD_CONTEXT_NAMES);
    return w.contexts.includes(base) && d.chance(0.6) ? `${base}-${d.int(2, 9)}` : base;
  };
  return d.weighted<() => string>([
    [30, () => {
      const name = fresh();
      w.contexts.push(name);
      // (+) and inheritance look names up untruncated, so a name over 79 bytes is never found.
      if (!w.commentDepth && name.length <= 79) w.plainContexts.push(name);
      return `[${name}]`;
    }],
    [5, () => {
      const name = `tpl-${d.pick(['phone', 'common', 'features', 'base'])}${d.int(1, 3)}`;
      w.templates.push(name);
      return `[${name}](!)`;
    }],
    [w.templates.length + w.plainContexts.length ? 5 : 0.1, () => {
      const name = fresh();
      const known = [...w.templates, ...w.plainContexts];
      // Mostly bases that exist; rarely one that does not, or ", " (both abort the load).
      const bases = d.chance(0.03) || !known.length ? [d.pick(['nonexistent', 'x'])] : [d.pick(known), ...(d.chance(0.3) ? [d.pick(known)] : [])];
      w.contexts.push(name);
      const sep = d.chance(0.03) ? ', ' : ',';
      return `[${name}](${bases.join(sep)})`;
    }],
    [4, () => (w.contexts.length ? `[${d.pick(w.contexts)}]` : `[${fresh()}]`)],
    [w.plainContexts.length ? 3 : 0.05, () => (w.plainContexts.length && !d.chance(0.01) ? `[${d.pick(w.plainContexts)}](+)` : `[${fresh()}](+)`)],
    [1, () => `[${fresh()}] ${d.pick(['(!)', 'junk', '; comment'])}`],
    [1, () => `${d.pick([' ', '\t', ''])}[${fresh()}]${d.pick(['', '   ', ' ;x'])}`],
    [0.3, () => `[${fresh()}`],
    [0.3, () => `[${fresh()}](!`],
  ])();
}

function section(w: Writer, out: string[]): void {
  const d = w.dice;
  out.push(sectionHeader(w));
  const state: SectionState = { lastExten: '', includes: 0 };
  const lines = d.int(0, w.options.maxLinesPerSection);
  for (let i = 0; i < lines; i++) bodyLine(w, out, state);
  // Close what was opened most of the time; leaving it open is a case too.
  while (w.commentDepth > 0 && w.commentDepth < STRAY && d.chance(0.9)) {
    out.push('--;');
    w.commentDepth--;
  }
}

interface SectionState {
  lastExten: string;
  /** includes written in this section so far */
  includes: number;
}

/** commentDepth after a stray `--;`: from there on, nothing in the file is certain to be read. */
const STRAY = 1000;

function bodyLine(w: Writer, out: string[], state: SectionState): void {
  const d = w.dice;
  const indent = d.weighted([
    [20, ''],
    [3, ' '],
    [2, '\t'],
    [1, '   '],
  ] as const);
  d.weighted<() => void>([
    [40, () => out.push(indent + extenLine(w, state))],
    [25, () => out.push(indent + sameLine(w, state))],
    [5, () => {
      state.includes++;
      out.push(indent + includeLine(w));
    }],
    [2, () => out.push(`${indent}ignorepat => ${d.pick(['9', '8', '_9.', '_X.', '9', '${PREFIX}'])}`)],
    [1, () => out.push(`${indent}${d.pick(['switch', 'lswitch', 'eswitch', 'Switch'])} => ${d.pick(['IAX2/user@host/ctx', 'DUNDi/e164', 'Loopback/${CTX}', 'Realtime/@', 'noslash'])}`)],
    [4, () => out.push(commentLine(w))],
    [2, () => out.push(trailingCommentLine(w, state))],
    [1.5, () => blockComment(w, out)],
    [1, () => out.push(oddLine(w))],
    [w.timedIncludes ? 0 : 0.3, () => out.push(d.pick(['exten => 100', 'exten => 15;,1,NoOp(cut)', 'exten => _1[2,1,NoOp(unclosed)']))],
    [0.5, () => out.push(`autohints = ${d.pick(['yes', 'no', 'true'])}`)],
    [0.6, () => out.push(`exten += ${d.pick([',x)', 'more data', ''])}`)],
    [0.4, () => out.push(longLine(w))],
  ])();
}

function extensionName(w: Writer): string {
  const d = w.dice;
  const name = d.weighted<() => string>([
    [20, () => String(d.int(100, 299))],
    [6, () => d.pick(['s', 'i', 't', 'h', 'a', 'o', 'e', 'T', 'fax', 'talk'])],
    [14, () => pattern(d)],
    [3, () => `*${d.int(1, 99)}`],
    [2, () => `${d.int(100, 999)}-${d.int(1000, 9999)}`],
    [1, () => `${d.int(1, 9)} ${d.int(10, 99)}`],
    [1, () => `+1555${d.int(1000000, 9999999)}`],
    [1, () => d.pick(['#', '*', '0', '00', '-', '9-9', '99', utf8('ä'), '\xe9', '1\t', '${PREFIX}00', '${X}', '_.', '_!', '', ' '])],
  ])();
  if (d.chance(0.07)) {
    const cid = d.pick(['5551234', '555-1234', '_555XXXX', '', '(555) 123', '100', '_X.', 'anonymous', '1.2.3', '_[2-9]-XX']);
    return `${name}/${cid}`;
  }
  return name;
}

function pattern(d: Dice): string {
  const tokens = d.int(1, 7);
  let p = '_';
  for (let i = 0; i < tokens; i++) {
    p += d.weighted<() => string>([
      [10, () => String(d.int(0, 9))],
      [8, () => d.pick(['X', 'N', 'Z'])],
      [1, () => d.pick(['x', 'n', 'z'])],
      [3, () => `[${d.pick(['1-5', '2-9', '0-9', '13', '1-3', 'a-z', '*#', '9-1', '', '12345', '-0', '0-', '1 2'])}]`],
      [1, () => d.pick(['-', '*', '#', '+'])],
    ])();
  }
  return p + d.weighted([
    [6, ''],
    [3, '.'],
    [1, '!'],
  ] as const);
}

function priorityField(w: Writer, state: SectionState, allowHint: boolean): { text: string; kind: PriorityKind } {
  const d = w.dice;
  // A failed lookup in a context with k includes logs 1 + (k-1)*512 lines: keep k small.
  const lookups = !w.timedIncludes && state.includes < 2;
  const options: Array<readonly [number, () => { text: string; kind: PriorityKind }]> = [
    [25, () => ({ text: '1', kind: 'plain' })],
    [30, () => ({ text: 'n', kind: 'plain' })],
    [4, () => ({ text: String(d.int(2, 12)), kind: 'plain' })],
    [3, () => ({ text: `n+${d.int(1, 3)}`, kind: 'plain' })],
    [6, () => {
      const label = d.pick(LABELS);
      w.labels.add(label);
      return { text: `${d.pick(['n', 'n', '1', String(d.int(2, 9))])}(${label})`, kind: 'plain' };
    }],
    [1, () => ({ text: d.pick(['s', 'same', 'next', '0', '-1', '2147483648', '99999999999', ' 2 ', '1x', 'n(unclosed', 'n()']), kind: 'plain' })],
  ];
  if (allowHint) options.push([4, () => ({ text: 'hint', kind: 'plain' })]);
  if (lookups) {
    options.push([1.2, () => ({ text: `${w.labels.size && d.chance(0.7) ? d.pick([...w.labels]) : d.pick(LABELS)}${d.pick(['+1', '+2', '', '+0'])}`, kind: 'lookup' })]);
    options.push([0.3, () => ({ text: d.pick(['N', 'Hint', 'bogus', '', '+1', 'n-1']), kind: 'lookup' })]);
  }
  return d.weighted(options)();
}

function application(w: Writer): string {
  const d = w.dice;
  const [app, datas] = d.pick(APPS);
  const data = d.pick(datas);
  return d.weighted<() => string>([
    [30, () => `${app}(${data})`],
    [4, () => (data ? `${app}(${data})` : app)],
    [2, () => `${app},${data}`],
    [1, () => `${app}(${data}`],
    [1, () => `${app}(${data})${d.pick([' trailing', ',20', ')'])}`],
    [1, () => `${app} (${data})`],
    [1, () => `${app}(${data.replace(/,/g, '|')}\\;${d.pick(['x', 'y'])})`],
    [0.5, () => `\${APP}(${data})`],
    [0.5, () => `Set(CALLERID(name)=${d.pick(['A', 'Smith'])}; ${d.pick(['B', 'John'])})`],
    [0.5, () => `NoOp("${d.pick(['a;b', 'x'])}")`],
    [0.5, () => ''],
  ])();
}

function hintValue(d: Dice): string {
  return d.pick(['PJSIP/${EXTEN}', 'PJSIP/100', 'SIP/100&SIP/101', 'Custom:DND100', 'PJSIP/200,CustomPresence:200', '${TRUNK}', 'park:701@parkedcalls', '', 'DAHDI/1(x)']);
}

function extenLine(w: Writer, state: SectionState): string {
  const d = w.dice;
  const name = state.lastExten && d.chance(0.35) ? state.lastExten : extensionName(w);
  state.lastExten = name;
  const prio = priorityField(w, state, true);
  const arrow = d.weighted([
    [20, ' => '],
    [3, '=>'],
    [2, ' = '],
    [0.3, ' = > '],
  ] as const);
  const keyword = d.weighted([
    [30, 'exten'],
    [1, 'Exten'],
    [0.5, 'EXTEN'],
  ] as const);
  const value = prio.text === 'hint' ? hintValue(d) : application(w);
  const sep = d.chance(0.05) ? d.pick([' , ', ',\t', ', ']) : ',';
  return `${keyword}${arrow}${name}${sep}${prio.text}${sep}${value}`;
}

function sameLine(w: Writer, state: SectionState): string {
  const d = w.dice;
  const prio = priorityField(w, state, false);
  const keyword = d.weighted([
    [30, 'same'],
    [1, 'Same'],
    [0.3, 'samething'],
  ] as const);
  return `${keyword} => ${prio.text},${application(w)}`;
}

function includeLine(w: Writer): string {
  const d = w.dice;
  const target = w.contexts.length && d.chance(0.8) ? d.pick(w.contexts) : d.pick(['nonexistent', 'from-internal-custom', ...w.templates, 'outbund']);
  const timed = w.timedIncludes && d.chance(0.4);
  const window = timed
    ? d.pick([
        ',08:00-17:00,mon-fri,*,*',
        '|08:00-17:00|mon-fri|*|*',
        ',*,*,25,dec',
        ',09:00-25:00,*,*,*',
        ',9-17,*,*,*',
        ',*,monday,*,*',
        ',*,*,*,*,Europe/Berlin',
        ',17:00-08:00,sat-sun,*,*',
      ])
    : '';
  return `${d.pick(['include', 'include', 'Include'])} => ${target}${window}`;
}

function trailingCommentLine(w: Writer, state: SectionState): string {
  const d = w.dice;
  const base = extenLine(w, state);
  return `${base}${d.pick(['\t', ' ', '   '])}${d.pick(['; note', ';-- note --;', ';--- banner ---;', '; caf\xe9', ';'])}`;
}

function blockComment(w: Writer, out: string[]): void {
  const d = w.dice;
  d.weighted<() => void>([
    [5, () => {
      out.push(d.pick([';--', ';-- disabled', ';-- old config:']));
      for (let i = d.int(0, 3); i > 0; i--) out.push(`exten => ${d.int(100, 999)},1,NoOp(commented out)`);
      out.push(d.pick(['--;', ' --;', '--; back']));
    }],
    [2, () => out.push(`exten => ${d.int(100, 999)},1,NoOp(a;--inline--;b)`)],
    [1, () => {
      // Opened and left for the section end to close (or not).
      if (w.commentDepth < 3) {
        out.push(';-- TODO');
        w.commentDepth++;
      }
    }],
    [0.5, () => {
      out.push(`exten => ${d.int(100, 999)},1,NoOp(stray close)--;`);
      w.commentDepth = STRAY;
    }],
    [0.5, () => {
      out.push(';--;'); // opens only: the `--` before the last `;` belongs to the opener
      if (w.commentDepth < STRAY) w.commentDepth++;
    }],
  ])();
}

function oddLine(w: Writer): string {
  const d = w.dice;
  return d.pick([
    'this line has no equals sign',
    '=> no name',
    '#exec /bin/echo hi',
    '#foo',
    '#include',
    'exten_typo => 1,1,NoOp()',
    'extension => 2,1,NoOp()',
    '\\exten => 3,1,NoOp(escaped)',
    '# shell comment',
    '// c comment',
    'exten => ,1,NoOp(empty name)',
    'same => 1',
  ]);
}

function longLine(w: Writer): string {
  const d = w.dice;
  const filler = 'abcdefghij'.repeat(d.int(5, 40));
  return `exten => ${d.int(100, 999)},1,NoOp(${filler})`;
}
