import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { describeEndpoint } from '../ami/url.js';
import { sandboxCli, sandboxDown, sandboxInfo, sandboxStatus, sandboxUp, type SandboxOptions } from '../sandbox/sandbox.js';
import { streamProgress } from '../util/progress.js';
import { action } from './run.js';
import { parsePort } from './options.js';

interface CommonFlags {
  root?: string;
  instance?: string;
}

function common(flags: CommonFlags): SandboxOptions {
  return {
    ...(flags.root ? { root: flags.root } : {}),
    ...(flags.instance ? { instance: flags.instance } : {}),
    progress: streamProgress(process.stderr, 'sandbox: '),
  };
}

function withCommon(command: Command): Command {
  return command
    .option('--root <dir>', 'the chroot directory (default: $XDG_CACHE_HOME/chanlog/sandbox)')
    .option('--instance <name>', 'which Asterisk instance in the chroot', 'default');
}

export function registerSandbox(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description('a real Asterisk 22 in a Debian chroot, for trying dialplans and for the tests (needs root)');

  withCommon(sandbox.command('up'))
    .description('build the chroot (first time, about a minute), start Asterisk and wait until AMI answers')
    .option('--dialplan <file>', 'also load this dialplan file (and the files it #includes)')
    .option('--port <port>', 'AMI port on 127.0.0.1 (default: a free one)', parsePort)
    .action(
      action(async (flags: CommonFlags & { dialplan?: string; port?: number }) => {
        const info = await sandboxUp({
          ...common(flags),
          ...(flags.dialplan ? { dialplan: flags.dialplan } : {}),
          ...(flags.port !== undefined ? { port: flags.port } : {}),
        });
        const state = info.alreadyRunning ? 'already running' : 'running';
        process.stdout.write(`${info.asteriskVersion} ${state} (pid ${info.pid})\n`);
        process.stdout.write(`AMI: ${describeEndpoint(info.endpoint)}   (secret: chanlog sandbox env)\n`);
      }),
    );

  withCommon(sandbox.command('down'))
    .description('stop the sandbox Asterisk')
    .action(
      action(async (flags: CommonFlags) => {
        const result = await sandboxDown(common(flags));
        process.stdout.write(result.wasRunning ? `stopped; AMI port ${result.port} closed\n` : 'not running\n');
      }),
    );

  withCommon(sandbox.command('status'))
    .description('say whether the sandbox is built and running (exit 3 when not running)')
    .action(
      action(async (flags: CommonFlags) => {
        const status = await sandboxStatus(common(flags));
        process.stdout.write(`chroot: ${status.built ? `${status.root} (${status.asteriskVersion})` : `not built (${status.root})`}\n`);
        if (!status.running) {
          process.stdout.write(`instance ${status.instance}: not running\n`);
          return 3;
        }
        const ami = status.amiAnswers ? 'answers' : 'does not answer';
        process.stdout.write(`instance ${status.instance}: running, pid ${status.pid}, AMI 127.0.0.1:${status.amiPort} ${ami}\n`);
        return 0;
      }),
    );

  withCommon(sandbox.command('env'))
    .description('print CHANLOG_AMI_URL for the running sandbox (use with eval or export)')
    .action(
      action((flags: CommonFlags) => {
        const info = sandboxInfo(common(flags));
        process.stdout.write(`CHANLOG_AMI_URL=${info.amiUrl}\n`);
      }),
    );

  withCommon(sandbox.command('cli'))
    .description('run an Asterisk CLI command inside the sandbox, e.g. "core show channels"')
    .argument('<command...>', 'the CLI command')
    .action(
      action(async (words: string[], flags: CommonFlags) => {
        const command = words.join(' ');
        if (/[\r\n]/.test(command)) throw usageError('the CLI command holds a line break');
        const result = await sandboxCli(common(flags), command);
        process.stdout.write(result.output);
        return result.code;
      }),
    );
}
