/**
 * An LALR(1) table builder that makes the decisions GNU Bison (2.4.1, the
 * version that generated Asterisk's expression parser) makes, so a parser
 * driven by these tables detects a syntax error in the same state, with the
 * same lookahead, after the same reductions, and can list the same
 * "expecting" tokens as bison's verbose error message.
 *
 * The steps, each as bison does it:
 * - the grammar is augmented with rule 0, `$accept: start $end`;
 * - LR(0) item sets (the canonical collection), then LALR(1) lookaheads by
 *   the spontaneous/propagated method (same sets as bison's DeRemer and
 *   Pennello computation: both compute LALR(1));
 * - shift/reduce conflicts resolved by precedence: a rule has the
 *   precedence of its `%prec` token or else of its last terminal (even if
 *   that one has none); higher token precedence shifts, lower reduces,
 *   equal: left reduces, right shifts, nonassoc makes the token an error;
 *   no precedence on either side shifts; reduce/reduce keeps the earlier
 *   rule;
 * - default reductions (bison before 2.5 always used them): a state with
 *   only one reduction and no shift on a terminal reduces without looking
 *   ahead; otherwise the reduction used for the most lookahead tokens
 *   (the first such one on ties) becomes the state's default and its
 *   entries leave the explicit action row;
 * - the verbose error lists the tokens of the explicit action row of the
 *   state the error is noticed in, in token-number order.
 */

export interface Grammar<A> {
  /** Terminal names in token-number order; `$end` must be number 0. */
  terminals: readonly string[];
  /** Nonterminal names; the first is the augmented start symbol (`$accept`). */
  nonterminals: readonly string[];
  /** Bison's `error` token (never shifted here: the grammar has no error rules). */
  errorToken?: string;
  /** Precedence levels, lowest first. */
  precedence: ReadonlyArray<{ assoc: 'left' | 'right' | 'nonassoc'; tokens: readonly string[] }>;
  start: string;
  /** Rules 1..n (rule 0, `$accept: start $end`, is added). */
  rules: ReadonlyArray<{ lhs: string; rhs: readonly string[]; prec?: string; action: A }>;
}

export type ParserAction = { kind: 'shift'; state: number } | { kind: 'reduce'; rule: number } | { kind: 'error' };

export interface Rule<A> {
  /** Nonterminal index (0 = `$accept`). */
  lhs: number;
  length: number;
  action: A | undefined;
}

export interface ParseTables<A> {
  terminals: readonly string[];
  rules: readonly Rule<A>[];
  /** Explicit actions per state (token number → action). */
  actions: ReadonlyArray<ReadonlyMap<number, ParserAction>>;
  /** Default reduction per state, or -1 (then a token without explicit action is an error). */
  defaultReduction: Int32Array;
  /** States whose only action is the default reduction: the parser reduces without reading a token. */
  lookaheadFree: Uint8Array;
  /** Goto per state (nonterminal index → state). */
  gotos: ReadonlyArray<ReadonlyMap<number, number>>;
  /** Reaching this state accepts the input (after shifting `$end`). */
  finalState: number;
}

interface Item {
  rule: number;
  dot: number;
}

export function buildTables<A>(grammar: Grammar<A>): ParseTables<A> {
  const T = grammar.terminals.length;
  const symbolIndex = new Map<string, number>();
  grammar.terminals.forEach((name, i) => symbolIndex.set(name, i));
  grammar.nonterminals.forEach((name, i) => symbolIndex.set(name, T + i));
  const sym = (name: string): number => {
    const index = symbolIndex.get(name);
    if (index === undefined) throw new Error(`unknown grammar symbol ${name}`);
    return index;
  };
  const isTerminal = (s: number) => s < T;

  // Rules as symbol arrays; rule 0 is the augmented start rule.
  const rules: Array<{ lhs: number; rhs: number[]; prec: number; assoc: string | undefined; action: A | undefined }> = [];
  const tokenPrec = new Map<number, { level: number; assoc: string }>();
  grammar.precedence.forEach((line, level) => line.tokens.forEach((t) => tokenPrec.set(sym(t), { level: level + 1, assoc: line.assoc })));
  rules.push({ lhs: T, rhs: [sym(grammar.start), 0], prec: 0, assoc: undefined, action: undefined });
  for (const rule of grammar.rules) {
    const rhs = rule.rhs.map(sym);
    let precToken: number | undefined;
    if (rule.prec !== undefined) precToken = sym(rule.prec);
    else for (const s of rhs) if (isTerminal(s)) precToken = s;
    const p = precToken === undefined ? undefined : tokenPrec.get(precToken);
    rules.push({ lhs: sym(rule.lhs), rhs, prec: p?.level ?? 0, assoc: p?.assoc, action: rule.action });
  }
  const rulesOf = new Map<number, number[]>();
  rules.forEach((r, i) => {
    const list = rulesOf.get(r.lhs) ?? [];
    list.push(i);
    rulesOf.set(r.lhs, list);
  });

  // Nullable nonterminals and FIRST sets (terminals only).
  const nullable = new Set<number>();
  const first = new Map<number, Set<number>>();
  for (let s = T; s < T + grammar.nonterminals.length; s++) first.set(s, new Set());
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of rules) {
      const set = first.get(r.lhs)!;
      let allNullable = true;
      for (const s of r.rhs) {
        if (isTerminal(s)) {
          if (!set.has(s)) (set.add(s), (changed = true));
          allNullable = false;
          break;
        }
        for (const t of first.get(s)!) if (!set.has(t)) (set.add(t), (changed = true));
        if (!nullable.has(s)) {
          allNullable = false;
          break;
        }
      }
      if (allNullable && !nullable.has(r.lhs)) (nullable.add(r.lhs), (changed = true));
    }
  }
  /** FIRST of a symbol string followed by `after` (a terminal or the propagation marker -1). */
  const firstOf = (symbols: number[], after: number): Set<number> => {
    const out = new Set<number>();
    for (const s of symbols) {
      if (isTerminal(s)) {
        out.add(s);
        return out;
      }
      for (const t of first.get(s)!) out.add(t);
      if (!nullable.has(s)) return out;
    }
    out.add(after);
    return out;
  };

  const key = (items: Item[]) =>
    items
      .map((i) => `${i.rule}.${i.dot}`)
      .sort()
      .join(' ');
  const closure0 = (kernel: Item[]): Item[] => {
    const out = [...kernel];
    const seen = new Set(out.map((i) => `${i.rule}.${i.dot}`));
    for (let k = 0; k < out.length; k++) {
      const { rule, dot } = out[k]!;
      const next = rules[rule]!.rhs[dot];
      if (next === undefined || isTerminal(next)) continue;
      for (const r of rulesOf.get(next) ?? []) {
        const id = `${r}.0`;
        if (!seen.has(id)) (seen.add(id), out.push({ rule: r, dot: 0 }));
      }
    }
    return out;
  };

  // The LR(0) canonical collection; transitions in increasing symbol order.
  const kernels: Item[][] = [[{ rule: 0, dot: 0 }]];
  const stateOfKernel = new Map<string, number>([[key(kernels[0]!), 0]]);
  const transitions: Array<Map<number, number>> = [];
  for (let s = 0; s < kernels.length; s++) {
    const items = closure0(kernels[s]!);
    const bySymbol = new Map<number, Item[]>();
    for (const { rule, dot } of items) {
      const next = rules[rule]!.rhs[dot];
      if (next === undefined) continue;
      const list = bySymbol.get(next) ?? [];
      list.push({ rule, dot: dot + 1 });
      bySymbol.set(next, list);
    }
    const map = new Map<number, number>();
    for (const symbol of [...bySymbol.keys()].sort((a, b) => a - b)) {
      const kernel = bySymbol.get(symbol)!;
      const k = key(kernel);
      let target = stateOfKernel.get(k);
      if (target === undefined) {
        target = kernels.length;
        kernels.push(kernel);
        stateOfKernel.set(k, target);
      }
      map.set(symbol, target);
    }
    transitions.push(map);
  }

  // LALR(1) lookaheads of kernel items: spontaneous generation and propagation.
  const itemId = (state: number, item: Item) => `${state}:${item.rule}.${item.dot}`;
  const lookaheads = new Map<string, Set<number>>();
  const propagate = new Map<string, string[]>();
  kernels.forEach((kernel, s) => kernel.forEach((item) => lookaheads.set(itemId(s, item), new Set())));
  // `$accept: . start $end` itself is never reduced; $end seeds the closure.
  lookaheads.get(itemId(0, kernels[0]![0]!))!.add(0);
  const MARK = -1;
  const closure1 = (seed: Array<{ item: Item; la: Set<number> }>) => {
    const table = new Map<string, { item: Item; la: Set<number> }>();
    const work: string[] = [];
    for (const { item, la } of seed) {
      const id = `${item.rule}.${item.dot}`;
      const entry = table.get(id);
      if (entry) for (const t of la) entry.la.add(t);
      else table.set(id, { item, la: new Set(la) });
      work.push(id);
    }
    while (work.length > 0) {
      const { item, la } = table.get(work.pop()!)!;
      const rhs = rules[item.rule]!.rhs;
      const next = rhs[item.dot];
      if (next === undefined || isTerminal(next)) continue;
      const rest = rhs.slice(item.dot + 1);
      const add = new Set<number>();
      for (const a of la) for (const t of firstOf(rest, a)) add.add(t);
      for (const r of rulesOf.get(next) ?? []) {
        const id = `${r}.0`;
        let entry = table.get(id);
        if (!entry) {
          entry = { item: { rule: r, dot: 0 }, la: new Set() };
          table.set(id, entry);
        }
        let grew = false;
        for (const t of add) if (!entry.la.has(t)) (entry.la.add(t), (grew = true));
        if (grew) work.push(id);
      }
    }
    return [...table.values()];
  };
  kernels.forEach((kernel, s) => {
    for (const k of kernel) {
      for (const { item, la } of closure1([{ item: k, la: new Set([MARK]) }])) {
        const next = rules[item.rule]!.rhs[item.dot];
        if (next === undefined) continue;
        const target = transitions[s]!.get(next)!;
        const to = itemId(target, { rule: item.rule, dot: item.dot + 1 });
        for (const t of la) {
          if (t === MARK) propagate.set(itemId(s, k), [...(propagate.get(itemId(s, k)) ?? []), to]);
          else lookaheads.get(to)!.add(t);
        }
      }
    }
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const [from, targets] of propagate) {
      const source = lookaheads.get(from)!;
      for (const to of targets) {
        const target = lookaheads.get(to)!;
        for (const t of source) if (!target.has(t)) (target.add(t), (changed = true));
      }
    }
  }

  // Actions with conflicts resolved, then default reductions.
  const actions: Array<Map<number, ParserAction>> = [];
  const defaultReduction = new Int32Array(kernels.length).fill(-1);
  const lookaheadFree = new Uint8Array(kernels.length);
  const gotos: Array<Map<number, number>> = [];
  let finalState = -1;
  kernels.forEach((kernel, s) => {
    const row = new Map<number, ParserAction>();
    const go = new Map<number, number>();
    let shiftsTerminal = false;
    for (const [symbol, target] of transitions[s]!) {
      if (isTerminal(symbol)) {
        row.set(symbol, { kind: 'shift', state: target });
        shiftsTerminal = true;
        if (symbol === 0) finalState = target;
      } else {
        go.set(symbol, target);
      }
    }
    const reductions: Array<{ rule: number; la: Set<number> }> = [];
    for (const { item, la } of closure1(kernel.map((item) => ({ item, la: lookaheads.get(itemId(s, item))! })))) {
      if (item.dot === rules[item.rule]!.rhs.length && item.rule !== 0) reductions.push({ rule: item.rule, la });
    }
    reductions.sort((a, b) => a.rule - b.rule);
    for (const { rule, la } of reductions) {
      const r = rules[rule]!;
      for (const t of [...la].sort((a, b) => a - b)) {
        const existing = row.get(t);
        if (existing === undefined) {
          row.set(t, { kind: 'reduce', rule });
        } else if (existing.kind === 'shift') {
          const tp = tokenPrec.get(t);
          if (!tp || !r.prec) continue; // unresolved: bison shifts
          if (tp.level > r.prec) continue;
          if (tp.level < r.prec || tp.assoc === 'left') row.set(t, { kind: 'reduce', rule });
          else if (tp.assoc === 'nonassoc') row.set(t, { kind: 'error' });
          // right: keep the shift
        }
        // reduce/reduce: the earlier rule (already there) wins; an explicit error stays
      }
    }
    const consistent = reductions.length === 1 && !shiftsTerminal;
    const shiftsError = grammar.errorToken !== undefined && row.get(sym(grammar.errorToken))?.kind === 'shift';
    if (reductions.length > 0 && !shiftsError) {
      let chosen = -1;
      if (consistent) {
        chosen = reductions[0]!.rule;
      } else {
        let max = 0;
        for (const { rule } of reductions) {
          let count = 0;
          for (const action of row.values()) if (action.kind === 'reduce' && action.rule === rule) count++;
          if (count > max) {
            max = count;
            chosen = rule;
          }
        }
      }
      if (chosen >= 0) {
        defaultReduction[s] = chosen;
        for (const [t, action] of [...row]) if (action.kind === 'reduce' && action.rule === chosen) row.delete(t);
      }
    }
    if (defaultReduction[s]! < 0) for (const [t, action] of [...row]) if (action.kind === 'error') row.delete(t);
    if (row.size === 0 && defaultReduction[s]! >= 0) lookaheadFree[s] = 1;
    actions.push(row);
    gotos.push(go);
  });

  return {
    terminals: grammar.terminals,
    rules: rules.map((r) => ({ lhs: r.lhs - T, length: r.rhs.length, action: r.action })),
    actions,
    defaultReduction,
    lookaheadFree,
    gotos: gotos.map((g) => new Map([...g].map(([s, to]) => [s - T, to]))),
    finalState,
  };
}

/**
 * Bison 2.4.1's verbose message for an unexpected token in `state`:
 * "syntax error, unexpected X", then ", expecting A or B ..." when the
 * state's explicit action row names at most four tokens (the error token
 * excluded); with five or more only the unexpected token is named.
 */
export function syntaxErrorMessage(tables: ParseTables<unknown>, state: number, token: number, errorToken = 1): string {
  const row = tables.actions[state]!;
  let message = `syntax error, unexpected ${tables.terminals[token]}`;
  if (row.size === 0) return 'syntax error';
  const expected = [...row.keys()].filter((t) => t !== errorToken).sort((a, b) => a - b);
  if (expected.length >= 1 && expected.length <= 4) message += `, expecting ${expected.map((t) => tables.terminals[t]).join(' or ')}`;
  return message;
}
