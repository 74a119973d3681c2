import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import path from 'node:path';
import { printConfig, type ConfigDocument } from '../dialplan/config/printer.js';
import { DEFAULT_ROUTINE_OPTIONS, routineDocument } from '../chanlog/routine.js';
import { DEFAULT_FEATURE_CODE_OPTIONS, featureCodeDocument } from '../chanlog/feature-codes.js';
import { checkContextName, checkFamilyName, checkFeaturePrefix, checkTechnologies, checkVerboseLevel, VERBOSE_LEVEL_MAX } from '../chanlog/names.js';
import { packageVersion } from '../util/package-root.js';
import { writeFileAtomic } from '../util/fs.js';
import { action } from './run.js';

/** An option parser from a check that says why a value is wrong; commander reports it and exits 2. */
function checkedBy(check: (text: string) => string | undefined): (text: string) => string {
  return (text) => {
    const problem = check(text);
    if (problem) throw new InvalidArgumentError(problem);
    return text;
  };
}

/** Prints the document, or writes it to `output` atomically (nothing is written when anything fails). */
function emit(document: ConfigDocument, output: string | undefined): void {
  const text = printConfig(document);
  if (!output) {
    process.stdout.write(text);
    return;
  }
  writeFileAtomic(path.resolve(output), text);
  process.stderr.write(`wrote ${output}\n`);
}

interface FeatureCodeFlags {
  output?: string;
  context: string;
  prefix: string;
  family: string;
  technologies: string;
}

interface RoutineFlags {
  output?: string;
  context: string;
  family: string;
  verboseLevel: string;
}

export function registerGenerate(program: Command): void {
  // `generate feature-codes --family X` is the subcommand's --family, not the routine's:
  // commander needs positional options on every level above the subcommand for that.
  program.enablePositionalOptions();
  const generate = program
    .command('generate')
    .description('print the ChanLog routine include (dialplan/chanlog.conf with the defaults), to #include from extensions.conf')
    .enablePositionalOptions()
    .option('-o, --output <file>', 'write it to this file instead of stdout (atomically)')
    .option('--context <name>', 'the context callers GoSub into', checkedBy(checkContextName), DEFAULT_ROUTINE_OPTIONS.context)
    .option('--family <name>', 'the AstDB family the levels live in', checkedBy(checkFamilyName), DEFAULT_ROUTINE_OPTIONS.family)
    .option(
      '--verbose-level <n>',
      `the Verbose() level of the printed line, 0-${VERBOSE_LEVEL_MAX} (shown by consoles at \`core set verbose\` this high or higher)`,
      checkedBy(checkVerboseLevel),
      String(DEFAULT_ROUTINE_OPTIONS.verboseLevel),
    )
    .action(
      action((flags: RoutineFlags) => {
        const options = { context: flags.context, family: flags.family, verboseLevel: Number(flags.verboseLevel) };
        emit(routineDocument(packageVersion(), options), flags.output);
      }),
    );

  const defaults = DEFAULT_FEATURE_CODE_OPTIONS;
  generate
    .command('feature-codes')
    .description("print an include of feature codes: a phone dials PREFIX+N to set its own device level to N, PREFIX to clear it; include it from the phones' context, never a trunk's")
    .option('-o, --output <file>', 'write it to this file instead of stdout (atomically)')
    .option('--context <name>', 'the context to include from the phones\' context', checkedBy(checkContextName), defaults.context)
    .option('--prefix <keys>', 'the digits, * and # the codes start with', checkedBy(checkFeaturePrefix), defaults.prefix)
    .option('--family <name>', 'the AstDB family the routine reads', checkedBy(checkFamilyName), defaults.family)
    .option('--technologies <list>', 'channel technologies allowed to use the codes, comma-separated', checkedBy(checkTechnologies), defaults.technologies.join(','))
    .action(
      action((flags: FeatureCodeFlags) => {
        const options = { context: flags.context, prefix: flags.prefix, family: flags.family, technologies: flags.technologies.split(',') };
        emit(featureCodeDocument(packageVersion(), options), flags.output);
      }),
    );
}
