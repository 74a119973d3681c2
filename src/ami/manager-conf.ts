import fs from 'node:fs';
import path from 'node:path';
import { usageError } from '../errors.js';
import { bytesToDisplay, readConfig } from '../dialplan/index.js';
import { rememberSecret, type AmiEndpoint } from './url.js';

/**
 * The endpoint of a manager user defined in Asterisk's manager.conf: its
 * secret, and the port and address from `[general]`. For running chanlog on
 * the PBX itself without typing the secret anywhere.
 */
export function readManagerUser(file: string, user: string): AmiEndpoint {
  const sections = readManagerConf(file);
  const general = sections.get('general') ?? new Map<string, string>();
  if (user === 'general') throw usageError(`${file}: [general] is not a manager user`);
  const account = sections.get(user);
  if (!account) {
    const users = [...sections.keys()].filter((name) => name !== 'general');
    throw usageError(`${file} defines no manager user [${user}]${users.length ? ` (it has: ${users.join(', ')})` : ''}`);
  }
  if (!/^(yes|true|y|t|1|on)$/i.test(general.get('enabled') ?? 'no')) {
    throw usageError(`${file}: the manager is not enabled (set enabled = yes in [general])`);
  }
  const secret = account.get('secret');
  if (secret === undefined || secret === '') throw usageError(`${file}: user [${user}] has no secret`);
  rememberSecret(secret);
  const port = Number(general.get('port') ?? 5038);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(`${file}: port = ${general.get('port')} is not a port`);
  // Asterisk listens on every address when bindaddr is 0.0.0.0 (its default); reach it on loopback.
  const bind = general.get('bindaddr') ?? '0.0.0.0';
  const host = bind === '0.0.0.0' || bind === '::' || bind === '[::]' ? '127.0.0.1' : bind.replace(/^\[(.*)\]$/, '$1');
  return { host, port, username: user, secret, tls: false };
}

type Sections = Map<string, Map<string, string>>;

/**
 * manager.conf as Asterisk reads it, through chanlog's own config-file
 * reader (the dialplan room's): comments, `#include` relative to the config
 * directory, templates and inheritance, `=` and `=>`. Sections of the same
 * name merge; within one, a later setting of the same name wins, as
 * manager.c reads them. Names of settings compare case-insensitively.
 */
export function readManagerConf(file: string): Sections {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'EACCES' ? ' (run chanlog as a user that may read it, such as root or asterisk)' : '';
    throw usageError(`cannot read ${file}: ${code ?? String(err)}${hint}`);
  }
  const config = readConfig(file, { configDir: path.dirname(path.resolve(file)), mainName: path.basename(file) });
  if (config.aborted) {
    const reasons = config.log.lines.map((line) => line.text);
    throw usageError(`Asterisk would not read ${file}: ${reasons[reasons.length - 1] ?? 'unreadable'}`);
  }
  const sections: Sections = new Map();
  for (const category of config.categories) {
    if (category.template) continue;
    const name = bytesToDisplay(category.name);
    const settings = sections.get(name) ?? new Map<string, string>();
    for (let i = 0; i < category.size; i++) settings.set(bytesToDisplay(category.nameAt(i)).toLowerCase(), bytesToDisplay(category.value(i)));
    sections.set(name, settings);
  }
  return sections;
}
