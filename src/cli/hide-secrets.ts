import { redactSecrets } from '../ami/url.js';

/**
 * Other users can read a process's command line (`ps`, /proc/PID/cmdline):
 * replace it with one where every AMI URL's secret is `***`. The launcher
 * runs this before anything else is loaded; the secret is visible only
 * between the process's start and this moment (Node's own start-up), which
 * is why the README recommends the config file or CHANLOG_AMI_URL.
 */
export function hideSecretsFromCommandLine(argv: readonly string[] = process.argv): void {
  const redacted = argv.map((arg) => redactSecrets(arg));
  if (redacted.some((arg, i) => arg !== argv[i])) process.title = redacted.join(' ');
}
