import fs from 'node:fs';
import path from 'node:path';

/**
 * Contexts the other dialplan modules register from their own files in the
 * config directory, read without running them, so a jump from
 * extensions.conf into them is not reported as missing:
 *  - pbx_ael, extensions.ael: `context NAME {` (also `abstract`/`extend`)
 *    and `macro NAME(...) {`, which AEL compiles to a context of that name;
 *  - pbx_lua, extensions.lua: the keys of the global `extensions` table
 *    (`extensions = { name = {...}, ["name"] = {...} }`, `extensions.name =`,
 *    `extensions["name"] =`), as far as they are written literally.
 */
export function contextsFromOtherModules(configDir: string): Set<string> {
  const found = new Set<string>();
  const read = (name: string) => {
    try {
      return fs.readFileSync(path.join(configDir, name), 'latin1');
    } catch {
      return undefined; // no such module file: nothing registered from it
    }
  };
  const ael = read('extensions.ael');
  if (ael !== undefined) for (const name of aelContexts(ael)) found.add(name);
  const lua = read('extensions.lua');
  if (lua !== undefined) for (const name of luaExtensionKeys(lua)) found.add(name);
  return found;
}

/** Context and macro names of an AEL file (comments removed first). */
export function aelContexts(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
  const names: string[] = [];
  for (const match of code.matchAll(/(?:^|[\s;}])(?:(?:abstract|extend)\s+)*(context|macro)\s+([^\s{(]+)\s*(?:\([^)]*\)\s*)?\{/g)) names.push(match[2]!);
  return names;
}

/** Where the short Lua string opened by the quote at `open` ends: its closing quote, the line end, or past the text. */
function luaStringEnd(text: string, open: number): number {
  const quote = text[open];
  let end = open + 1;
  while (end < text.length && text[end] !== quote && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
  return end;
}

/** Removes Lua comments (`--[[ ]]`, `--[==[ ]==]`, `--` to the end of the line), keeping strings. */
function stripLuaComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const j = luaStringEnd(text, i);
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (text.startsWith('--', i)) {
      const long = /^--\[(=*)\[/.exec(text.slice(i, i + 20));
      const end = long ? text.indexOf(`]${long[1]}]`, i) : text.indexOf('\n', i);
      i = end < 0 ? text.length : long ? end + long[1]!.length + 2 : end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const KEY = /^\s*(?:([A-Za-z_][A-Za-z0-9_]*)|\[\s*(["'])((?:(?!\2)[^\\\n])*)\2\s*\])\s*=/;

/** The literal keys of the `extensions` table of a Lua file. */
export function luaExtensionKeys(text: string): string[] {
  const code = stripLuaComments(text);
  const names: string[] = [];
  for (const match of code.matchAll(/\bextensions\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*(["'])([^"'\n]*)\2\s*\])\s*=/g)) names.push(match[1] ?? match[3]!);
  for (const match of code.matchAll(/\bextensions\s*=\s*\{/g)) {
    // The keys at depth 1 of the table literal.
    let depth = 1;
    let entryStart = match.index + match[0].length;
    for (let i = entryStart; i < code.length && depth > 0; i++) {
      const c = code[i]!;
      if (c === '"' || c === "'") {
        i = luaStringEnd(code, i);
      } else if (c === '{' || c === '(' || (c === '[' && depth > 1)) depth++;
      else if (c === '}' || c === ')' || (c === ']' && depth > 1)) {
        depth--;
      } else if (depth === 1 && (c === ',' || c === ';')) {
        entryStart = i + 1;
        continue;
      }
      if (depth === 1 && i === entryStart) {
        const key = KEY.exec(code.slice(i, i + 200));
        if (key) names.push(key[1] ?? key[3]!);
      }
    }
  }
  return names;
}
