import fs from 'node:fs';
import net from 'node:net';
import type tls from 'node:tls';
import type { AmiEndpoint } from '../url.js';

/**
 * How `amis://` checks the server, from the endpoint's settings:
 * - by default as Node does: the system's CAs plus NODE_EXTRA_CA_CERTS
 *   (Node reads that variable itself), and the certificate must name the
 *   host (a DNS name or an IP address in its subjectAltName);
 * - `ca` (a PEM file): that CA instead of the default ones (Node then
 *   ignores NODE_EXTRA_CA_CERTS), the name still checked;
 * - `fingerprint` (SHA-256 of the server's certificate): for a self-signed
 *   PBX, that exact certificate and no other, whatever it names; with `ca`
 *   too, both must hold.
 */
export function tlsConnectOptions(endpoint: AmiEndpoint): tls.ConnectionOptions {
  const options: tls.ConnectionOptions = { host: endpoint.host, port: endpoint.port };
  // SNI carries names only; Node refuses an IP address there (and checks IP SANs without it).
  if (!net.isIP(endpoint.host)) options.servername = endpoint.host;
  if (endpoint.ca !== undefined) options.ca = fs.readFileSync(endpoint.ca, 'utf8');
  else if (endpoint.fingerprint !== undefined) options.rejectUnauthorized = false;
  return options;
}

/** Why the server's certificate is not the pinned one, or undefined when it is. */
export function pinMismatch(socket: tls.TLSSocket, pinned: string): string | undefined {
  const actual = socket.getPeerCertificate().fingerprint256;
  if (actual === pinned) return undefined;
  return `the server's certificate has SHA-256 fingerprint ${actual || '(none)'}, not the pinned ${pinned}`;
}

/** A SHA-256 fingerprint as Node and `openssl x509 -fingerprint -sha256` write it (AB:CD:...), from hex with or without colons. */
export function normalizeFingerprint(text: string): string | undefined {
  const hex = text.trim().replace(/^sha256[:=]/i, '').replace(/:/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  return hex.toUpperCase().match(/../g)!.join(':');
}

const CERTIFICATE_PROBLEM = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|HOSTNAME/;

/** A TLS failure in words, with what to do about an untrusted certificate. */
export function describeTlsFailure(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (CERTIFICATE_PROBLEM.test(code)) {
    return `TLS connection failed: ${error.message} (trust its CA with --ami-ca FILE, or pin its certificate with --ami-fingerprint SHA256; \`ca\`/\`fingerprint\` in the config file)`;
  }
  if (/wrong version number|packet length too long|unknown protocol/i.test(error.message)) {
    return `TLS connection failed: ${error.message} (the server does not speak TLS on this port: use ami:// for a plain manager port)`;
  }
  return `TLS connection failed: ${error.message}`;
}
