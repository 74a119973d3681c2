import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AsteriskLogger, formatAsteriskLog } from '../../src/dialplan/log/asterisk-log.js';
import { evaluateExpression } from '../../src/dialplan/pbx/expression/evaluate.js';
import { EXPRESSION_GRAMMAR } from '../../src/dialplan/pbx/expression/grammar.js';
import { buildTables } from '../../src/dialplan/pbx/expression/lalr.js';
import { ExpressionLexer } from '../../src/dialplan/pbx/expression/lexer.js';
import { formatG, LongDouble, parseDecimal } from '../../src/dialplan/pbx/expression/long-double.js';
import { compileRegex } from '../../src/dialplan/pbx/expression/regex.js';

/**
 * `$[...]` as Asterisk 22.10.1 evaluates it while pbx_config loads.
 *
 * expression-asterisk.json holds what the real Asterisk (the sandbox
 * oracle) printed for each expression: the value (through a hint in
 * `dialplan show`) and the WARNING/ERROR lines logged while evaluating it
 * (a syntax error's first line carries the input and the caret on two more
 * lines). Strings there are bytes (latin1), non-ASCII ones escaped.
 */
interface Recorded {
  expr: string;
  value: string;
  warnings: string[];
}

const recorded = JSON.parse(fs.readFileSync(new URL('./expression-asterisk.json', import.meta.url), 'latin1')) as Recorded[];

function evaluate(expression: string): { value: string; warnings: string[] } {
  const log = new AsteriskLogger();
  const value = evaluateExpression(expression, log);
  return { value, warnings: log.lines.map(formatAsteriskLog) };
}

describe('expressions evaluate as Asterisk 22 evaluated them', () => {
  it.for(recorded.map((c) => [c.expr, c] as const))('$[%s]', ([, c]) => {
    expect(evaluate(c.expr)).toEqual({ value: c.value, warnings: c.warnings });
  });

  it('covers every kind of result seen', () => {
    const values = new Set(recorded.map((c) => c.value));
    for (const v of ['0.333333333333333333', '9.22337203685477581e+18', '-0', '1e+20', '2147483647', '"abc"', '-nan', 'nan', 'inf', '']) expect(values).toContain(v);
  });
});

describe('selected behaviours, each seen in Asterisk', () => {
  it('prints long double results with %.18Lg', () => {
    expect(evaluate('1/3').value).toBe('0.333333333333333333');
    expect(evaluate('10/4').value).toBe('2.5');
    expect(evaluate('0 * -1').value).toBe('-0');
    expect(evaluate('10000000000000000000 * 10').value).toBe('1e+20');
  });

  it('keeps numbers that were never converted as they were written', () => {
    expect(evaluate('007 & 1').value).toBe('7');
    expect(evaluate('0 | 007').value).toBe('007');
    expect(evaluate('99999999999999999999').value).toBe('99999999999999999999');
  });

  it('stores the value of the start rule before a later syntax error', () => {
    expect(evaluate('1 2').value).toBe('1');
    expect(evaluate(' > 4').value).toBe('');
    expect(evaluate('(1').value).toBe('0');
  });

  it('logs a syntax error as three lines in one message, then the help line', () => {
    expect(evaluate('1 +').warnings).toEqual([
      "WARNING: ast_expr2.fl:468 ast_yyerror: ast_yyerror():  syntax error: syntax error, unexpected $end, expecting '-' or '!' or '(' or '<token>'; Input:\n1 +\n   ^",
      'WARNING: ast_expr2.fl:472 ast_yyerror: If you have questions, please refer to https://docs.asterisk.org/Configuration/Dialplan/Variables/Channel-Variables/',
    ]);
  });

  it("names tokens as expr2_token_subst does (a prefix match turns TOK_EQTILDE into '='TILDE)", () => {
    expect(evaluate('=~ 1').warnings[0]).toContain("unexpected '='TILDE, expecting $end");
    expect(evaluate('~~ 1').warnings[0]).toContain('unexpected TOK_TILDETILDE,');
  });

  it('reads an unclosed ${ after substitution up to an operator, then to the end of the input', () => {
    // `$[ $${BRACE} + 1]` with BRACE={abc}: the token is "${abc} + 1", a string.
    expect(evaluate(' ${abc} + 1')).toEqual({ value: '1', warnings: ['WARNING: ast_expr2.y:1294 op_plus: non-numeric argument'] });
    expect(evaluate(' ${abc} ').value).toBe('${abc} ');
  });
});

describe('the LALR(1) tables', () => {
  const tables = buildTables(EXPRESSION_GRAMMAR);

  it('have as many states and rules as the parser Asterisk ships (YYNSTATES 54, YYNRULES 28)', () => {
    expect(tables.actions.length).toBe(54);
    expect(tables.rules.length).toBe(28);
  });

  it('reduce the empty start rule by default in the initial state', () => {
    expect(tables.rules[tables.defaultReduction[0]!]!.action).toBe('start-empty');
  });
});

describe('the scanner', () => {
  const tokens = (text: string) => {
    const lexer = new ExpressionLexer(text);
    const out: string[] = [];
    for (let t = lexer.next(); t.type !== '$end'; t = lexer.next()) out.push(`${t.type}:${t.text}`);
    return out;
  };

  it('needs no spaces and keeps the longest match', () => {
    expect(tokens('1+1')).toEqual(['TOKEN:1', 'TOK_PLUS:+', 'TOKEN:1']);
    expect(tokens('a=~b')).toEqual(['TOKEN:a', 'TOK_EQTILDE:=~', 'TOKEN:b']);
    expect(tokens('1.5.6 12ab 1.')).toEqual(['TOKEN:1.5.6', 'TOKEN:12ab', 'TOKEN:1.']);
  });

  it('drops characters no rule matches', () => {
    expect(tokens('1 ~ 2')).toEqual(['TOKEN:1', 'TOKEN:2']);
  });
});

describe('long double arithmetic', () => {
  it('rounds to 64 significant bits and prints 18 digits', () => {
    const third = parseDecimal('1').divide(parseDecimal('3'));
    expect(formatG(third)).toBe('0.333333333333333333');
    expect(formatG(parseDecimal('9223372036854775807').add(LongDouble.fromInteger(1)))).toBe('9.22337203685477581e+18');
    expect(formatG(parseDecimal('0.1').multiply(parseDecimal('3')))).toBe('0.3');
  });
});

describe('regular expressions', () => {
  const run = (pattern: string, subject: string) => {
    const re = compileRegex(pattern);
    if ('error' in re) return re.error;
    const m = re.exec(subject);
    return m ? [m.start, m.end, m.groupStart, m.groupEnd] : null;
  };

  it('match leftmost-longest and take the group from the preferred path', () => {
    expect(run('(a|ab)(c|bcd)', 'abcd')).toEqual([0, 4, 0, 1]);
    expect(run('a(b|bc)(c)?', 'abcd')).toEqual([0, 3, 1, 2]);
  });

  it("report glibc's compile errors", () => {
    expect(run('*a', '')).toBe('Invalid preceding regular expression');
    expect(run('a{', '')).toBe('Unmatched \\{');
    expect(run('(a)|\\1', '')).toBe('Invalid back reference');
  });
});
