import type { Command } from 'commander';
import path from 'node:path';
import { printConfig } from '../dialplan/config/printer.js';
import { routineDocument } from '../chanlog/routine.js';
import { writeFileAtomic } from '../util/fs.js';
import { action } from './run.js';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('print the ChanLog routine include (dialplan/chanlog.conf), to #include from extensions.conf')
    .option('-o, --output <file>', 'write it to this file instead of stdout (atomically)')
    .action(
      action((flags: { output?: string }) => {
        const text = printConfig(routineDocument());
        if (!flags.output) {
          process.stdout.write(text);
          return;
        }
        writeFileAtomic(path.resolve(flags.output), text);
        process.stderr.write(`wrote ${flags.output}\n`);
      }),
    );
}
