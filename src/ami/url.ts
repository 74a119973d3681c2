import { ChanlogError } from '../errors.js';

/** Where and how to reach one Asterisk Manager Interface. */
export interface AmiEndpoint {
  host: string;
  port: number;
  username: string;
  /** Never printed or logged; see `describeEndpoint`. */
  secret: string;
  tls: boolean;
}

const DEFAULT_PORT = { ami: 5038, amis: 5039 } as const;

/**
 * Parses `ami://USER:SECRET@HOST:PORT` (or `amis://` for TLS). USER and SECRET
 * may be percent-encoded, so a secret can hold `@` or `:`.
 */
export function parseAmiUrl(text: string): AmiEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ChanlogError(`not an AMI URL: ${redactUrl(text)} (expected ami://USER:SECRET@HOST:PORT)`, { exitCode: 2 });
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'ami' && scheme !== 'amis') {
    throw new ChanlogError(`unsupported scheme '${scheme}:' in AMI URL (use ami:// or amis://)`, { exitCode: 2 });
  }
  if (!url.hostname) throw new ChanlogError('the AMI URL names no host', { exitCode: 2 });
  if (!url.username) throw new ChanlogError('the AMI URL names no user (ami://USER:SECRET@HOST:PORT)', { exitCode: 2 });
  const port = url.port ? Number(url.port) : DEFAULT_PORT[scheme];
  const endpoint: AmiEndpoint = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    username: decodeURIComponent(url.username),
    secret: decodeURIComponent(url.password),
    tls: scheme === 'amis',
  };
  for (const [what, value] of [['user', endpoint.username], ['secret', endpoint.secret]] as const) {
    if (/[\r\n]/.test(value)) throw new ChanlogError(`the AMI ${what} holds a line break, which AMI cannot carry`, { exitCode: 2 });
  }
  return endpoint;
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

/** Hides whatever stands between `:` and `@` in something that looks like a URL with credentials. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z]+:\/\/[^:@/]*:)[^@]*@/i, '$1***@');
}

/** Hides the secret of every AMI URL anywhere in a text (a command line, a message). */
export function redactSecrets(text: string): string {
  return text.replace(/(amis?:\/\/[^:@/\s]*:)[^@\s]*@/gi, '$1***@');
}
