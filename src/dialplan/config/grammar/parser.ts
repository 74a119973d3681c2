import type { CstNode, IToken } from 'chevrotain';
import { CstParser } from './chevrotain.js';
import { skipGrammarChecks } from './options.js';
import { BodyRun, CategoryLine, DirectiveLine, lineTokens } from './tokens.js';

/**
 * The grammar of one config file, over line tokens:
 *
 *   configFile := statement* section*
 *   section    := CategoryLine statement*
 *   statement  := BodyRun | DirectiveLine
 *
 * Statements before the first header belong to whatever category the
 * including file had open (or are an error in a top-level file); the loader
 * decides that. Recovery is on, so a token sequence the grammar did not
 * expect never hides the lines after it.
 */
export class ConfigFileParser extends CstParser {
  constructor() {
    super(lineTokens, { recoveryEnabled: true, nodeLocationTracking: 'none', skipValidations: skipGrammarChecks });
    this.performSelfAnalysis();
  }

  configFile = this.RULE('configFile', () => {
    this.MANY(() => this.SUBRULE(this.statement));
    this.MANY2(() => this.SUBRULE(this.section));
  });

  section = this.RULE('section', () => {
    this.CONSUME(CategoryLine);
    this.MANY(() => this.SUBRULE(this.statement));
  });

  statement = this.RULE('statement', () => {
    this.OR([{ ALT: () => this.CONSUME(BodyRun) }, { ALT: () => this.CONSUME(DirectiveLine) }]);
  });
}

/** One parser instance, reused for every file (Chevrotain parsers are meant to be reused). */
export const configFileParser = new ConfigFileParser();

export function parseConfigTokens(tokens: IToken[]): { cst: CstNode; errors: string[] } {
  configFileParser.input = tokens;
  const cst = configFileParser.configFile();
  return { cst, errors: configFileParser.errors.map((e) => e.message) };
}
