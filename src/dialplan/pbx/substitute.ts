import type { AsteriskLogger, LogLocation } from '../log/asterisk-log.js';
import { evaluateExpression } from './expression/evaluate.js';
import { truncateBytes } from '../text/bytes.js';

/**
 * Variable substitution as pbx_config meets it at load time (no channel):
 * `${NAME}` from the global variables, `${NAME:offset:length}`, nested
 * `${${NAME}}`, `$[...]` expressions (expression/evaluate.ts). Functions (`${LEN(x)}`) are not
 * registered while pbx_config loads at start-up, so they log Asterisk's
 * error and expand to nothing, exactly as on a freshly started Asterisk.
 */

export interface SubstitutionScope {
  globals: Map<string, string>;
  /** `${EXTEN}` / `${CONTEXT}`, set only while a hint is expanded. */
  exten?: string;
  context?: string;
  log: AsteriskLogger;
  /** The line being loaded, for the messages substitution logs. */
  at?: LogLocation;
}

/** The variables Asterisk knows without a channel (pbx_retrieve_variable). */
const BUILTINS: Record<string, () => string> = {
  EPOCH: () => String(Math.floor(Date.now() / 1000)),
  SYSTEMNAME: () => '',
  ASTCACHEDIR: () => '/var/cache/asterisk',
  ASTETCDIR: () => '/etc/asterisk',
  ASTMODDIR: () => '/usr/lib/x86_64-linux-gnu/asterisk/modules',
  ASTVARLIBDIR: () => '/var/lib/asterisk',
  ASTDBDIR: () => '/var/lib/asterisk',
  ASTKEYDIR: () => '/var/lib/asterisk',
  ASTDATADIR: () => '/usr/share/asterisk',
  ASTAGIDIR: () => '/usr/share/asterisk/agi-bin',
  ASTSPOOLDIR: () => '/var/spool/asterisk',
  ASTRUNDIR: () => '/var/run/asterisk',
  ASTLOGDIR: () => '/var/log/asterisk',
  ASTSBINDIR: () => '/usr/sbin',
};

const MAX_DEPTH = 15;
/** VAR_BUF_SIZE - 1 (main/pbx_private.h, pbx_variables.c). */
const EXPRESSION_TEXT_LIMIT = 4095;

/** Substitutes `text`; the result is cut to `limit` bytes like Asterisk's fixed buffers. */
export function substitute(text: string, scope: SubstitutionScope, limit: number, depth = 0): string {
  if (text.indexOf('$') < 0) return truncateBytes(text, limit);
  if (depth >= MAX_DEPTH) {
    scope.log.add(
      'ERROR',
      'pbx_variables.c:695',
      'pbx_substitute_variables_helper_full_location',
      'E_SUBSTITUTION_DEPTH',
      `Exceeded maximum variable substitution recursion depth (${MAX_DEPTH}) - possible infinite recursion in dialplan?`,
      scope.at,
    );
    return '';
  }
  let out = '';
  let pos = 0;
  while (pos < text.length && out.length < limit) {
    const dollar = text.indexOf('$', pos);
    if (dollar < 0) {
      out += text.slice(pos);
      break;
    }
    const kind = text[dollar + 1];
    if (kind !== '{' && kind !== '[') {
      out += text.slice(pos, dollar + 1);
      pos = dollar + 1;
      continue;
    }
    out += text.slice(pos, dollar);
    const { inner, end, closed, needsSubstitution } = scanBraces(text, dollar + 2, kind === '{' ? '{' : '[', kind === '{' ? '}' : ']');
    pos = end;
    if (!closed) {
        scope.log.add(
        'WARNING',
        kind === '{' ? 'pbx_variables.c:782' : 'pbx_variables.c:878',
        'pbx_substitute_variables_helper_full_location',
        'W_SUBSTITUTION_UNCLOSED',
        `Error in extension logic (missing '${kind === '{' ? '}' : ']'}')`,
        scope.at,
      );
    }
    // An expression's text is substituted into ltmp[VAR_BUF_SIZE] (4095 bytes): a longer one is cut before ast_expr sees it.
    const expanded = needsSubstitution ? substitute(inner, scope, kind === '[' ? EXPRESSION_TEXT_LIMIT : 8191, depth + 1) : inner;
    if (kind === '{') {
      out += variableValue(expanded, scope);
    } else {
      // ast_expr() writes at most count - 1 bytes (ast_copy_string / snprintf).
      out += evaluateExpression(expanded, scope.log, scope.at).slice(0, Math.max(0, limit - out.length - 1));
    }
  }
  return truncateBytes(out, limit);
}

/** Finds the end of `${...}` / `$[...]`, counting nested brackets as Asterisk does. */
function scanBraces(text: string, start: number, open: string, close: string) {
  let brackets = 1;
  let needsSubstitution = false;
  let i = start;
  while (brackets > 0 && i < text.length) {
    const c = text[i];
    if (c === '$' && text[i + 1] === open) {
      needsSubstitution = true;
      brackets++;
      i++;
    } else if (c === open) {
      brackets++;
    } else if (c === close) {
      brackets--;
    } else if (c === '$' && (text[i + 1] === '{' || text[i + 1] === '[')) {
      needsSubstitution = true;
      i++;
    }
    i++;
  }
  const closed = brackets === 0;
  return { inner: text.slice(start, closed ? i - 1 : i), end: i, closed, needsSubstitution };
}

function variableValue(expression: string, scope: SubstitutionScope): string {
  let parens = 0;
  let isFunction = false;
  let name = expression;
  let offset = 0;
  let length = Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '(') {
      isFunction = true;
      parens++;
    } else if (c === ')') {
      parens--;
    } else if (c === ':' && parens === 0) {
      name = expression.slice(0, i);
      const match = /^\s*([+-]?\d+)(?::\s*([+-]?\d+))?/.exec(expression.slice(i + 1));
      if (match) {
        offset = Number(match[1]);
        if (match[2] !== undefined) length = Number(match[2]);
      }
      break;
    }
  }
  let value: string | undefined;
  if (isFunction) {
    const read = functionName(name, scope.log, scope.at);
    scope.log.add('ERROR', 'pbx_functions.c:631', 'ast_func_read', 'E_FUNCTION_NOT_LOADED', `Function ${read} not registered`, scope.at);
    value = undefined;
  } else if (name === 'EXTEN' && scope.exten !== undefined) {
    value = scope.exten;
  } else if (name === 'CONTEXT' && scope.context !== undefined) {
    value = scope.context;
  } else {
    value = BUILTINS[name]?.() ?? scope.globals.get(name);
  }
  if (value === undefined) return '';
  return substring(value, offset, length);
}

/** ast_var_name: a variable is known by its name without up to two leading underscores (inheritance marks). */
export function variableName(name: string): string {
  if (name.charCodeAt(0) !== 95) return name;
  return name.charCodeAt(1) === 95 ? name.slice(2) : name.slice(1);
}

/**
 * func_args: the function's name, the text before its `(`, with the
 * warnings pbx_functions.c logs when the `(` or the last `)` is missing.
 */
export function functionName(call: string, log: AsteriskLogger, at: LogLocation | undefined): string {
  const open = call.indexOf('(');
  if (open < 0) {
    log.add('WARNING', 'pbx_functions.c:468', 'func_args', 'W_FUNCTION_NO_PARENS', `Function '${call}' doesn't contain parentheses.  Assuming null argument.`, at);
    return call;
  }
  const name = call.slice(0, open);
  if (call.lastIndexOf(')') < open) {
    log.add('WARNING', 'pbx_functions.c:475', 'func_args', 'W_FUNCTION_UNCLOSED', `Can't find trailing parenthesis for function '${name}(${call.slice(open + 1)}'?`, at);
  }
  return name;
}

/** Asterisk's `${VAR:offset:length}`, negative values counting from the end. */
function substring(value: string, offset: number, length: number): string {
  const total = value.length;
  if (offset === 0 && length >= total) return value;
  if (offset < 0) offset = Math.max(0, total + offset);
  if (offset >= total) return '';
  if (length >= 0) return value.slice(offset, offset + length);
  return total > offset - length ? value.slice(offset, total + length) : '';
}
