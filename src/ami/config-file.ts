import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChanlogError, usageError } from '../errors.js';
import { withCaFile, withFingerprint } from './tls-settings.js';
import { parseAmiUrl, redactSecrets, type AmiEndpoint } from './url.js';

/**
 * chanlog's own config file, `$XDG_CONFIG_HOME/chanlog/config`
 * (`~/.config/chanlog/config`): named servers, so secrets need not be typed
 * on a command line. INI-like:
 *
 *     # comments start with # or ; (whole lines only)
 *     [server pbx1]
 *     url = ami://chanlog:SECRET@10.0.0.5:5038
 *     [server pbx2]
 *     url = amis://chanlog:SECRET@pbx2.example.com
 *     # amis:// only: the CA to trust (a path relative to this file), and/or the certificate's SHA-256
 *     ca = pbx2-ca.pem
 *     fingerprint = AB:CD:...
 *
 * It holds secrets, so it must not be readable by group or others.
 *
 * A `[keys]` section rebinds the console's keys (`command = key, key`);
 * this reader only collects its settings, the console checks them.
 */
export interface ConfiguredServer {
  name: string;
  endpoint: AmiEndpoint;
}

/** One `name = value` line of the `[keys]` section, with its line number. */
export interface ConfiguredKey {
  name: string;
  value: string;
  line: number;
}

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'chanlog', 'config');
}

/** The servers in the file, in file order; an empty list when there is no file. */
export function readConfigFile(file: string): ConfiguredServer[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return [];
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new ChanlogError(`${file} holds AMI secrets but others may read it (mode ${(stat.mode & 0o777).toString(8)})`, {
      details: [`Run: chmod 600 ${file}`],
    });
  }
  return parseConfigText(fs.readFileSync(file, 'utf8'), file);
}

const SETTINGS = ['url', 'ca', 'fingerprint'];

export function parseConfigText(text: string, file: string): ConfiguredServer[] {
  return parseConfigSections(text, file).servers;
}

/** The `[keys]` settings of the file, in file order; an empty list when there is no file. Key bindings are no secret: no mode check. */
export function readConfigKeys(file: string): ConfiguredKey[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return parseConfigSections(text, file).keys;
}

function parseConfigSections(text: string, file: string): { servers: ConfiguredServer[]; keys: ConfiguredKey[] } {
  const servers: Array<{ name: string; line: number; settings: Map<string, { value: string; line: number }> }> = [];
  const keys: ConfiguredKey[] = [];
  let inKeys = false;
  const fail = (line: number, why: string) => usageError(`${file}:${line}: ${why}`);
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const section = /^\[\s*server\s+([A-Za-z0-9_.-]+)\s*\]$/.exec(line);
    if (/^\[\s*keys\s*\]$/.test(line)) {
      inKeys = true;
      return;
    }
    if (section) {
      inKeys = false;
      if (servers.some((s) => s.name === section[1])) throw fail(lineNo, `server ${section[1]} is defined twice`);
      servers.push({ name: section[1]!, line: lineNo, settings: new Map() });
      return;
    }
    if (line.startsWith('[')) throw fail(lineNo, `expected [server NAME] or [keys], not ${line}`);
    if (inKeys) {
      const binding = /^([A-Za-z][A-Za-z-]*)\s*=\s*(.*)$/.exec(line);
      if (!binding) throw fail(lineNo, 'expected `command = key, key` in [keys]');
      keys.push({ name: binding[1]!, value: binding[2]!, line: lineNo });
      return;
    }
    const setting = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (!setting) throw fail(lineNo, 'expected `url = ami://USER:SECRET@HOST:PORT`');
    const current = servers[servers.length - 1];
    if (!current) throw fail(lineNo, 'a setting before the first [server NAME]');
    if (!SETTINGS.includes(setting[1]!)) throw fail(lineNo, `unknown setting ${setting[1]} (${SETTINGS.join(', ')})`);
    if (current.settings.has(setting[1]!)) throw fail(lineNo, `${setting[1]} is set twice for server ${current.name}`);
    current.settings.set(setting[1]!, { value: setting[2]!, line: lineNo });
  });
  const configured = servers.map((server) => {
    const url = server.settings.get('url');
    if (!url) throw fail(server.line, `server ${server.name} has no url`);
    const at = (line: number, what: () => AmiEndpoint) => {
      try {
        return what();
      } catch (err) {
        throw fail(line, `server ${server.name}: ${redactSecrets(err instanceof Error ? err.message : String(err))}`);
      }
    };
    let endpoint = at(url.line, () => parseAmiUrl(url.value));
    const ca = server.settings.get('ca');
    if (ca) endpoint = at(ca.line, () => withCaFile(endpoint, path.resolve(path.dirname(file), ca.value), 'ca'));
    const fingerprint = server.settings.get('fingerprint');
    if (fingerprint) endpoint = at(fingerprint.line, () => withFingerprint(endpoint, fingerprint.value, 'fingerprint'));
    return { name: server.name, endpoint };
  });
  return { servers: configured, keys };
}
