import fs from 'node:fs';
import path from 'node:path';
import { ChanlogError } from '../errors.js';
import type { AmiEndpoint } from './url.js';

/**
 * The endpoint of a manager user defined in Asterisk's manager.conf: its
 * secret, and the port and address from `[general]`. For running chanlog on
 * the PBX itself without typing the secret anywhere.
 */
export function readManagerUser(file: string, user: string): AmiEndpoint {
  const sections = readManagerConfMinimal(file);
  const general = sections.get('general') ?? new Map<string, string>();
  if (user === 'general') throw new ChanlogError(`${file}: [general] is not a manager user`, { exitCode: 2 });
  const account = sections.get(user);
  if (!account) {
    const users = [...sections.keys()].filter((name) => name !== 'general');
    throw new ChanlogError(`${file} defines no manager user [${user}]${users.length ? ` (it has: ${users.join(', ')})` : ''}`, { exitCode: 2 });
  }
  if (!/^(yes|true|y|t|1|on)$/i.test(general.get('enabled') ?? 'no')) {
    throw new ChanlogError(`${file}: the manager is not enabled (set enabled = yes in [general])`, { exitCode: 2 });
  }
  const secret = account.get('secret');
  if (secret === undefined || secret === '') throw new ChanlogError(`${file}: user [${user}] has no secret`, { exitCode: 2 });
  const port = Number(general.get('port') ?? 5038);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ChanlogError(`${file}: port = ${general.get('port')} is not a port`, { exitCode: 2 });
  // Asterisk listens on every address when bindaddr is 0.0.0.0 (its default); reach it on loopback.
  const bind = general.get('bindaddr') ?? '0.0.0.0';
  const host = bind === '0.0.0.0' || bind === '::' || bind === '[::]' ? '127.0.0.1' : bind.replace(/^\[(.*)\]$/, '$1');
  return { host, port, username: user, secret, tls: false };
}

type Sections = Map<string, Map<string, string>>;

/**
 * A deliberately minimal reader of manager.conf, standing in until
 * chanlog's own config-file parser (the dialplan room's) is available:
 * `[section]`, `[section](template, ...)` and `(!)` templates, `name = value`
 * and `name => value`, `;` comments (`\;` is a literal `;`), and
 * `#include "file"` relative to the including file. Later settings of the
 * same name win, as manager.c reads them.
 */
export function readManagerConfMinimal(file: string): Sections {
  const sections: Sections = new Map();
  const templates: Sections = new Map();
  let current: Map<string, string> | undefined;
  const readFile = (name: string, depth: number) => {
    if (depth > 10) throw new ChanlogError(`${file}: #include nests too deep`, { exitCode: 2 });
    let text: string;
    try {
      text = fs.readFileSync(name, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const hint = code === 'EACCES' ? ' (run chanlog as a user that may read it, such as root or asterisk)' : '';
      throw new ChanlogError(`cannot read ${name}: ${code ?? String(err)}${hint}`, { exitCode: 2 });
    }
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = stripComment(raw).trim();
      if (line === '') return;
      const include = /^#\s*include\s+"?([^"]+?)"?$/.exec(line);
      if (include) {
        readFile(path.resolve(path.dirname(name), include[1]!), depth + 1);
        return;
      }
      if (line.startsWith('#')) return; // #exec and other directives: not followed
      const header = /^\[([^\]]+)\](?:\(([^)]*)\))?$/.exec(line);
      if (header) {
        const options = (header[2] ?? '').split(',').map((o) => o.trim()).filter(Boolean);
        current = new Map();
        for (const base of options.filter((o) => o !== '!' && o !== '+')) {
          const inherited = templates.get(base) ?? sections.get(base);
          if (!inherited) throw new ChanlogError(`${name}:${index + 1}: [${header[1]}] inherits from unknown [${base}]`, { exitCode: 2 });
          for (const [k, v] of inherited) current.set(k, v);
        }
        (options.includes('!') ? templates : sections).set(header[1]!, current);
        return;
      }
      const setting = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
      if (setting && current) current.set(setting[1]!.toLowerCase(), setting[2]!);
    });
  };
  readFile(file, 0);
  return sections;
}

function stripComment(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && line[i + 1] === ';') {
      out += ';';
      i++;
    } else if (line[i] === ';') {
      break;
    } else {
      out += line[i];
    }
  }
  return out;
}
