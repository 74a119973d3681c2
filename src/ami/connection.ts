import { ChanlogError, usageError } from '../errors.js';
import { AmiClient, type AmiClientOptions } from './client.js';
import { defaultConfigPath, readConfigFile } from './config-file.js';
import { readManagerUser } from './manager-conf.js';
import { withCaFile, withFingerprint } from './tls-settings.js';
import { parseAmiUrl, type AmiEndpoint } from './url.js';

/** One Asterisk to talk to, with the name every output line carries. */
export interface ServerTarget {
  name: string;
  endpoint: AmiEndpoint;
  /** Where it was configured, for messages. */
  source: string;
}

export interface ConnectionOptions {
  /** `--ami`, repeatable: `ami://...` or `NAME=ami://...`. */
  ami?: string[];
  /** `--server`, repeatable: names from the config file. */
  server?: string[];
  managerConf?: string;
  user?: string;
  /** The config file; default `$XDG_CONFIG_HOME/chanlog/config`. */
  configFile?: string;
  /** `--ami-ca FILE`: the CA to trust for every amis:// server chosen (over the config file's `ca`). */
  ca?: string;
  /** `--ami-fingerprint SHA256`: the certificate every amis:// server chosen must have (over `fingerprint`). */
  fingerprint?: string;
}

const NAMED_URL = /^([^=]*)=(amis?:\/\/.*)$/is;
const SERVER_NAME = /^[A-Za-z0-9_.-]+$/;

function defaultName(endpoint: AmiEndpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${host}:${endpoint.port}`;
}

function fromUrl(text: string, source: string): ServerTarget {
  const match = NAMED_URL.exec(text);
  const named = match && !match[1]!.includes('://') ? match : null;
  // The name is checked first and not echoed: a wrong one may be part of a mistyped secret.
  if (named && !SERVER_NAME.test(named[1]!)) {
    throw usageError(`${source}: in NAME=URL, NAME may hold only letters, digits, _ . and -`);
  }
  let endpoint: AmiEndpoint;
  try {
    endpoint = parseAmiUrl(named ? named[2]! : text);
  } catch (err) {
    if (err instanceof ChanlogError) throw new ChanlogError(`${source}: ${err.message}`, { errorKind: err.errorKind });
    throw err;
  }
  return { name: named ? named[1]! : defaultName(endpoint), endpoint, source };
}

/**
 * Which servers to talk to, first match wins: `--ami` (repeatable), then
 * `CHANLOG_AMI_URL`, then `--manager-conf FILE --user NAME`, then the
 * config file (`--server NAME` picks from it; without it, every server in it).
 */
export function resolveServers(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): ServerTarget[] {
  if (options.user && !options.managerConf) throw usageError('--user goes with --manager-conf FILE');
  if (options.managerConf && !options.user) throw usageError('--manager-conf needs --user NAME (the manager user to log in as)');
  let targets: ServerTarget[];
  if (options.ami && options.ami.length > 0) {
    targets = options.ami.map((url) => fromUrl(url, '--ami'));
  } else if (env.CHANLOG_AMI_URL) {
    targets = [fromUrl(env.CHANLOG_AMI_URL, 'CHANLOG_AMI_URL')];
  } else if (options.managerConf && options.user) {
    const endpoint = readManagerUser(options.managerConf, options.user);
    targets = [{ name: defaultName(endpoint), endpoint, source: options.managerConf }];
  } else {
    targets = fromConfigFile(options, env);
  }
  if ((options.ca !== undefined || options.fingerprint !== undefined) && !targets.some((t) => t.endpoint.tls)) {
    throw usageError('--ami-ca and --ami-fingerprint are for amis:// (TLS) servers, and none is chosen');
  }
  targets = targets.map((target) => withTlsOptions(target, options));
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.name)) throw usageError(`two servers are both named ${target.name}; name them: --ami NAME=ami://...`);
    seen.add(target.name);
  }
  return targets;
}

/** --ami-ca and --ami-fingerprint, applied to every amis:// server. */
function withTlsOptions(target: ServerTarget, options: ConnectionOptions): ServerTarget {
  let { endpoint } = target;
  if (!endpoint.tls) return target;
  if (options.ca !== undefined) endpoint = withCaFile(endpoint, options.ca, '--ami-ca');
  if (options.fingerprint !== undefined) endpoint = withFingerprint(endpoint, options.fingerprint, '--ami-fingerprint');
  return { ...target, endpoint };
}

function fromConfigFile(options: ConnectionOptions, env: NodeJS.ProcessEnv): ServerTarget[] {
  const file = options.configFile ?? defaultConfigPath(env);
  const servers = readConfigFile(file);
  const wanted = options.server ?? [];
  if (servers.length === 0) {
    throw usageError('no Asterisk to talk to', {
      details: [
        'Give one of:',
        '  --ami ami://USER:SECRET@HOST:PORT   (repeatable; amis:// for TLS)',
        '  CHANLOG_AMI_URL=ami://USER:SECRET@HOST:PORT in the environment',
        '  --manager-conf /etc/asterisk/manager.conf --user NAME',
        `  a [server NAME] with url = ... in ${file} (mode 600)`,
      ],
    });
  }
  const chosen = wanted.length === 0 ? servers : wanted.map((name) => {
    const server = servers.find((s) => s.name === name);
    if (!server) throw usageError(`no server ${name} in ${file} (it has: ${servers.map((s) => s.name).join(', ')})`);
    return server;
  });
  return chosen.map((s) => ({ name: s.name, endpoint: s.endpoint, source: file }));
}

/**
 * Connects to every target (in parallel) and hands the clients to `work`,
 * closing them afterwards whatever happens. One server that cannot be
 * reached fails the whole command, naming it.
 */
export async function withClients<T>(
  targets: ServerTarget[],
  options: Omit<AmiClientOptions, 'endpoint' | 'name'>,
  work: (clients: AmiClient[]) => Promise<T>,
): Promise<T> {
  const clients = targets.map((t) => new AmiClient({ ...options, endpoint: t.endpoint, name: t.name }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    return await work(clients);
  } finally {
    for (const client of clients) client.close();
  }
}
