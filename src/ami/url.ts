import { usageError } from '../errors.js';

/** Where and how to reach one Asterisk Manager Interface. */
export interface AmiEndpoint {
  host: string;
  port: number;
  username: string;
  /** Never printed or logged; see `describeEndpoint`. */
  secret: string;
  tls: boolean;
  /** amis:// only: a PEM file of the CA to trust instead of the default ones. */
  ca?: string;
  /** amis:// only: the SHA-256 fingerprint (AB:CD:...) the server's certificate must have. */
  fingerprint?: string;
}

const DEFAULT_PORT = { ami: 5038, amis: 5039 } as const;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/**
 * Parses `ami://USER:SECRET@HOST:PORT` (or `amis://` for TLS). USER and SECRET
 * may be percent-encoded, so a secret can hold `@`, `:` or `/`. Nothing of
 * the text is echoed in an error (it holds the secret); anything a URL
 * could carry besides (a path, `?query`, `#fragment`) is refused rather
 * than ignored: TLS settings have their own options (--ami-ca, --ami-fingerprint).
 */
export function parseAmiUrl(text: string): AmiEndpoint {
  // Without `://` what would read as a scheme is likely the user (`chanlog:SECRET@host`): never echoed.
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? parseUrl(text) : undefined;
  if (!url) throw usageError('not an AMI URL (expected ami://USER:SECRET@HOST:PORT, or amis:// for TLS)');
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'ami' && scheme !== 'amis') throw usageError(`unsupported scheme '${scheme}:' in AMI URL (use ami:// or amis://)`);
  if (!url.hostname) throw usageError('the AMI URL names no host');
  if (!url.username) throw usageError('the AMI URL names no user (ami://USER:SECRET@HOST:PORT)');
  if (url.search || url.hash) throw usageError('the AMI URL has a ?query or #fragment, which chanlog does not read (TLS settings: --ami-ca FILE, --ami-fingerprint SHA256)');
  if (url.pathname !== '' && url.pathname !== '/') throw usageError('the AMI URL has a path after HOST:PORT, which chanlog does not read');
  if (url.port === '0') throw usageError('the AMI URL names port 0 (a port is a number from 1 to 65535)');
  const endpoint: AmiEndpoint = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : DEFAULT_PORT[scheme],
    username: decodeCredential(url.username, 'user'),
    secret: decodeCredential(url.password, 'secret'),
    tls: scheme === 'amis',
  };
  rememberSecret(endpoint.secret);
  return endpoint;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function decodeCredential(encoded: string, what: 'user' | 'secret'): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw usageError(`the AMI ${what} holds a malformed percent-encoding (write a % itself as %25)`);
  }
  if (/[\r\n]/.test(decoded)) throw usageError(`the AMI ${what} holds a line break, which AMI cannot carry`);
  if (CONTROL.test(decoded)) throw usageError(`the AMI ${what} holds a control character (such as %00), which chanlog refuses`);
  return decoded;
}

export function formatAmiUrl(endpoint: AmiEndpoint): string {
  const scheme = endpoint.tls ? 'amis' : 'ami';
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${scheme}://${encodeURIComponent(endpoint.username)}:${encodeURIComponent(endpoint.secret)}@${host}:${endpoint.port}`;
}

/** A name for the endpoint that is safe to print: no secret. */
export function describeEndpoint(endpoint: Pick<AmiEndpoint, 'host' | 'port' | 'username' | 'tls'>): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${endpoint.tls ? 'amis' : 'ami'}://${endpoint.username}@${host}:${endpoint.port}`;
}

const SCHEME = /amis?:\/\//gi;

/**
 * Hides the secret of every AMI URL in a text (a command-line argument, a
 * message). The credentials are taken as running from the first `:` (when
 * it comes before the first `@`) to the last `@` before the next URL or line
 * end, so a secret holding `@`, `/` or spaces, or one a URL parser would
 * refuse, is hidden whole. Errs on the side of hiding too much.
 */
export function redactSecrets(text: string): string {
  const matches = [...text.matchAll(SCHEME)];
  let out = matches.length === 0 ? text : text.slice(0, matches[0]!.index);
  matches.forEach((match, i) => {
    const end = matches[i + 1]?.index ?? text.length;
    out += match[0] + hideCredentials(text.slice(match.index + match[0].length, end));
  });
  return scrubKnownSecrets(out);
}

function hideCredentials(rest: string): string {
  const lineEnd = rest.search(/[\r\n]/);
  const line = lineEnd < 0 ? rest : rest.slice(0, lineEnd);
  const colon = line.indexOf(':');
  const firstAt = line.indexOf('@');
  if (colon < 0 || firstAt < 0 || colon > firstAt) return rest;
  return `${rest.slice(0, colon + 1)}***${rest.slice(line.lastIndexOf('@'))}`;
}

/**
 * Every secret parsed so far (from any source: URL, config file,
 * manager.conf), hidden from messages as a last line of defence. Only
 * secrets of SCRUB_MIN characters or more: hiding a two-letter secret would
 * garble every message and protect little.
 */
const knownSecrets = new Set<string>();
const SCRUB_MIN = 6;

export function rememberSecret(secret: string): void {
  if (secret.length >= SCRUB_MIN) knownSecrets.add(secret);
}

function scrubKnownSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}
