import type { Command } from 'commander';
import { resolveServers, type ServerTarget } from '../ami/connection.js';

export interface ConnectionFlags {
  ami?: string[];
  server?: string[];
  managerConf?: string;
  user?: string;
  amiCa?: string;
  amiFingerprint?: string;
}

/** Short commands want no events, no watchdog and no reconnect. */
export const ONE_SHOT = { events: false, reconnect: false, pingIntervalMs: 0 } as const;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The options every command that talks to Asterisk takes; resolution order in `resolveServers`. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--ami <url>', 'ami://USER:SECRET@HOST:PORT (amis:// for TLS), or NAME=URL; repeat for several servers (default: $CHANLOG_AMI_URL)', collect)
    .option('--manager-conf <file>', "read the user's secret and port from Asterisk's manager.conf (with --user)")
    .option('--user <name>', 'the manager user to read from --manager-conf')
    .option('--server <name>', 'a [server NAME] from ~/.config/chanlog/config (repeatable; default: all of them)', collect)
    .option('--ami-ca <file>', 'amis://: trust this CA (PEM) instead of the system ones')
    .option('--ami-fingerprint <sha256>', "amis://: accept only the certificate with this SHA-256 fingerprint (for a self-signed PBX)");
}

export function connectionTargets(flags: ConnectionFlags): ServerTarget[] {
  return resolveServers({
    ...(flags.ami ? { ami: flags.ami } : {}),
    ...(flags.server ? { server: flags.server } : {}),
    ...(flags.managerConf ? { managerConf: flags.managerConf } : {}),
    ...(flags.user ? { user: flags.user } : {}),
    ...(flags.amiCa !== undefined ? { ca: flags.amiCa } : {}),
    ...(flags.amiFingerprint !== undefined ? { fingerprint: flags.amiFingerprint } : {}),
  });
}
