import type { IToken } from 'chevrotain';
import { Lexer } from './chevrotain.js';
import { skipGrammarChecks } from './options.js';
import { LineScanner, type ScanState } from '../scanner/line-scanner.js';
import { lineTokens, withScanner } from './tokens.js';

/** One lexer for all files; line tokens consult the scanner of the file at hand. */
const lexer = new Lexer(lineTokens, {
  // Line numbers come from the scanner (config.c's own counting), so Chevrotain tracks offsets only.
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
  skipValidations: skipGrammarChecks,
});

export interface TokenizedFile {
  tokens: IToken[];
  /** Lexer errors; the line tokens cover every line, so this stays empty unless the scanner is broken. */
  errors: string[];
}

/**
 * Splits a config file (latin1 text, one char per byte) into line tokens.
 * `state` continues across the files of one `#include` glob, as in config.c.
 */
export function tokenizeConfigFile(text: string, state: ScanState): TokenizedFile {
  const scanner = new LineScanner(state);
  scanner.reset(text);
  const result = withScanner(scanner, () => lexer.tokenize(text));
  scanner.finishFile();
  return { tokens: result.tokens, errors: result.errors.map((e) => e.message) };
}
