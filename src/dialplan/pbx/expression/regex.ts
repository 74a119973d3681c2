/**
 * POSIX extended regular expressions as glibc's regcomp(REG_EXTENDED) and
 * regexec(nmatch = 2) treat them in the C locale, for the `:` and `=~`
 * operators (op_colon, op_eqtilde), which report either the text of the
 * first parenthesised group or the length of the whole match.
 *
 * JavaScript's RegExp cannot stand in: its matches are leftmost-*first*
 * (`"abcd" : "(a|ab)(c|bcd)"` would stop after `abc`), its syntax differs
 * (`{`, `\<`, `[[:alpha:]]`, `a**`), and glibc's compile errors have their
 * own texts ("Invalid preceding regular expression", ...).
 *
 * What glibc does, and this module too:
 * - syntax RE_SYNTAX_POSIX_EXTENDED: anchors `^ $` anywhere, `* + ? {m,n}`
 *   invalid at the start of an expression, after `(` or `|`, and after an
 *   anchor; an unmatched `)` is an ordinary character; `\1`-`\9` are back
 *   references; GNU operators `\w \W \s \S \b \B \< \> \` \'`; any other
 *   `\c` is `c`; no escapes inside brackets; `{,n}` means `{0,n}`;
 *   `x{0}` vanishes; counts above RE_DUP_MAX (32767) are "too big";
 * - the error chosen for each malformed pattern is the one glibc's
 *   recursive-descent parser reaches first (parse_expression,
 *   parse_dup_op, parse_bracket_exp, in that order of checks);
 * - matching: the leftmost position where any match starts, and there the
 *   longest match (POSIX); the group is then taken from the first path, in
 *   preference order (left alternative first, repetitions greedy), that
 *   produces exactly that longest match, which is what glibc's set_regs
 *   walk over its sifted states yields (so `"abcd" : "a(b|bc)(c)?"` gives
 *   `b`, where a strict POSIX subexpression rule would give `bc`);
 * - characters of the C.UTF-8 locale Asterisk runs in (c-utf8.ts): `.`
 *   matches a whole UTF-8 character (offsets stay in bytes), classes and
 *   `\w` know non-ASCII letters, a bracket never matches a byte that is not
 *   part of a valid character (glibc masks its single-byte set to ASCII),
 *   and a range with a non-ASCII end is an "Invalid collation character";
 * - back references may name only groups closed before the alternative
 *   they appear in (glibc 2.43: `(a)|\1` is "Invalid back reference").
 */

import { CLASSES, decodeUnits, isWordCodePoint, unitAt, type Unit } from './c-utf8.js';

export interface RegexMatch {
  /** Offsets of the whole match and of group 1 (-1 when group 1 did not take part). */
  start: number;
  end: number;
  groupStart: number;
  groupEnd: number;
}

export type CompiledRegex = { error: string } | { groups: number; exec(subject: string): RegexMatch | null };

const MESSAGES = {
  BADPAT: 'Invalid regular expression',
  ECOLLATE: 'Invalid collation character',
  ECTYPE: 'Invalid character class name',
  EESCAPE: 'Trailing backslash',
  ESUBREG: 'Invalid back reference',
  EBRACK: 'Unmatched [, [^, [:, [., or [=',
  EPAREN: 'Unmatched ( or \\(',
  EBRACE: 'Unmatched \\{',
  BADBR: 'Invalid content of \\{\\}',
  ERANGE: 'Invalid range end',
  BADRPT: 'Invalid preceding regular expression',
  ESIZE: 'Regular expression too big',
} as const;

class RegexError extends Error {
  constructor(readonly code: keyof typeof MESSAGES) {
    super(MESSAGES[code]);
  }
}

const RE_DUP_MAX = 0x7fff;

type Assertion = 'bol' | 'eol' | 'word-delim' | 'not-word-delim' | 'word-first' | 'word-last' | 'buf-first' | 'buf-last';

type Node =
  | { t: 'set'; test: (u: Unit) => boolean }
  | { t: 'byte'; byte: number }
  | { t: 'assert'; kind: Assertion }
  | { t: 'group'; index: number; body: Node | null }
  | { t: 'backref'; index: number }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; left: Node | null; right: Node | null }
  | { t: 'rep'; body: Node; min: number; max: number };

type TokenType =
  | 'char'
  | 'alt'
  | 'star'
  | 'plus'
  | 'question'
  | 'open-dup'
  | 'close-dup'
  | 'open-group'
  | 'close-group'
  | 'open-bracket'
  | 'period'
  | 'anchor'
  | 'backref'
  | 'word'
  | 'not-word'
  | 'space'
  | 'not-space'
  | 'backslash'
  | 'end';

interface Token {
  type: TokenType;
  /** The byte (for `char`, and the character after `\` otherwise); a code point for a multibyte character. */
  c: number;
  /** A `char` that is a whole UTF-8 character of two or more bytes (or an invalid byte): its bytes. */
  bytes?: string;
  anchor?: Assertion;
  index?: number;
  length: number;
}

/** glibc's regcomp parser (regcomp.c), for the syntax bits of RE_SYNTAX_POSIX_EXTENDED. */
class Parser {
  private pos = 0;
  private token!: Token;
  groups = 0;
  /** Groups whose `)` has been seen (a back reference may only name those). */
  private completed = new Set<number>();

  constructor(private readonly p: string) {}

  parse(): Node | null {
    this.fetch();
    const tree = this.regExp(0);
    if (this.token.type !== 'end') throw new RegexError('EPAREN');
    return tree;
  }

  private peek(): Token {
    const p = this.p;
    if (this.pos >= p.length) return { type: 'end', c: 0, length: 0 };
    const c = p.charCodeAt(this.pos);
    if (c === 0x5c) {
      if (this.pos + 1 >= p.length) return { type: 'backslash', c, length: 1 };
      const c2 = p.charCodeAt(this.pos + 1);
      if (c2 >= 0x80) return { ...this.character(this.pos + 1), length: 1 + unitAt(p, this.pos + 1).length };
      const token: Token = { type: 'char', c: c2, length: 2 };
      const ch = String.fromCharCode(c2);
      if (ch >= '1' && ch <= '9') return { ...token, type: 'backref', index: c2 - 0x31 };
      const anchors: Record<string, Assertion> = { '<': 'word-first', '>': 'word-last', b: 'word-delim', B: 'not-word-delim', '`': 'buf-first', "'": 'buf-last' };
      if (anchors[ch]) return { ...token, type: 'anchor', anchor: anchors[ch] };
      const ops: Record<string, TokenType> = { w: 'word', W: 'not-word', s: 'space', S: 'not-space' };
      if (ops[ch]) return { ...token, type: ops[ch]! };
      return token;
    }
    const simple: Record<string, TokenType> = {
      '|': 'alt',
      '*': 'star',
      '+': 'plus',
      '?': 'question',
      '{': 'open-dup',
      '}': 'close-dup',
      '(': 'open-group',
      ')': 'close-group',
      '[': 'open-bracket',
      '.': 'period',
    };
    if (c >= 0x80) return this.character(this.pos);
    const ch = String.fromCharCode(c);
    if (ch === '^') return { type: 'anchor', anchor: 'bol', c, length: 1 };
    if (ch === '$') return { type: 'anchor', anchor: 'eol', c, length: 1 };
    return { type: simple[ch] ?? 'char', c, length: 1 };
  }

  /** A byte >= 0x80: a whole multibyte character (one atom), or an invalid byte. */
  private character(at: number): Token {
    const unit = unitAt(this.p, at);
    return { type: 'char', c: unit.cp, length: unit.length, bytes: this.p.slice(at, at + unit.length) };
  }

  private fetch(): void {
    this.token = this.peek();
    this.pos += this.token.length;
  }

  private atBranchEnd(nest: number): boolean {
    const t = this.token.type;
    return t === 'alt' || t === 'end' || (nest > 0 && t === 'close-group');
  }

  private regExp(nest: number): Node | null {
    // Each alternative sees only the groups closed before the alternation.
    const initial = new Set(this.completed);
    let tree = this.branch(nest);
    while (this.token.type === 'alt') {
      this.fetch();
      let branch: Node | null = null;
      if (!this.atBranchEnd(nest)) {
        const accumulated = this.completed;
        this.completed = new Set(initial);
        branch = this.branch(nest);
        for (const g of accumulated) this.completed.add(g);
      }
      tree = { t: 'alt', left: tree, right: branch };
    }
    return tree;
  }

  private branch(nest: number): Node | null {
    let tree = this.expression(nest);
    while (!this.atBranchEnd(nest)) {
      const next = this.expression(nest);
      if (tree && next) tree = { t: 'cat', items: [tree, next] };
      else tree ??= next;
    }
    return tree;
  }

  private expression(nest: number): Node | null {
    const token = this.token;
    let tree: Node | null;
    switch (token.type) {
      case 'char':
        tree = literal(token.bytes ?? String.fromCharCode(token.c));
        break;
      case 'open-group':
        tree = this.subExpression(nest + 1);
        break;
      case 'open-bracket':
        tree = this.bracket();
        break;
      case 'backref':
        if (!this.completed.has(token.index!)) throw new RegexError('ESUBREG');
        tree = { t: 'backref', index: token.index! };
        break;
      case 'open-dup':
      case 'star':
      case 'plus':
      case 'question':
        // RE_CONTEXT_INVALID_OPS: nothing to repeat.
        throw new RegexError('BADRPT');
      case 'close-group':
      case 'close-dup':
        // RE_UNMATCHED_RIGHT_PAREN_ORD: an ordinary character.
        tree = literal(String.fromCharCode(token.c));
        break;
      case 'anchor':
        tree = { t: 'assert', kind: token.anchor! };
        // An anchor cannot be repeated: `^*` reads `*` as a new expression.
        this.fetch();
        return tree;
      case 'period':
        tree = { t: 'set', test: (u) => u.valid };
        break;
      case 'word':
      case 'not-word':
        tree = { t: 'set', test: (u) => u.valid && isWordCodePoint(u.cp) !== (token.type === 'not-word') };
        break;
      case 'space':
      case 'not-space':
        tree = { t: 'set', test: (u) => u.valid && CLASSES.space!(u.cp) !== (token.type === 'not-space') };
        break;
      case 'alt':
      case 'end':
        return null;
      case 'backslash':
        throw new RegexError('EESCAPE');
    }
    this.fetch();
    while (this.token.type === 'star' || this.token.type === 'plus' || this.token.type === 'question' || this.token.type === 'open-dup') {
      tree = this.duplication(tree);
    }
    return tree;
  }

  private subExpression(nest: number): Node {
    const index = this.groups++;
    this.fetch();
    let body: Node | null = null;
    if (this.token.type !== 'close-group') {
      body = this.regExp(nest);
      if ((this.token as Token).type !== 'close-group') throw new RegexError('EPAREN');
    }
    this.completed.add(index);
    return { t: 'group', index, body };
  }

  /** parse_dup_op; `{` counts are read token by token (fetch_number). */
  private duplication(elem: Node | null): Node | null {
    const token = this.token;
    let min: number;
    let max: number;
    if (token.type === 'open-dup') {
      let start = this.number();
      let end = 0;
      if (start === -1) {
        if (this.token.type === 'char' && this.token.c === 0x2c) start = 0;
        else throw new RegexError('BADBR');
      }
      if (start !== -2) {
        end = this.token.type === 'close-dup' ? start : this.token.type === 'char' && this.token.c === 0x2c ? this.number() : -2;
      }
      if (start === -2 || end === -2) throw new RegexError(this.token.type === 'end' ? 'EBRACE' : 'BADBR');
      if ((end !== -1 && start > end) || this.token.type !== 'close-dup') throw new RegexError('BADBR');
      if ((end === -1 ? start : end) > RE_DUP_MAX) throw new RegexError('ESIZE');
      min = start;
      max = end;
    } else {
      min = token.type === 'plus' ? 1 : 0;
      max = token.type === 'question' ? 1 : -1;
    }
    this.fetch();
    if (elem === null) return null;
    if (min === 0 && max === 0) return null;
    return { t: 'rep', body: elem, min, max };
  }

  /** fetch_number: -1 for no digits, -2 for anything invalid (or the end of the pattern). */
  private number(): number {
    let n = -1;
    for (;;) {
      this.fetch();
      const t = this.token;
      if (t.type === 'end') return -2;
      if (t.type === 'close-dup' || t.c === 0x2c) break;
      n = t.type !== 'char' || t.c < 0x30 || t.c > 0x39 || n === -2 ? -2 : n === -1 ? t.c - 0x30 : Math.min(RE_DUP_MAX + 1, n * 10 + t.c - 0x30);
    }
    return n;
  }

  // Bracket expressions: peek_token_bracket, parse_bracket_element, parse_bracket_symbol.
  private peekBracket(): { type: 'end' | 'char' | 'range' | 'close' | 'not' | 'coll' | 'equiv' | 'class'; c: number; length: number } {
    const p = this.p;
    if (this.pos >= p.length) return { type: 'end', c: 0, length: 0 };
    const c = p.charCodeAt(this.pos);
    if (c === 0x5b) {
      const c2 = this.pos + 1 < p.length ? p.charCodeAt(this.pos + 1) : 0;
      if (c2 === 0x2e) return { type: 'coll', c: c2, length: 2 };
      if (c2 === 0x3d) return { type: 'equiv', c: c2, length: 2 };
      if (c2 === 0x3a) return { type: 'class', c: c2, length: 2 };
      return { type: 'char', c, length: 1 };
    }
    if (c === 0x2d) return { type: 'range', c, length: 1 };
    if (c === 0x5d) return { type: 'close', c, length: 1 };
    if (c === 0x5e) return { type: 'not', c, length: 1 };
    return { type: 'char', c, length: 1 };
  }

  private bracketElement(
    token: ReturnType<Parser['peekBracket']>,
    acceptHyphen: boolean,
  ): { kind: 'char' | 'multibyte'; c: number } | { kind: 'coll' | 'equiv' | 'class'; name: string } {
    if (token.type === 'char') {
      const unit = unitAt(this.p, this.pos);
      if (unit.valid && unit.length > 1) {
        this.pos += unit.length;
        return { kind: 'multibyte', c: unit.cp };
      }
    }
    this.pos += token.length;
    if (token.type === 'coll' || token.type === 'equiv' || token.type === 'class') {
      const delim = token.c;
      let name = '';
      if (this.pos >= this.p.length) throw new RegexError('EBRACK');
      for (let i = 0; ; i++) {
        if (i >= 32) throw new RegexError('EBRACK');
        const ch = this.p.charCodeAt(this.pos++);
        if (this.pos >= this.p.length) throw new RegexError('EBRACK');
        if (ch === delim && this.p.charCodeAt(this.pos) === 0x5d) break;
        name += String.fromCharCode(ch);
      }
      this.pos++;
      return { kind: token.type, name };
    }
    if (token.type === 'range' && !acceptHyphen) {
      if (this.peekBracket().type !== 'close') throw new RegexError('ERANGE');
    }
    return { kind: 'char', c: token.c };
  }

  private bracket(): Node {
    // Single bytes (only ASCII ever matches: glibc masks the set with its
    // single-byte characters), multibyte characters, classes.
    const ascii = new Uint8Array(128);
    const wide = new Set<number>();
    const classes: Array<(cp: number) => boolean> = [];
    const addByte = (c: number) => {
      if (c < 0x80) ascii[c] = 1;
    };
    let token = this.peekBracket();
    if (token.type === 'end') throw new RegexError('BADPAT');
    let negate = false;
    if (token.type === 'not') {
      negate = true;
      this.pos += token.length;
      token = this.peekBracket();
      if (token.type === 'end') throw new RegexError('BADPAT');
    }
    if (token.type === 'close') token = { ...token, type: 'char' };
    let first = true;
    for (;;) {
      const start = this.bracketElement(token, first);
      first = false;
      token = this.peekBracket();
      let range = false;
      let token2: ReturnType<Parser['peekBracket']> | undefined;
      if (start.kind !== 'class' && start.kind !== 'equiv') {
        if (token.type === 'end') throw new RegexError('EBRACK');
        if (token.type === 'range') {
          this.pos += token.length;
          token2 = this.peekBracket();
          if (token2.type === 'end') throw new RegexError('EBRACK');
          if (token2.type === 'close') {
            // A final `-` is an ordinary character.
            this.pos -= token.length;
            token = { ...token, type: 'char' };
          } else {
            range = true;
          }
        }
      }
      if (range) {
        const end = this.bracketElement(token2!, true);
        token = this.peekBracket();
        if (start.kind === 'equiv' || start.kind === 'class' || end.kind === 'equiv' || end.kind === 'class') throw new RegexError('ERANGE');
        // A range with a multibyte end has no collation order here.
        if (start.kind === 'multibyte' || end.kind === 'multibyte') throw new RegexError('ECOLLATE');
        const from = 'c' in start ? start.c : symbolByte(start.name);
        const to = 'c' in end ? end.c : symbolByte(end.name);
        if (from > to) throw new RegexError('ERANGE');
        for (let c = from; c <= to; c++) addByte(c);
      } else if (start.kind === 'char') {
        addByte(start.c);
      } else if (start.kind === 'multibyte') {
        wide.add(start.c);
      } else if (start.kind === 'class') {
        const test = CLASSES[start.name];
        if (!test) throw new RegexError('ECTYPE');
        for (let c = 0; c < 0x80; c++) if (test(c)) ascii[c] = 1;
        classes.push(test);
      } else if ('name' in start) {
        // [=x=] and [.x.]: only single-byte names.
        addByte(symbolByte(start.name));
      }
      if (token.type === 'end') throw new RegexError('EBRACK');
      if (token.type === 'close') break;
    }
    this.pos += token.length;
    ascii[0] = negate ? 1 : 0;
    return {
      t: 'set',
      test: (u) => u.valid && (u.cp < 0x80 ? ascii[u.cp] === 1 : wide.has(u.cp) || classes.some((test) => test(u.cp))) !== negate,
    };
  }
}

function symbolByte(name: string): number {
  if (name.length !== 1) throw new RegexError('ECOLLATE');
  return name.charCodeAt(0);
}

/**
 * A literal character: its bytes, matched byte by byte as glibc does (so a
 * lone lead byte in the pattern matches the first byte of a character),
 * one atom for the repetition operators.
 */
function literal(bytes: string): Node {
  const items: Node[] = [...bytes].map((b) => ({ t: 'byte', byte: b.charCodeAt(0) }));
  return items.length === 1 ? items[0]! : { t: 'cat', items };
}

// The compiled program: a small NFA whose split instructions list the preferred branch first.
type Instruction =
  | { op: 'set'; test: (u: Unit) => boolean; next: number }
  | { op: 'byte'; byte: number; next: number }
  | { op: 'split'; first: number; second: number }
  | { op: 'save'; slot: number; next: number }
  | { op: 'assert'; kind: Assertion; next: number }
  | { op: 'backref'; index: number; next: number }
  | { op: 'match' };

class Compiler {
  readonly code: Instruction[] = [];

  private emit(instruction: Instruction): number {
    this.code.push(instruction);
    return this.code.length - 1;
  }

  /** Compiles `node` so that it continues at `next`; returns its entry. */
  compile(node: Node | null, next: number): number {
    if (node === null) return next;
    switch (node.t) {
      case 'set':
        return this.emit({ op: 'set', test: node.test, next });
      case 'byte':
        return this.emit({ op: 'byte', byte: node.byte, next });
      case 'assert':
        return this.emit({ op: 'assert', kind: node.kind, next });
      case 'backref':
        return this.emit({ op: 'backref', index: node.index, next });
      case 'group': {
        const close = this.emit({ op: 'save', slot: node.index * 2 + 1, next });
        const body = this.compile(node.body, close);
        return this.emit({ op: 'save', slot: node.index * 2, next: body });
      }
      case 'cat': {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) entry = this.compile(node.items[i]!, entry);
        return entry;
      }
      case 'alt': {
        const right = this.compile(node.right, next);
        const left = this.compile(node.left, next);
        return this.emit({ op: 'split', first: left, second: right });
      }
      case 'rep': {
        // x{min,max}: min copies, then max - min optional ones (or a loop).
        let entry = next;
        if (node.max === -1) {
          const loop = this.emit({ op: 'split', first: -1, second: next });
          const body = this.compile(node.body, loop);
          (this.code[loop] as { first: number }).first = body;
          entry = loop;
        } else {
          for (let i = node.min; i < node.max; i++) {
            const body = this.compile(node.body, entry);
            entry = this.emit({ op: 'split', first: body, second: next });
          }
        }
        for (let i = 0; i < node.min; i++) entry = this.compile(node.body, entry);
        return entry;
      }
    }
  }
}

export function compileRegex(pattern: string): CompiledRegex {
  let tree: Node | null;
  const parser = new Parser(pattern);
  try {
    tree = parser.parse();
  } catch (e) {
    if (e instanceof RegexError) return { error: e.message };
    throw e;
  }
  const compiler = new Compiler();
  const match = compiler.code.length;
  compiler.code.push({ op: 'match' });
  const entry = compiler.compile(tree, match);
  const matcher = new Matcher(compiler.code, entry, parser.groups, hasBackref(tree));
  return { groups: parser.groups, exec: (subject) => matcher.exec(subject) };
}

function hasBackref(node: Node | null): boolean {
  if (!node) return false;
  switch (node.t) {
    case 'backref':
      return true;
    case 'group':
      return hasBackref(node.body);
    case 'cat':
      return node.items.some(hasBackref);
    case 'alt':
      return hasBackref(node.left) || hasBackref(node.right);
    case 'rep':
      return hasBackref(node.body);
    default:
      return false;
  }
}

/** Bounds the work on pathological patterns (the searches are exponential only with back references). */
const STEP_LIMIT = 2_000_000;

/**
 * The subject: positions are byte offsets; `starting[i]` is the character
 * that starts at byte i (undefined inside a multibyte character), and
 * `covering[i]` the one byte i belongs to.
 */
interface Subject {
  text: string;
  starting: Array<Unit | undefined>;
  covering: Unit[];
  length: number;
}

class Matcher {
  constructor(
    private readonly code: Instruction[],
    private readonly entry: number,
    private readonly groups: number,
    private readonly backrefs: boolean,
  ) {}

  exec(text: string): RegexMatch | null {
    const starting = new Array<Unit | undefined>(text.length);
    const covering: Unit[] = [];
    for (const unit of decodeUnits(text)) {
      starting[unit.start] = unit;
      for (let k = 0; k < unit.length; k++) covering.push(unit);
    }
    const s: Subject = { text, starting, covering, length: text.length };
    for (let start = 0; start <= s.length; start++) {
      const end = this.backrefs ? this.longestByBacktracking(s, start) : this.longest(s, start);
      if (end < 0) continue;
      const slots = this.firstPath(s, start, end);
      return { start, end, groupStart: slots?.[0] ?? -1, groupEnd: slots?.[1] ?? -1 };
    }
    return null;
  }

  /** Word tests read the characters around the position (an invalid byte as the code point of its value: 0xE9 is a letter). */
  private holds(kind: Assertion, s: Subject, pos: number): boolean {
    const before = pos > 0 && isWordCodePoint(s.covering[pos - 1]!.cp);
    const after = pos < s.length && isWordCodePoint(s.covering[pos]!.cp);
    switch (kind) {
      case 'bol':
      case 'buf-first':
        return pos === 0;
      case 'eol':
      case 'buf-last':
        return pos === s.length;
      case 'word-delim':
        return before !== after;
      case 'not-word-delim':
        return before === after;
      case 'word-first':
        return !before && after;
      case 'word-last':
        return before && !after;
    }
  }

  /** The end of the longest match starting at `start` (a set simulation over byte positions), or -1. */
  private longest(s: Subject, start: number): number {
    const pending = new Map<number, number[]>([[start, [this.entry]]]);
    let best = -1;
    for (let pos = start; pos <= s.length && pending.size > 0; pos++) {
      const seeds = pending.get(pos);
      if (!seeds) continue;
      pending.delete(pos);
      const add = (at: number, pc: number) => {
        const list = pending.get(at);
        if (list) list.push(pc);
        else pending.set(at, [pc]);
      };
      for (const pc of this.closure(seeds, s, pos)) {
        const ins = this.code[pc]!;
        if (ins.op === 'match') best = pos;
        else if (ins.op === 'byte' && pos < s.length && s.text.charCodeAt(pos) === ins.byte) add(pos + 1, ins.next);
        else if (ins.op === 'set') {
          const u = s.starting[pos];
          if (u && ins.test(u)) add(pos + u.length, ins.next);
        }
      }
    }
    return best;
  }

  private closure(seeds: number[], s: Subject, pos: number): number[] {
    const seen = new Set<number>();
    const out: number[] = [];
    const stack = [...seeds];
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen.has(pc)) continue;
      seen.add(pc);
      const ins = this.code[pc]!;
      switch (ins.op) {
        case 'split':
          stack.push(ins.second, ins.first);
          break;
        case 'save':
          stack.push(ins.next);
          break;
        case 'assert':
          if (this.holds(ins.kind, s, pos)) stack.push(ins.next);
          break;
        default:
          out.push(pc);
      }
    }
    return out;
  }

  /**
   * The first path in preference order from `start` that ends exactly at
   * `end`: group 1's slots, or null when no such path exists.
   */
  private firstPath(s: Subject, start: number, end: number): [number, number] | null {
    const slots = this.walk(s, start, end, (pos) => pos === end);
    if (!slots) return null;
    return this.groups > 0 ? [slots[0]!, slots[1]!] : [-1, -1];
  }

  /** With back references: every path from `start`, keeping the furthest end. */
  private longestByBacktracking(s: Subject, start: number): number {
    let best = -1;
    this.walk(s, start, s.length, (pos) => {
      best = Math.max(best, pos);
      return false;
    });
    return best;
  }

  /**
   * A depth-first walk over the paths from `start` in preference order,
   * consuming at most up to `limit`, until `accept` takes a match position;
   * returns the slots of that path. Without back references, failed
   * (instruction, position) pairs are remembered (the future does not
   * depend on the path). An instruction met again at the same position on
   * the current path ends that path, except that a loop whose body was
   * already entered there is left by its exit, as glibc's eps_via_nodes
   * check does (so `(a*)*` on "" sets the group to the empty string once).
   */
  private walk(s: Subject, start: number, limit: number, accept: (pos: number) => boolean): number[] | null {
    const dead = this.backrefs ? undefined : new Set<number>();
    const width = s.length + 1;
    const slots = new Array<number>(this.groups * 2).fill(-1);
    const onPath = new Set<number>();
    let steps = 0;
    const run = (pc: number, pos: number): boolean => {
      const key = pc * width + pos;
      const ins = this.code[pc]!;
      if (onPath.has(key)) return ins.op === 'split' && onPath.has(ins.first * width + pos) && run(ins.second, pos);
      if (dead?.has(key) || ++steps > STEP_LIMIT) return false;
      let ok = false;
      onPath.add(key);
      switch (ins.op) {
        case 'match':
          ok = accept(pos);
          break;
        case 'set': {
          const u = s.starting[pos];
          ok = u !== undefined && pos + u.length <= limit && ins.test(u) && run(ins.next, pos + u.length);
          break;
        }
        case 'byte':
          ok = pos < limit && s.text.charCodeAt(pos) === ins.byte && run(ins.next, pos + 1);
          break;
        case 'split':
          ok = run(ins.first, pos) || run(ins.second, pos);
          break;
        case 'assert':
          ok = this.holds(ins.kind, s, pos) && run(ins.next, pos);
          break;
        case 'save': {
          const old = slots[ins.slot]!;
          slots[ins.slot] = pos;
          ok = run(ins.next, pos);
          if (!ok) slots[ins.slot] = old;
          break;
        }
        case 'backref': {
          const from = slots[ins.index * 2]!;
          const to = slots[ins.index * 2 + 1]!;
          if (from < 0 || to < 0) break;
          const bytes = s.text.slice(from, to);
          ok = pos + bytes.length <= limit && s.text.startsWith(bytes, pos) && run(ins.next, pos + bytes.length);
          break;
        }
      }
      onPath.delete(key);
      if (!ok) dead?.add(key);
      return ok;
    };
    return run(this.entry, start) ? slots : null;
  }
}
