import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { AmiClient } from '../../src/ami/client.js';
import { formatAmiUrl } from '../../src/ami/url.js';
import { sandboxDown, sandboxUp } from '../../src/sandbox/sandbox.js';
import { InstancePaths } from '../../src/sandbox/paths.js';
import { findCommand } from '../../src/util/exec.js';
import { streamProgress } from '../../src/util/progress.js';
import { TEST_MANAGER_USERS } from './manager-users.js';
import type { SandboxContext } from './sandbox-context.js';

export const LOAD_DIALPLAN = fileURLToPath(new URL('../fixtures/ami/load.conf', import.meta.url));

/** Why the sandbox cannot run here, or undefined when it can. */
function whyNoSandbox(): string | undefined {
  if (process.platform !== 'linux') return 'the sandbox needs Linux';
  if (process.getuid?.() !== 0) return 'not root (the sandbox uses debootstrap and chroot)';
  if (!findCommand('debootstrap') && !findCommand('apt-get')) return 'no debootstrap, and no apt-get to install it';
  return undefined;
}

/**
 * Starts one sandbox Asterisk instance of its own for the integration tests
 * (beside any `default` instance an admin runs), prints the live Asterisk
 * version, and stops it afterwards. Without root the tests are skipped with
 * the reason printed, except under CI=true, where they must run.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const reason = whyNoSandbox();
  if (reason) {
    if (process.env.CI === 'true') throw new Error(`integration tests must run under CI=true, but ${reason}`);
    process.stdout.write(`\nintegration tests SKIPPED: ${reason}\n\n`);
    project.provide('sandbox', null);
    return undefined;
  }
  const instance = `test-${process.pid}`;
  const limitedSecret = randomBytes(12).toString('hex');
  const testUsers = TEST_MANAGER_USERS.map((user) => ({ ...user, secret: randomBytes(12).toString('hex') }));
  const info = await sandboxUp({
    instance,
    // The paced load the tail tests drive (test/fixtures/ami/load.conf).
    dialplan: LOAD_DIALPLAN,
    progress: streamProgress(process.stdout, 'sandbox: '),
    extraUsers: [{ name: 'limited', secret: limitedSecret, read: 'call', write: 'call' }, ...testUsers],
  });
  const client = new AmiClient({ endpoint: info.endpoint, reconnect: false, pingIntervalMs: 0 });
  await client.connect();
  const version = (await client.command('core show version'))[0] ?? info.asteriskVersion;
  client.close();
  process.stdout.write(`\nintegration tests run against: ${version}\n  AMI ${info.endpoint.host}:${info.endpoint.port}, instance ${instance} in ${info.root}\n\n`);

  const context: SandboxContext = {
    root: info.root,
    instance,
    amiUrl: info.amiUrl,
    limitedAmiUrl: formatAmiUrl({ ...info.endpoint, username: 'limited', secret: limitedSecret }),
    managerUrls: Object.fromEntries(testUsers.map((u) => [u.name, formatAmiUrl({ ...info.endpoint, username: u.name, secret: u.secret })])),
    asteriskVersion: version,
    configDir: info.configDir,
    messagesLog: info.messagesLog,
  };
  project.provide('sandbox', context);
  return async () => {
    await sandboxDown({ root: info.root, instance });
    fs.rmSync(new InstancePaths(info.root, instance).dir, { recursive: true, force: true });
  };
}
