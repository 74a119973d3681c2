import fs from 'node:fs';
import { usageError } from '../errors.js';
import type { AmiEndpoint } from './url.js';
import { normalizeFingerprint } from './wire/tls.js';

/**
 * The endpoint with a CA file to trust (`--ami-ca`, `ca =` in the config
 * file), checked now so a wrong path is a usage error, not a failed connection.
 * `option` names where it was given, for the message.
 */
export function withCaFile(endpoint: AmiEndpoint, file: string, option: string): AmiEndpoint {
  if (!endpoint.tls) throw usageError(`${option} is for amis:// (TLS) servers only`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`${option}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw usageError(`${option}: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return { ...endpoint, ca: file };
}

/** The endpoint with its certificate pinned by SHA-256 fingerprint (`--ami-fingerprint`, `fingerprint =`). */
export function withFingerprint(endpoint: AmiEndpoint, text: string, option: string): AmiEndpoint {
  if (!endpoint.tls) throw usageError(`${option} is for amis:// (TLS) servers only`);
  const fingerprint = normalizeFingerprint(text);
  if (!fingerprint) throw usageError(`${option}: not a SHA-256 fingerprint (64 hex digits, colons allowed, as \`openssl x509 -noout -fingerprint -sha256\` prints it)`);
  return { ...endpoint, fingerprint };
}
