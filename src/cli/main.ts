import { Command } from 'commander';
import { endQuietlyOnClosedStdout } from './closed-pipe.js';
import { packageVersion } from '../util/package-root.js';
import { hideSecretsFromCommandLine } from './hide-secrets.js';
import { installInterruptHandling, reportFailure } from './run.js';

type Register = (program: Command) => void;

/**
 * The commands, in the order `--help` lists them. Each is loaded only when
 * needed: `chanlog show` on a big dialplan should not pay for loading the
 * AMI client, the sandbox and the console first.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  start: async () => (await import('./start.js')).registerStart,
  sandbox: async () => (await import('./sandbox.js')).registerSandbox,
  show: async () => (await import('./show.js')).registerShow,
  lint: async () => (await import('./lint.js')).registerLint,
  generate: async () => (await import('./generate.js')).registerGenerate,
  level: async () => (await import('./level.js')).registerLevel,
  tail: async () => (await import('./tail.js')).registerTail,
  trace: async () => (await import('./trace.js')).registerTrace,
  console: async () => (await import('./console.js')).registerConsole,
  doctor: async () => (await import('./doctor.js')).registerDoctor,
};

async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command();
  program
    .name('chanlog')
    .description('Asterisk dialplan debugging: per-channel log levels, a filtered Verbose stream, an exact dialplan parser, and a sandbox Asterisk')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const requested = argv[2];
  const names = requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [requested] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!())(program);
  // Every subcommand exits through our handler too, so usage errors get exit code 2.
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

// The launcher has done this already; done again for a start without it (`node dist/cli/main.js`).
hideSecretsFromCommandLine();
endQuietlyOnClosedStdout();
installInterruptHandling();

try {
  await (await buildProgram(process.argv)).parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportFailure(err);
}
