import type { CstNode, IToken } from 'chevrotain';
import { configFileParser } from './parser.js';
import type { LineRun } from '../scanner/line-run.js';
import type { ScannedLine } from '../scanner/scanned-line.js';

/** A statement of a config file: one directive line, or a run of variable lines. */
export type Statement = { kind: 'directive'; line: ScannedLine } | { kind: 'run'; run: LineRun };

export interface ParsedSection {
  header: ScannedLine;
  statements: Statement[];
}

/** A config file's structure: statements before the first header, then sections. */
export interface ParsedConfigFile {
  preamble: Statement[];
  sections: ParsedSection[];
}

interface ConfigFileChildren {
  statement?: CstNode[];
  section?: CstNode[];
}
interface SectionChildren {
  CategoryLine: IToken[];
  statement?: CstNode[];
}
interface StatementChildren {
  BodyRun?: IToken[];
  DirectiveLine?: IToken[];
}

const BaseVisitor = configFileParser.getBaseCstVisitorConstructor();

/** Builds the file structure from the CST; the tokens' payloads carry the scanned lines. */
class ConfigFileVisitor extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  configFile(children: ConfigFileChildren): ParsedConfigFile {
    return {
      preamble: (children.statement ?? []).map((node) => this.visit(node) as Statement),
      sections: (children.section ?? []).map((node) => this.visit(node) as ParsedSection),
    };
  }

  section(children: SectionChildren): ParsedSection {
    return {
      header: children.CategoryLine[0]!.payload as ScannedLine,
      statements: (children.statement ?? []).map((node) => this.visit(node) as Statement),
    };
  }

  statement(children: StatementChildren): Statement {
    const directive = children.DirectiveLine?.[0];
    if (directive) return { kind: 'directive', line: directive.payload as ScannedLine };
    return { kind: 'run', run: children.BodyRun![0]!.payload as LineRun };
  }
}

const visitor = new ConfigFileVisitor();

export function buildParsedFile(cst: CstNode): ParsedConfigFile {
  return visitor.visit(cst) as ParsedConfigFile;
}
