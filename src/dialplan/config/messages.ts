import type { AsteriskLogger, LogLocation } from '../log/asterisk-log.js';

/**
 * The messages of Asterisk's config-file reader (main/config.c in 22.10.1),
 * one function each, so every text and code lives in one place. FILEPATH is
 * the full path config.c was reading (`/etc/asterisk/extensions.conf`).
 */
export class ConfigMessages {
  constructor(
    private readonly log: AsteriskLogger,
    private readonly asteriskMajor: number,
  ) {}

  noClosingBracket(line: number, filePath: string, at: LogLocation): void {
    this.log.add('WARNING', 'config.c:2049', 'process_text_line', 'E_CATEGORY_UNCLOSED', `parse error: no closing ']', line ${line} of ${filePath}`, at);
  }

  noClosingParen(line: number, filePath: string, at: LogLocation): void {
    this.log.add('WARNING', 'config.c:2076', 'process_text_line', 'E_CATEGORY_OPTIONS_UNCLOSED', `parse error: no closing ')', line ${line} of ${filePath}`, at);
  }

  appendToMissing(name: string, line: number, filePath: string, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'config.c:2094',
      'process_text_line',
      'E_APPEND_UNKNOWN_CATEGORY',
      `Category addition requested, but category '${name}' does not exist, line ${line} of ${filePath}`,
      at,
    );
  }

  inheritFromMissing(name: string, line: number, filePath: string, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'config.c:2112',
      'process_text_line',
      'E_INHERIT_UNKNOWN_CATEGORY',
      `Inheritance requested, but category '${name}' does not exist, line ${line} of ${filePath}`,
      at,
    );
  }

  execDisabled(at: LogLocation): void {
    this.log.add(
      'WARNING',
      'config.c:2168',
      'process_text_line',
      'W_EXEC_DISABLED',
      'Cannot perform #exec unless execincludes option is enabled in asterisk.conf (options section)!',
      at,
    );
  }

  unknownDirective(word: string, line: number, filePath: string, at: LogLocation): void {
    this.log.add('WARNING', 'config.c:2173', 'process_text_line', 'W_UNKNOWN_DIRECTIVE', `Unknown directive '#${word}' at line ${line} of ${filePath}`, at);
  }

  /** `word` as written (`tryinclude`, `INCLUDE`). */
  directiveNeedsArgument(word: string, include: boolean, line: number, filePath: string, at: LogLocation): void {
    const what = include ? 'filename' : '/path/to/executable';
    // Up to 18, config.c names the kind of directive rather than the word written (checked at 16.30.1 and 18.26.4).
    const shown = this.asteriskMajor <= 18 ? (include ? 'include / tryinclude' : 'exec') : word;
    this.log.add(
      'WARNING',
      'config.c:2178',
      'process_text_line',
      'W_DIRECTIVE_NO_ARGUMENT',
      `Directive '#${shown}' needs an argument (${what}) at line ${line} of ${filePath}`,
      at,
    );
  }

  includeMissing(name: string, at: LogLocation): void {
    this.log.add('ERROR', 'config.c:2234', 'process_text_line', 'E_INCLUDE_MISSING', `The file '${name}' was listed as a #include but it does not exist.`, at);
  }

  noCategory(line: number, filePath: string, at: LogLocation): void {
    this.log.add('WARNING', 'config.c:2255', 'process_text_line', 'E_NO_CATEGORY', `parse error: No category context for line ${line} of ${filePath}`, at);
  }

  invalidEscape(line: number, filePath: string, at: LogLocation): void {
    this.log.add('ERROR', 'config.c:2265', 'process_text_line', 'E_INVALID_ESCAPE', `Invalid escape in line ${line} of ${filePath}`, at);
  }

  noVariableName(line: number, filePath: string, at: LogLocation): void {
    this.log.add('WARNING', 'config.c:2310', 'process_text_line', 'W_NO_VARIABLE_NAME', `No variable name in line ${line} of ${filePath}`, at);
  }

  noEquals(line: number, filePath: string, at: LogLocation): void {
    this.log.add('WARNING', 'config.c:2330', 'process_text_line', 'W_NO_EQUALS', `No '=' (equal sign) in line ${line} of ${filePath}`, at);
  }

  includedTwice(fromFile: string, line: number, savedAs: string, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'config.c:380',
      'ast_include_new',
      'W_INCLUDED_TWICE',
      `'${fromFile}', line ${line}:  Same File included more than once! This data will be saved in ${savedAs} if saved back to disk.`,
      at,
    );
  }

  notRegularFile(path: string, at: LogLocation): void {
    this.log.add('WARNING', 'config.c:2426', 'config_text_file_load', 'W_INCLUDE_NOT_A_FILE', `'${path}' is not a regular file, ignoring`, at);
  }

  lineTooLong(line: number, beginning: string, at: LogLocation): void {
    this.log.add('WARNING', 'config.c:2508', 'config_text_file_load', 'W_LINE_TOO_LONG', `Line ${line} too long, skipping. It begins with: ${beginning}...`, at);
  }

  unterminatedComment(beginLine: number, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'config.c:2672',
      'config_text_file_load',
      'W_UNTERMINATED_COMMENT',
      `Unterminated comment detected beginning on line ${beginLine}`,
      at,
    );
  }

  includeDepth(at: LogLocation): void {
    this.log.add('WARNING', 'config.c:3484', 'ast_config_internal_load', 'E_INCLUDE_DEPTH', 'Maximum Include level (10) exceeded', at);
  }
}
