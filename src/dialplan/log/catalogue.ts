/**
 * Every diagnostic chanlog can report, in one place: its stable code, its
 * severity, one line saying what it means, the Asterisk source that prints it
 * (or "chanlog check" for chanlog's own checks) and a dialplan that shows it.
 * The message functions (config/messages.ts, pbx/messages.ts, the expression
 * evaluator, substitution, lint checks) can only name a code listed here: the
 * logger's `code` parameter is typed by this list. test/dialplan/catalogue.test.ts
 * loads each example and checks that it reports its code.
 */

export type Severity = 'error' | 'warning';

export interface CatalogueEntry {
  code: string;
  severity: Severity;
  summary: string;
  /** The file of Asterisk's source that logs it, or `chanlog check`. */
  source: string;
  /** A dialplan (extensions.conf text) that gets this diagnostic. */
  example: string;
}

const CONFIG = 'main/config.c';
const PBX_CONFIG = 'pbx/pbx_config.c';
const PBX = 'main/pbx.c';
const TIMING = 'main/pbx_timing.c';
const VARIABLES = 'main/pbx_variables.c';
const FUNCTIONS = 'main/pbx_functions.c';
const EXPR = 'main/ast_expr2.y';
const EXPR_SCANNER = 'main/ast_expr2.fl';
export const CHANLOG_CHECK = 'chanlog check';

export const CATALOGUE = [
  // main/config.c: the config-file reader
  { code: 'E_CATEGORY_UNCLOSED', severity: 'error', source: CONFIG, summary: "a section header without its closing ']': Asterisk refuses the file", example: '[default\nexten => s,1,NoOp()\n' },
  { code: 'E_CATEGORY_OPTIONS_UNCLOSED', severity: 'error', source: CONFIG, summary: "a header's options '(...)' without ')': Asterisk refuses the file", example: '[default](!\nexten => s,1,NoOp()\n' },
  { code: 'E_APPEND_UNKNOWN_CATEGORY', severity: 'error', source: CONFIG, summary: "'[name](+)' adds to a section that does not exist yet: Asterisk refuses the file", example: '[default](+)\nexten => s,1,NoOp()\n' },
  { code: 'E_INHERIT_UNKNOWN_CATEGORY', severity: 'error', source: CONFIG, summary: "'[name](template)' names a template that does not exist (yet): Asterisk refuses the file", example: '[default](base)\nexten => s,1,NoOp()\n' },
  { code: 'W_EXEC_DISABLED', severity: 'warning', source: CONFIG, summary: '#exec is ignored unless execincludes is enabled in asterisk.conf', example: '#exec /bin/true\n[default]\nexten => s,1,NoOp()\n' },
  { code: 'W_UNKNOWN_DIRECTIVE', severity: 'warning', source: CONFIG, summary: "a '#' directive config.c does not know: the line is ignored", example: '#includ "x.conf"\n[default]\nexten => s,1,NoOp()\n' },
  { code: 'W_DIRECTIVE_NO_ARGUMENT', severity: 'warning', source: CONFIG, summary: '#include or #exec without an argument: the line is ignored', example: '#include\n[default]\nexten => s,1,NoOp()\n' },
  { code: 'E_INCLUDE_MISSING', severity: 'error', source: CONFIG, summary: '#include of a file that does not exist: Asterisk refuses the file (#tryinclude does not)', example: '#include "missing.conf"\n[default]\nexten => s,1,NoOp()\n' },
  { code: 'E_NO_CATEGORY', severity: 'error', source: CONFIG, summary: 'a setting before the first section header: Asterisk refuses the file', example: 'exten => s,1,NoOp()\n[default]\n' },
  { code: 'E_INVALID_ESCAPE', severity: 'error', source: CONFIG, summary: "a line starting with a backslash that escapes nothing: Asterisk refuses the file", example: '[default]\n\\\texten => s,1,NoOp()\n' },
  { code: 'W_NO_VARIABLE_NAME', severity: 'warning', source: CONFIG, summary: "a line starting with '=': no name, the line is ignored", example: '[default]\n=> s,1,NoOp()\n' },
  { code: 'W_NO_EQUALS', severity: 'warning', source: CONFIG, summary: "a line without '=': the line is ignored", example: '[default]\nexten s,1,NoOp()\n' },
  { code: 'W_INCLUDED_TWICE', severity: 'warning', source: CONFIG, summary: 'the same file #included more than once', example: '(a file that #includes x.conf twice)' },
  { code: 'W_INCLUDE_NOT_A_FILE', severity: 'warning', source: CONFIG, summary: '#include of something that is not a regular file (a directory): ignored', example: '#include "."\n[default]\nexten => s,1,NoOp()\n' },
  { code: 'W_LINE_TOO_LONG', severity: 'warning', source: CONFIG, summary: 'a line of 8191 bytes or more: Asterisk skips it', example: '(a line of 8191 bytes or more)' },
  { code: 'W_UNTERMINATED_COMMENT', severity: 'warning', source: CONFIG, summary: "a ';--' block comment never closed with '--;': the rest of the file is a comment", example: '[default]\nexten => s,1,NoOp()\n;-- never closed\nexten => s,2,Hangup()\n' },
  { code: 'E_INCLUDE_DEPTH', severity: 'error', source: CONFIG, summary: '#include nested deeper than 10 files', example: '(a file that #includes itself)' },

  // pbx/pbx_config.c: reading extensions.conf's keywords
  { code: 'E_SAME_WITHOUT_EXTEN', severity: 'error', source: PBX_CONFIG, summary: "'same =>' as a context's first entry: there is no extension to continue", example: '[default]\nsame => n,NoOp()\n' },
  { code: 'W_LABEL_UNCLOSED', severity: 'warning', source: PBX_CONFIG, summary: "a priority label '(name' without ')'", example: '[default]\nexten => s,1(start,NoOp()\n' },
  { code: 'W_NEXT_ON_FIRST', severity: 'warning', source: PBX_CONFIG, summary: "priority 'n' on a context's first line: there is no previous priority", example: '[default]\nexten => s,n,NoOp()\n' },
  { code: 'W_SAME_ON_FIRST', severity: 'warning', source: PBX_CONFIG, summary: "priority 's' (same) on a context's first line: there is no previous priority", example: '[default]\nexten => 100,s,NoOp()\n' },
  { code: 'W_INVALID_PRIORITY_LABEL', severity: 'warning', source: PBX_CONFIG, summary: "a priority 'label+N' whose label does not exist (yet): the line is dropped", example: '[default]\nexten => s,1,NoOp()\nexten => s,nope+1,NoOp()\n' },
  { code: 'W_INVALID_PRIORITY', severity: 'warning', source: PBX_CONFIG, summary: 'a priority that is neither a number, n, s, hint nor a label: the line is dropped', example: '[default]\nexten => s,0,NoOp()\n' },
  { code: 'W_APP_NO_CLOSING_PAREN', severity: 'warning', source: PBX_CONFIG, summary: "'App(data' without ')'", example: '[default]\nexten => s,1,NoOp(hello\n' },
  { code: 'W_DISCOURAGED_PATTERN', severity: 'warning', source: PBX_CONFIG, summary: "'_.' or '_!' matches everything, h and i and t included", example: '[default]\nexten => _.,1,NoOp()\n' },
  { code: 'W_REGISTER_FAILED', severity: 'warning', source: PBX_CONFIG, summary: 'the extension could not be added (see the message before it)', example: '[default]\nexten => s,1,NoOp()\nexten => s,1,NoOp()\n' },
  { code: 'W_INCLUDE_DUPLICATE', severity: 'warning', source: PBX_CONFIG, summary: 'the same context included twice in one context', example: '[other]\nexten => s,1,NoOp()\n[default]\ninclude => other\ninclude => other\n' },
  { code: 'W_IGNOREPAT_DUPLICATE', severity: 'warning', source: PBX_CONFIG, summary: 'the same ignorepat twice in one context', example: '[default]\nignorepat => 9\nignorepat => 9\n' },
  { code: 'W_SWITCH_DUPLICATE', severity: 'warning', source: PBX_CONFIG, summary: 'the same switch twice in one context', example: '[default]\nswitch => Loopback/other\nswitch => Loopback/other\n' },
  { code: 'W_UNKNOWN_KEYWORD', severity: 'warning', source: PBX_CONFIG, summary: 'a keyword pbx_config does not know (exten, same, include, ignorepat, switch...): ignored', example: '[default]\nextn => s,1,NoOp()\n' },

  // main/pbx.c: storing extensions, patterns and includes
  { code: 'W_LABEL_DUPLICATE', severity: 'warning', source: PBX, summary: 'a label already used in the same extension', example: '[default]\nexten => s,1(a),NoOp()\nexten => s,2(a),NoOp()\n' },
  { code: 'W_PRIORITY_DUPLICATE', severity: 'warning', source: PBX, summary: 'a priority already used in the same extension: the second is dropped', example: '[default]\nexten => s,1,NoOp()\nexten => s,1,Hangup()\n' },
  { code: 'E_EMPTY_EXTENSION', severity: 'error', source: PBX, summary: 'an extension with an empty name: ignored', example: '[default]\nexten => ,1,NoOp()\n' },
  { code: 'W_INCLUDE_NONEXISTENT', severity: 'warning', source: PBX, summary: 'include of a context that does not exist', example: '[default]\ninclude => nowhere\n' },
  { code: 'W_TOO_MANY_INCLUDES', severity: 'warning', source: PBX, summary: 'a context with more than 512 includes', example: '(a context with 513 includes)' },
  { code: 'W_BRACKET_USAGE', severity: 'warning', source: PBX, summary: "a '[...]' character set in a pattern that is empty or not closed (found while sorting or matching)", example: '[default]\nexten => _[],1,NoOp()\nexten => _[,1,NoOp()\n' },
  { code: 'E_PATTERN_SET_TOO_LARGE', severity: 'error', source: PBX, summary: "a pattern's character set Asterisk cannot expand: the set is ignored", example: '(a pattern whose [...] set expands past what pbx.c can hold)' },
  { code: 'W_PATTERN_TREE_DUPLICATE', severity: 'warning', source: PBX, summary: 'two patterns that match the same numbers, as the pattern tree sees them', example: '[default]\nexten => 104/555,1(lab),NoOp()\nexten => 104/555,lab+1,NoOp()\n' },
  { code: 'W_LABEL_LOOKUP_LOOP', severity: 'warning', source: PBX, summary: 'a label lookup through includes deeper than 512 contexts', example: '(includes that loop while a label+N is looked up)' },
  { code: 'W_NO_SUCH_SWITCH', severity: 'warning', source: PBX, summary: 'a switch to a module that is not loaded while pbx_config loads', example: '(a label+N looked up through a switch)' },
  { code: 'W_HINT_PRESENCE', severity: 'warning', source: 'main/presencestate.c', summary: 'a hint naming a presence provider that does not exist at load time', example: '[default]\nexten => 100,hint,PJSIP/100,CustomPresence:100\n' },
  { code: 'W_GLOBAL_NOT_UTF8', severity: 'warning', source: 'main/stasis_channels.c', summary: 'a [globals] value that is not valid UTF-8', example: '[globals]\nNAME=\xff\n' },
  { code: 'W_INCLUDE_TIMING', severity: 'warning', source: TIMING, summary: "an include's time specification Asterisk cannot read: that part is skipped", example: '[other]\nexten => s,1,NoOp()\n[default]\ninclude => other,25:00-26:00,*,*,*\n' },

  // main/pbx_variables.c and main/pbx_functions.c: ${...} substituted while loading
  { code: 'E_SUBSTITUTION_DEPTH', severity: 'error', source: VARIABLES, summary: '${...} nested deeper than Asterisk substitutes', example: '(a global that refers to itself 15 levels deep)' },
  { code: 'W_SUBSTITUTION_UNCLOSED', severity: 'warning', source: VARIABLES, summary: "'${' or '$[' without its closing '}' or ']'", example: '[default]\nexten => ${X,1,NoOp()\n' },
  { code: 'E_FUNCTION_NOT_LOADED', severity: 'error', source: FUNCTIONS, summary: 'a dialplan function used while pbx_config loads, before any function module is loaded', example: '[globals]\nX=${CALLERID(num)}\n' },
  { code: 'W_FUNCTION_NO_PARENS', severity: 'warning', source: FUNCTIONS, summary: "a function written without '()'", example: '[globals]\nBAR)=4\n' },
  { code: 'W_FUNCTION_UNCLOSED', severity: 'warning', source: FUNCTIONS, summary: "a function call without its closing ')'", example: '[globals]\nX=${CALLERID(num}\n' },

  // main/ast_expr2.y and ast_expr2.fl: $[...] evaluated while loading
  { code: 'W_EXPR_CONVERSION_RANGE', severity: 'warning', source: EXPR, summary: 'a number in $[...] too large to convert', example: '(a number in $[...] beyond the range of a long double: a 1 and 4933 zeros)' },
  { code: 'W_EXPR_NON_NUMERIC', severity: 'warning', source: EXPR, summary: 'arithmetic on text in $[...]', example: '[globals]\nX=$[a + 1]\n' },
  { code: 'W_EXPR_OVERFLOW', severity: 'warning', source: EXPR, summary: 'arithmetic overflow in $[...]', example: '[globals]\nX=$[- (0 - 9223372036854775808)]\n' },
  { code: 'W_EXPR_DIVISION_BY_ZERO', severity: 'warning', source: EXPR, summary: 'division or remainder by zero in $[...]', example: '[globals]\nX=$[1 / 0]\n' },
  { code: 'W_EXPR_REGEX', severity: 'warning', source: EXPR, summary: "a regular expression in $[... : ...] or =~ that does not compile", example: '[globals]\nX=$[abc : "*a"]\n' },
  { code: 'E_EXPR_FUNCTION_NAME', severity: 'error', source: EXPR, summary: 'a math function name in $[...] that cannot be a function', example: '[globals]\nB={abc}\nX=$[ $${B}(1) ]\n' },
  { code: 'W_EXPR_FUNCTION_ARGS', severity: 'warning', source: EXPR, summary: 'a math function in $[...] with the wrong number of arguments', example: '[globals]\nX=$[SQRT(1,2)]\n' },
  { code: 'W_EXPR_NO_CHANNEL', severity: 'warning', source: EXPR, summary: 'a dialplan function in $[...] evaluated with no channel (at load time)', example: '[globals]\nX=$[FOO(1)]\n' },
  { code: 'W_EXPR_FUNCTION_UNKNOWN', severity: 'warning', source: EXPR, summary: 'a function in $[...] that is not a math function', example: '[globals]\nX=$[FOO(1)]\n' },
  { code: 'E_EXPR_FUNCTION_UNAVAILABLE', severity: 'error', source: EXPR, summary: 'a function in $[...] that is not available at load time', example: '[globals]\nX=$[FOO(1)]\n' },
  { code: 'W_EXPR_SYNTAX', severity: 'warning', source: EXPR_SCANNER, summary: 'a $[...] expression that does not parse', example: '[globals]\nX=$[1 +]\n' },
  { code: 'W_EXPR_SYNTAX_HELP', severity: 'warning', source: EXPR_SCANNER, summary: 'the hint Asterisk prints after an expression syntax error', example: '[globals]\nX=$[1 +]\n' },

  // chanlog's own checks (src/dialplan/lint/checks/)
  { code: 'E_GOTO_TARGET', severity: 'error', source: CHANLOG_CHECK, summary: 'Goto/GotoIf/Gosub/GosubIf to a context, extension, priority or label that does not exist', example: '[default]\nexten => s,1,Goto(nowhere,s,1)\n' },
  { code: 'W_APP_BALANCE', severity: 'warning', source: CHANLOG_CHECK, summary: "unbalanced (), [], ${}, $[] or quotes in an application's data", example: '[default]\nexten => s,1,Set(X=${Y)\n' },
  { code: 'W_UNKNOWN_APP', severity: 'warning', source: CHANLOG_CHECK, summary: 'an application no Asterisk version has (a typo, comma syntax) or only a later one', example: '[default]\nexten => s,1,Dail(PJSIP/100)\n' },
  { code: 'E_REMOVED_APP', severity: 'error', source: CHANLOG_CHECK, summary: 'an application an earlier Asterisk had and the chosen version removed (Macro on 21 and later)', example: '[default]\nexten => s,1,Macro(dial,100)\n' },
  { code: 'W_NOT_BUILT_BY_DEFAULT', severity: 'warning', source: CHANLOG_CHECK, summary: "an application or function whose module the chosen version's default build leaves out (reported once per name)", example: '[default]\nexten => s,1,MeetMe(100)\n' },
  { code: 'W_NOT_LOADED', severity: 'warning', source: CHANLOG_CHECK, summary: 'with --ami: an application or function the chosen version has but the server has not registered (its module is not loaded; reported once per name)', example: '(with --ami, on a server where app_queue.so is not loaded)\n[default]\nexten => s,1,Queue(support)\n' },
  { code: 'W_UNUSED_SUPPRESSION', severity: 'warning', source: CHANLOG_CHECK, summary: 'a chanlog-disable comment that suppresses nothing', example: '[default]\n; chanlog-disable-next-line W_UNKNOWN_APP\nexten => s,1,NoOp()\n' },
  { code: 'W_UNKNOWN_FUNCTION', severity: 'warning', source: CHANLOG_CHECK, summary: 'a dialplan function the chosen Asterisk version does not have (names are case-sensitive)', example: '[default]\nexten => s,1,NoOp(${CallerID(num)})\n' },
  { code: 'W_UNREACHABLE_PRIORITY', severity: 'warning', source: CHANLOG_CHECK, summary: 'a priority after a gap or an unconditional Hangup/Return/Goto, with no label', example: '[default]\nexten => s,1,Hangup()\nexten => s,2,NoOp()\n' },
] as const satisfies readonly CatalogueEntry[];

/** A catalogued code: the only kind a message function can report. */
export type Code = (typeof CATALOGUE)[number]['code'];

const BY_CODE = new Map<string, CatalogueEntry>(CATALOGUE.map((entry) => [entry.code, entry]));

/** The entry of a code, or undefined for a string that is not one. */
export function catalogueEntry(code: string): CatalogueEntry | undefined {
  return BY_CODE.get(code);
}

/** The severity of a catalogued code. */
export function severityOf(code: Code): Severity {
  return BY_CODE.get(code)!.severity;
}
