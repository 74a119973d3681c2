import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aelContexts, luaExtensionKeys } from '../../../src/dialplan/lint/external-contexts.js';
import { lintDialplan } from '../../../src/dialplan/lint/index.js';
import { load } from '../helpers.js';

const JUMPS = '[from-internal]\nexten => 1,1,Goto(ael-ctx,s,1)\nexten => 2,1,Goto(lua-ctx,s,1)\nexten => 3,1,Goto(parkedcalls,700,1)\nexten => 4,1,Goto(nowhere,s,1)\n';

describe('contexts from elsewhere', () => {
  it('reads AEL context and macro headers, not what comments hide', () => {
    const ael = `// context commented { }\n/* context hidden {\n} */\ncontext ael-ctx {\n  s => NoOp();\n};\nabstract context base { }\nmacro dial(num) {\n  Dial(PJSIP/\${num});\n};\n`;
    expect(aelContexts(ael)).toEqual(['ael-ctx', 'base', 'dial']);
  });

  it("reads the Lua extensions table's literal keys", () => {
    const lua = `-- extensions = { commented = {} }\nextensions = {\n  ["lua-ctx"] = { ["s"] = function(c, e) app.goto("x", "y", 1) end },\n  plain = { _X = function() end },\n}\nextensions.added = {}\nextensions["quoted-added"] = {}\n--[[ extensions.block = {} ]]\n`;
    expect(luaExtensionKeys(lua).sort()).toEqual(['added', 'lua-ctx', 'plain', 'quoted-added']);
  });

  it('a jump into a context from extensions.ael or .lua, or declared, is not missing; an unknown one still is', () => {
    const result = load({
      'extensions.conf': JUMPS,
      'extensions.ael': 'context ael-ctx {\n  s => NoOp();\n};\n',
      'extensions.lua': 'extensions = { ["lua-ctx"] = {} }\n',
    });
    const configDir = path.dirname(result.sources[0]!.hostPath);
    expect(lintDialplan(result).map((d) => `${d.code}@${d.line}`)).toEqual(['E_GOTO_TARGET@2', 'E_GOTO_TARGET@3', 'E_GOTO_TARGET@4', 'E_GOTO_TARGET@5']);
    expect(lintDialplan(result, { configDir }).map((d) => `${d.code}@${d.line}`)).toEqual(['E_GOTO_TARGET@4', 'E_GOTO_TARGET@5']);
    expect(lintDialplan(result, { configDir, externalContexts: ['parkedcalls'] }).map((d) => `${d.code}@${d.line}`)).toEqual(['E_GOTO_TARGET@5']);
  });

  it('an extension a switch may provide is unknown, not missing; a missing priority of a present extension still errs', () => {
    const text = '[a]\nexten => 1,1,Goto(rt,555,1)\nexten => 2,1,Goto(b,555,1)\n[rt]\nswitch => Realtime/rt@extensions\n[b]\ninclude => rt\nexten => 9,1,NoOp()\nexten => 3,1,Goto(b,9,5)\n';
    expect(lintDialplan(load(text)).map((d) => `${d.code}@${d.line}`)).toEqual(['E_GOTO_TARGET@9']);
  });
});
