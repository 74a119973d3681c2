import type { Grammar } from './lalr.js';

/**
 * The grammar of Asterisk's `$[...]` expressions (main/ast_expr2.y), as data
 * for the LALR(1) table builder in lalr.ts.
 *
 * Why tables and not a hand-written or Chevrotain parser: Asterisk reports
 * a malformed expression with bison's verbose message, "syntax error,
 * unexpected X, expecting A or B", and both the state in which the error is
 * noticed and the expected tokens listed come from bison's LALR(1) tables
 * with their default reductions (which reduce before the error is seen, so
 * `1 2` is noticed only after `start: expr` was reduced: "unexpected
 * '<token>', expecting $end"). Building the same automaton from the same
 * grammar gives the same messages for every input, and runs the semantic
 * actions (which log warnings such as "division by zero") in the same order
 * relative to the error.
 *
 * Terminal numbers are those of the parser Asterisk 22 ships
 * (main/ast_expr2.c, bison 2.4.1): bison numbered the tokens of each typed
 * `%left` line in reverse, so `%left TOK_EQ TOK_GT ... TOK_NE` became NE,
 * LE, GE, LT, GT, EQ. The number order is the order of the "expecting"
 * list ('-' before '!' before '(' before '<token>').
 */
export const TERMINALS = [
  '$end',
  'error',
  '$undefined',
  'TOK_COMMA',
  'TOK_COLONCOLON',
  'TOK_COND',
  'TOK_OR',
  'TOK_AND',
  'TOK_NE',
  'TOK_LE',
  'TOK_GE',
  'TOK_LT',
  'TOK_GT',
  'TOK_EQ',
  'TOK_MINUS',
  'TOK_PLUS',
  'TOK_MOD',
  'TOK_DIV',
  'TOK_MULT',
  'TOK_COMPL',
  'TOK_TILDETILDE',
  'TOK_EQTILDE',
  'TOK_COLON',
  'TOK_LP',
  'TOK_RP',
  'TOKEN',
] as const;

export type Terminal = (typeof TERMINALS)[number];

export const NONTERMINALS = ['$accept', 'start', 'arglist', 'expr'] as const;

/**
 * What each rule does with its values; evaluate.ts implements them. The
 * order is the rule order of ast_expr2.y (it decides reduce/reduce
 * conflicts and ties between default reductions).
 */
export type Action =
  | 'start'
  | 'start-empty'
  | 'arg-first'
  | 'arg-next'
  | 'arg-empty'
  | 'call'
  | 'token'
  | 'paren'
  | 'or'
  | 'and'
  | 'eq'
  | 'gt'
  | 'lt'
  | 'ge'
  | 'le'
  | 'ne'
  | 'plus'
  | 'minus'
  | 'negate'
  | 'compl'
  | 'times'
  | 'div'
  | 'rem'
  | 'colon'
  | 'eqtilde'
  | 'cond'
  | 'tildetilde';

const binary = (op: Terminal, action: Action) => ({ lhs: 'expr', rhs: ['expr', op, 'expr'], action });

export const EXPRESSION_GRAMMAR: Grammar<Action> = {
  terminals: TERMINALS,
  nonterminals: NONTERMINALS,
  errorToken: 'error',
  // %left/%right lines of ast_expr2.y, lowest precedence first.
  precedence: [
    { assoc: 'left', tokens: ['TOK_COMMA'] },
    { assoc: 'left', tokens: ['TOK_COND', 'TOK_COLONCOLON'] },
    { assoc: 'left', tokens: ['TOK_OR'] },
    { assoc: 'left', tokens: ['TOK_AND'] },
    { assoc: 'left', tokens: ['TOK_EQ', 'TOK_GT', 'TOK_LT', 'TOK_GE', 'TOK_LE', 'TOK_NE'] },
    { assoc: 'left', tokens: ['TOK_PLUS', 'TOK_MINUS'] },
    { assoc: 'left', tokens: ['TOK_MULT', 'TOK_DIV', 'TOK_MOD'] },
    { assoc: 'right', tokens: ['TOK_COMPL'] },
    { assoc: 'left', tokens: ['TOK_COLON', 'TOK_EQTILDE', 'TOK_TILDETILDE'] },
    { assoc: 'left', tokens: ['TOK_RP', 'TOK_LP'] },
  ],
  start: 'start',
  rules: [
    { lhs: 'start', rhs: ['expr'], action: 'start' },
    { lhs: 'start', rhs: [], action: 'start-empty' },
    { lhs: 'arglist', rhs: ['expr'], action: 'arg-first' },
    { lhs: 'arglist', rhs: ['arglist', 'TOK_COMMA', 'expr'], prec: 'TOK_RP', action: 'arg-next' },
    { lhs: 'arglist', rhs: ['arglist', 'TOK_COMMA'], prec: 'TOK_RP', action: 'arg-empty' },
    { lhs: 'expr', rhs: ['TOKEN', 'TOK_LP', 'arglist', 'TOK_RP'], action: 'call' },
    { lhs: 'expr', rhs: ['TOKEN'], action: 'token' },
    { lhs: 'expr', rhs: ['TOK_LP', 'expr', 'TOK_RP'], action: 'paren' },
    binary('TOK_OR', 'or'),
    binary('TOK_AND', 'and'),
    binary('TOK_EQ', 'eq'),
    binary('TOK_GT', 'gt'),
    binary('TOK_LT', 'lt'),
    binary('TOK_GE', 'ge'),
    binary('TOK_LE', 'le'),
    binary('TOK_NE', 'ne'),
    binary('TOK_PLUS', 'plus'),
    binary('TOK_MINUS', 'minus'),
    { lhs: 'expr', rhs: ['TOK_MINUS', 'expr'], prec: 'TOK_COMPL', action: 'negate' },
    { lhs: 'expr', rhs: ['TOK_COMPL', 'expr'], action: 'compl' },
    binary('TOK_MULT', 'times'),
    binary('TOK_DIV', 'div'),
    binary('TOK_MOD', 'rem'),
    binary('TOK_COLON', 'colon'),
    binary('TOK_EQTILDE', 'eqtilde'),
    { lhs: 'expr', rhs: ['expr', 'TOK_COND', 'expr', 'TOK_COLONCOLON', 'expr'], action: 'cond' },
    binary('TOK_TILDETILDE', 'tildetilde'),
  ],
};
