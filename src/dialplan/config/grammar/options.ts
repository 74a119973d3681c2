/**
 * Chevrotain checks a grammar thoroughly when a lexer or parser is built,
 * which costs tens of milliseconds at every start of the command. The
 * grammars here are fixed, so the checks run in the test suite (set
 * CHANLOG_GRAMMAR_CHECKS=1, see test/dialplan/grammar.test.ts) and are
 * skipped otherwise.
 */
export const skipGrammarChecks = process.env.CHANLOG_GRAMMAR_CHECKS !== '1';
