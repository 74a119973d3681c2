import path from 'node:path';
import type { Command } from 'commander';
import { ChanlogError } from '../errors.js';
import { CHECKS, formatDiagnostic, lintDialplan, loadDialplan } from '../dialplan/index.js';
import { writeStdout } from '../util/output.js';
import { action } from './run.js';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('report what Asterisk 22 would complain about while loading FILE, and the bugs a call would hit (exit 1 on errors)')
    .argument('[file]', 'the dialplan (read as Asterisk reads extensions.conf)')
    .option('--config-dir <dir>', "the directory that plays /etc/asterisk for #include (default: FILE's directory)")
    .option('--json', 'one JSON array of diagnostics')
    .option('--list', "list chanlog's own checks and their codes")
    .action(
      action(async (file: string | undefined, flags: { configDir?: string; json?: boolean; list?: boolean }) => {
        if (flags.list) {
          await writeStdout(CHECKS.map((check) => `${check.code.padEnd(24)} ${check.severity.padEnd(8)} ${check.summary}\n`));
          return 0;
        }
        if (!file) throw new ChanlogError('lint needs a FILE (or --list)', { exitCode: 2 });
        const result = loadDialplan(file, flags.configDir ? { configDir: path.resolve(flags.configDir) } : {});
        if (result.missing && result.sources.length === 0) throw new ChanlogError(`${file}: no such file`, { exitCode: 2 });
        const diagnostics = lintDialplan(result);
        if (flags.json) {
          await writeStdout([JSON.stringify(diagnostics, null, 2) + '\n']);
        } else {
          const cwd = process.cwd();
          const display = (p: string) => (path.relative(cwd, p).startsWith('..') ? p : path.relative(cwd, p));
          await writeStdout(diagnostics.map((d) => formatDiagnostic(d, result.sources, display) + '\n'));
          const errors = diagnostics.filter((d) => d.severity === 'error').length;
          const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
          process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${result.aborted ? ' (Asterisk would refuse this file)' : ''}\n`);
        }
        return result.aborted || diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
      }),
    );
}
