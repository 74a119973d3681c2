import { Command } from 'commander';
import { redactSecrets } from '../ami/url.js';
import { packageVersion } from '../util/package-root.js';
import { registerDoctor } from './doctor.js';
import { registerGenerate } from './generate.js';
import { registerLevel } from './level.js';
import { registerTail } from './tail.js';
import { reportFailure } from './run.js';
import { registerSandbox } from './sandbox.js';
import { registerShow } from './show.js';
import { registerStart } from './start.js';

function buildProgram(): Command {
  const program = new Command();
  program
    .name('chanlog')
    .description('Asterisk dialplan debugging: per-channel log levels, a filtered Verbose stream, an exact dialplan parser, and a sandbox Asterisk')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerStart(program);
  registerSandbox(program);
  registerGenerate(program);
  registerShow(program);
  registerLevel(program);
  registerTail(program);
  registerDoctor(program);
  // Every subcommand exits through our handler too, so usage errors get exit code 2.
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

// Other users can read a process's command line (`ps`): keep an `--ami` secret out of it.
const commandLine = process.argv.join(' ');
if (redactSecrets(commandLine) !== commandLine) process.title = redactSecrets(commandLine);

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportFailure(err);
}
