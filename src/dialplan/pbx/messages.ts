import type { AsteriskLogger, LogLocation } from '../log/asterisk-log.js';
import type { Code } from '../log/catalogue.js';

/**
 * The messages of pbx_config (pbx/pbx_config.c) and of the dialplan core
 * (main/pbx.c, main/pbx_timing.c) that a load can print, one function each.
 * FILE is pbx_config's name for the file: `extensions.conf` for the main
 * file, the full path for an included one, `name~~N` for a repeated one.
 */
export class PbxMessages {
  constructor(private readonly log: AsteriskLogger) {}

  private config(level: 'WARNING' | 'ERROR', line: number, code: Code, text: string, at: LogLocation): void {
    this.log.add(level, `pbx_config.c:${line}`, 'pbx_load_config', code, text, at);
  }

  sameWithoutExten(context: string, keyword: string, line: number, file: string, at: LogLocation): void {
    this.config(
      'ERROR',
      1767,
      'E_SAME_WITHOUT_EXTEN',
      `No previous pattern in the first entry of context '${context}' to match '${keyword}' at line ${line} of ${file}!`,
      at,
    );
  }

  labelUnclosed(line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1800, 'W_LABEL_UNCLOSED', `Label missing trailing ')' at line ${line} of ${file}`, at);
  }

  nextOnFirst(line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1816, 'W_NEXT_ON_FIRST', `Can't use 'next' priority on the first entry at line ${line} of ${file}!`, at);
  }

  sameOnFirst(line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1826, 'W_SAME_ON_FIRST', `Can't use 'same' priority on the first entry at line ${line} of ${file}!`, at);
  }

  invalidPriorityOrLabel(text: string, line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1834, 'W_INVALID_PRIORITY_LABEL', `Invalid priority/label '${text}' at line ${line} of ${file}`, at);
  }

  invalidPriority(text: string, line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1841, 'W_INVALID_PRIORITY', `Invalid priority '${text}' at line ${line} of ${file}`, at);
  }

  noClosingParenthesis(app: string, data: string, line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1873, 'W_APP_NO_CLOSING_PAREN', `No closing parenthesis found? '${app}(${data}' at line ${line} of ${file}`, at);
  }

  discouragedPattern(name: string, line: number, file: string, at: LogLocation): void {
    this.config(
      'WARNING',
      1889,
      'W_DISCOURAGED_PATTERN',
      `The use of '${name}' for an extension is strongly discouraged and can have unexpected behavior.  Please use '_X${name[1]}' instead at line ${line} of ${file}`,
      at,
    );
  }

  unableToRegister(line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1901, 'W_REGISTER_FAILED', `Unable to register extension at line ${line} of ${file}`, at);
  }

  includeDuplicate(value: string, context: string, line: number, file: string, at: LogLocation): void {
    this.config(
      'WARNING',
      1920,
      'W_INCLUDE_DUPLICATE',
      `Context '${value}' already included in '${context}' context on include at line ${line} of ${file}`,
      at,
    );
  }

  ignorePatternDuplicate(value: string, context: string, line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1942, 'W_IGNOREPAT_DUPLICATE', `Unable to include ignorepat '${value}' in context '${context}' at line ${line} of ${file}`, at);
  }

  switchDuplicate(value: string, context: string, line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1958, 'W_SWITCH_DUPLICATE', `Unable to include switch '${value}' in context '${context}' at line ${line} of ${file}`, at);
  }

  unknownKeyword(name: string, line: number, file: string, at: LogLocation): void {
    this.config('WARNING', 1965, 'W_UNKNOWN_KEYWORD', `==!!== Unknown directive: ${name} at line ${line} of ${file} -- IGNORING!!!`, at);
  }

  // --- main/pbx.c ---

  labelInUse(name: string, priority: number, context: string, label: string, other: number, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'pbx.c:7125',
      'add_priority',
      'W_LABEL_DUPLICATE',
      `Extension '${name}' priority ${priority} in '${context}', label '${label}' already in use at priority ${other}`,
      at,
    );
  }

  labelInUseByAlias(name: string, priority: number, context: string, label: string, alias: string, other: number, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'pbx.c:7121',
      'add_priority',
      'W_LABEL_DUPLICATE',
      `Extension '${name}' priority ${priority} in '${context}', label '${label}' already in use at aliased extension '${alias}' priority ${other}`,
      at,
    );
  }

  priorityInUse(name: string, priority: number, context: string, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'pbx.c:7158',
      'add_priority',
      'W_PRIORITY_DUPLICATE',
      `Unable to register extension '${name}' priority ${priority} in '${context}', already in use`,
      at,
    );
  }

  priorityInUseByAlias(name: string, priority: number, context: string, alias: string, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'pbx.c:7154',
      'add_priority',
      'W_PRIORITY_DUPLICATE',
      `Unable to register extension '${name}' priority ${priority} in '${context}', already in use by aliased extension '${alias}'`,
      at,
    );
  }

  emptyExtension(context: string, at: LogLocation): void {
    this.log.add(
      'ERROR',
      'pbx.c:7349',
      'ast_add_extension2_lockopt',
      'E_EMPTY_EXTENSION',
      `You have to be kidding-- add exten '' to context ${context}? Figure out a name and call me back. Action ignored.`,
      at,
    );
  }

  includesMissingContext(context: string, target: string, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'pbx.c:8795',
      'ast_context_verify_includes',
      'W_INCLUDE_NONEXISTENT',
      `Context '${context}' tries to include nonexistent context '${target}'`,
      at,
    );
  }

  tooManyIncludes(context: string, count: number, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'pbx.c:8783',
      'ast_context_verify_includes',
      'W_TOO_MANY_INCLUDES',
      `Context ${context} contains too many includes (${count}). Maximum is 512.`,
      at,
    );
  }

  badSetInComparison(at: LogLocation): void {
    this.log.add('WARNING', 'pbx.c:2055', 'ext_cmp_pattern_pos', 'W_BRACKET_USAGE', 'Wrong usage of [] in the extension', at);
  }

  badSetInMatch(at: LogLocation): void {
    this.log.add('WARNING', 'pbx.c:2320', '_extension_match_core', 'W_BRACKET_USAGE', 'Wrong usage of [] in the extension', at);
  }

  duplicateInTree(sourceLine: 1743 | 1769, had: string, found: string, at: LogLocation): void {
    this.log.add('WARNING', `pbx.c:${sourceLine}`, 'add_exten_to_pattern_tree', 'W_PATTERN_TREE_DUPLICATE', `Found duplicate exten. Had ${had} found ${found}`, at);
  }

  treeSetUnclosed(pattern: string, at: LogLocation): void {
    this.log.add('WARNING', 'pbx.c:1593', 'get_pattern_node', 'W_BRACKET_USAGE', `A matching ']' was not found for '[' in exten pattern '${pattern}'`, at);
  }

  treeSetTooLarge(pattern: string, at: LogLocation): void {
    this.log.add(
      'ERROR',
      'pbx.c:1609',
      'get_pattern_node',
      'E_PATTERN_SET_TOO_LARGE',
      `Expanded character set too large to deal with in exten pattern '${pattern}'. Ignoring character set.`,
      at,
    );
  }

  treeSetEmpty(pattern: string, at: LogLocation): void {
    this.log.add('WARNING', 'pbx.c:1619', 'get_pattern_node', 'W_BRACKET_USAGE', `Empty character set in exten pattern '${pattern}'. Ignoring.`, at);
  }

  stackExceeded(at: LogLocation): void {
    this.log.add('WARNING', 'pbx.c:2523', 'pbx_find_extension', 'W_LABEL_LOOKUP_LOOP', 'Maximum PBX stack (512) exceeded. Too many includes?', at);
  }

  noSuchSwitch(module: string, at: LogLocation): void {
    this.log.add('WARNING', 'pbx.c:2735', 'pbx_find_extension', 'W_NO_SUCH_SWITCH', `No such switch '${module}'`, at);
  }

  // --- main/presencestate.c (the presence part of a hint, evaluated when it is added) ---

  noPresenceProvider(label: string, at: LogLocation): void {
    this.log.add('WARNING', 'presencestate.c:203', 'ast_presence_state_helper', 'W_HINT_PRESENCE', `No provider found for label: ${label}`, at);
  }

  /** ast_func_write of a `[globals]` name ending in `)`: no function is registered while pbx_config loads. */
  functionNotRegistered(name: string, at: LogLocation): void {
    this.log.add('ERROR', 'pbx_functions.c:739', 'ast_func_write', 'E_FUNCTION_NOT_LOADED', `Function ${name} not registered`, at);
  }

  /** ast_channel_publish_varset of a global whose value is not valid UTF-8. */
  globalNotUtf8(name: string, at: LogLocation): void {
    this.log.add(
      'WARNING',
      'stasis_channels.c:1209',
      'ast_channel_publish_varset',
      'W_GLOBAL_NOT_UTF8',
      `GLOBAL: The contents of variable '${name}' had invalid UTF-8 sequences which were replaced`,
      at,
    );
  }

  noPresenceLabel(label: string, at: LogLocation): void {
    this.log.add('WARNING', 'presencestate.c:206', 'ast_presence_state_helper', 'W_HINT_PRESENCE', `No label found for presence state provider: ${label}`, at);
  }

  // --- main/pbx_timing.c (include time specifications) ---

  invalidRangeElement(kind: string, element: string, at: LogLocation): void {
    this.log.add('WARNING', 'pbx_timing.c:84', 'get_range', 'W_INCLUDE_TIMING', `Invalid ${kind} '${element}', skipping element`, at);
  }

  invalidRangeEnd(kind: string, element: string, at: LogLocation): void {
    this.log.add('WARNING', 'pbx_timing.c:89', 'get_range', 'W_INCLUDE_TIMING', `Invalid end ${kind} '${element}', skipping element`, at);
  }

  invalidTime(text: string, at: LogLocation): void {
    this.log.add('WARNING', 'pbx_timing.c:132', 'get_timerange', 'W_INCLUDE_TIMING', `${text} isn't a valid time.`, at);
  }

  invalidTimeRange(text: string, at: LogLocation): void {
    this.log.add('WARNING', 'pbx_timing.c:144', 'get_timerange', 'W_INCLUDE_TIMING', `Invalid time range starting with '${text}-'.`, at);
  }

  invalidStartTime(text: string, at: LogLocation): void {
    this.log.add('WARNING', 'pbx_timing.c:148', 'get_timerange', 'W_INCLUDE_TIMING', `'${text}' isn't a valid start time.`, at);
  }

  invalidEndTime(text: string, at: LogLocation): void {
    this.log.add('WARNING', 'pbx_timing.c:152', 'get_timerange', 'W_INCLUDE_TIMING', `'${text}' isn't a valid end time.`, at);
  }
}
