import { describe, expect, it } from 'vitest';
import { load, logOf, priorityLines, show } from './helpers.js';

describe('the config-file layer: sections, templates, includes', () => {
  it('lists contexts newest first and merges repeated sections', () => {
    const text = '[a]\nexten => 1,1,NoOp(a)\n[b]\nexten => 1,1,NoOp(b)\n[a]\nexten => 2,1,NoOp(a again)\n';
    const out = show(text);
    expect(out.indexOf("Context 'b'")).toBeLessThan(out.indexOf("Context 'a'"));
    expect(out).toContain('-= 3 extensions (3 priorities) in 2 contexts. =-');
  });

  it('copies a template into the category that inherits it, keeping the template lines', () => {
    const out = show('[t](!)\nexten => 1,1,NoOp(t)\n[c](t)\nexten => 2,1,NoOp(c)\n');
    expect(out).not.toContain("Context 't'");
    expect(priorityLines(out)).toEqual(["'1' => 1. NoOp(t) [extensions.conf:2]", "'2' => 1. NoOp(c) [extensions.conf:4]"]);
  });

  it('appends with (+) to the first category of that name', () => {
    const out = show('[c]\nexten => 1,1,NoOp(a)\n[d]\nexten => 9,1,NoOp(d)\n[c](+)\nexten => 2,1,NoOp(b)\n');
    expect(out.indexOf("Context 'd'")).toBeLessThan(out.indexOf("Context 'c'"));
    expect(out).toContain("'2' =>");
  });

  it('refuses the whole file for an unknown base, a missing ], or a line before any section', () => {
    for (const text of ['[c](nope)\nexten => 1,1,NoOp\n', '[c\nexten => 1,1,NoOp\n', 'exten => 1,1,NoOp\n[c]\n']) {
      const result = load(text);
      expect(result.aborted, text).toBe(true);
      expect(result.contexts).toEqual([]);
    }
  });

  it('joins += to the last variable of that name and keeps its line', () => {
    expect(priorityLines(show('[c]\nexten => 1,1,NoOp(a\nexten += ,b)\n'))).toEqual(["'1' => 1. NoOp(a ,b) [extensions.conf:2]"]);
  });

  it('resolves #include against the config directory and continues the current category', () => {
    const result = load({
      'extensions.conf': '[main]\nexten => 1,1,NoOp(main)\n#include "sub/a.conf"\nexten => 2,1,NoOp(back in main)\n',
      'sub/a.conf': 'exten => 10,1,NoOp(no header)\n[ctx_a]\nexten => 11,1,NoOp(a)\n',
    });
    const main = result.contexts.find((c) => c.name === 'main')!;
    expect(main.extensions.map((e) => e.key)).toEqual(['1', '10', '2']);
    expect(result.contexts.map((c) => c.name)).toEqual(['ctx_a', 'main']);
  });

  it('refuses the file when a #include is missing, but not for #tryinclude', () => {
    const missing = load('[c]\n#include "nothere.conf"\nexten => 1,1,NoOp\n');
    expect(missing.aborted).toBe(true);
    expect(logOf(missing)).toEqual(["ERROR: config.c:2234 process_text_line: The file 'nothere.conf' was listed as a #include but it does not exist."]);
    const tried = load('[c]\n#tryinclude "nothere.conf"\nexten => 1,1,NoOp\n');
    expect(tried.aborted).toBe(false);
  });

  it('names a second inclusion of the same file name~~1', () => {
    const result = load({ 'extensions.conf': '#include b.conf\n#include b.conf\n', 'b.conf': '[b]\nexten => 1,1,NoOp\n' });
    expect(logOf(result)).toContain(
      "WARNING: config.c:380 ast_include_new: '', line 2:  Same File included more than once! This data will be saved in b.conf~~1 if saved back to disk.",
    );
    expect(logOf(result)).toContain('WARNING: pbx_config.c:1901 pbx_load_config: Unable to register extension at line 2 of b.conf~~1');
  });

  it('refuses #exec with Asterisk\'s warning and warns about unknown directives', () => {
    const result = load('[c]\n#exec /bin/echo\n#bogus x\nexten => 1,1,NoOp\n');
    expect(logOf(result)).toEqual([
      'WARNING: config.c:2168 process_text_line: Cannot perform #exec unless execincludes option is enabled in asterisk.conf (options section)!',
      "WARNING: config.c:2173 process_text_line: Unknown directive '#bogus' at line 3 of /etc/asterisk/extensions.conf",
    ]);
  });
});
