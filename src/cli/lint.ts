import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { usageError } from '../errors.js';
import {
  ASTERISK_MAJORS,
  CATALOGUE,
  catalogueEntry,
  DEFAULT_ASTERISK,
  findLintConfig,
  githubAnnotations,
  lintDialplan,
  LintConfigError,
  loadDialplan,
  parseAsteriskVersion,
  readLintConfig,
  sarifLog,
  textChunks,
  type LintConfig,
} from '../dialplan/index.js';
import { packageVersion } from '../util/package-root.js';
import { writeStdout } from '../util/output.js';
import { withConnectionOptions, type ConnectionFlags } from './ami-options.js';
import { chooseVersion, readLintServer, serverNotes, wantsServer } from './lint-server.js';
import { action } from './run.js';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

interface LintFlags extends ConnectionFlags {
  configDir?: string;
  json?: boolean;
  format?: Format;
  list?: boolean;
  explain?: string;
  disable: string[];
  externalContext: string[];
  maxWarnings?: number;
  asterisk?: string;
  lintConfig?: string | false;
}

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${FORMATS.join(', ')}`);
  return value as Format;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number');
  return Number(value);
}

function asteriskVersion(text: string, where: string): string {
  const version = parseAsteriskVersion(text);
  if (!version) throw usageError(`${where}: Asterisk ${JSON.stringify(text)} is not one chanlog knows (${ASTERISK_MAJORS.join(', ')})`);
  return version;
}

function checkCodes(codes: readonly string[], where: string): void {
  const unknown = codes.filter((code) => !catalogueEntry(code));
  if (unknown.length > 0) throw usageError(`${where}: no such code ${unknown.join(', ')} (chanlog lint --list)`);
}

/** The lint config for FILE: --lint-config, else the nearest .chanlog-lint.conf; a broken one is a usage error. */
function lintConfigFor(file: string, flag: string | false | undefined): LintConfig | undefined {
  if (flag === false) return undefined;
  const found = flag ?? findLintConfig(path.dirname(path.resolve(file)));
  if (found === undefined) return undefined;
  try {
    return readLintConfig(found);
  } catch (err) {
    if (err instanceof LintConfigError) throw usageError(`lint config ${err.message}`);
    throw err;
  }
}

export function registerLint(program: Command): void {
  withConnectionOptions(program.command('lint'))
    .description(
      'report what Asterisk would complain about while loading FILE, and the bugs a call would hit (exit 1 on errors); with --ami, --server or --manager-conf, for the version that one server runs and the applications and functions it has loaded',
    )
    .argument('[file]', 'the dialplan (read as Asterisk reads extensions.conf)')
    .option('--config-dir <dir>', "the directory that plays /etc/asterisk for #include (default: FILE's directory)")
    .option('--asterisk <version>', `the Asterisk to lint for: ${ASTERISK_MAJORS.join(', ')} (default: the --ami server's, the lint config's, ${DEFAULT_ASTERISK})`)
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, parseFormat)
    .option('--json', 'the same as --format json')
    .option('--disable <codes>', 'do not report these codes (comma-separated; repeatable)', collect, [])
    .option('--external-context <names>', 'contexts that exist outside this dialplan (comma-separated; repeatable)', collect, [])
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('--lint-config <file>', 'the lint config (default: the nearest .chanlog-lint.conf from FILE up)')
    .option('--no-lint-config', 'read no lint config')
    .option('--list', 'list every diagnostic code')
    .option('--explain <code>', 'what a code means, with an example')
    .action(
      action(async (file: string | undefined, flags: LintFlags) => {
        if (flags.list) {
          await writeStdout(CATALOGUE.map((entry) => `${entry.code.padEnd(28)} ${entry.severity.padEnd(8)} ${entry.summary} [${entry.source}]\n`));
          return 0;
        }
        if (flags.explain !== undefined) {
          const entry = catalogueEntry(flags.explain.trim().toUpperCase());
          if (!entry) throw usageError(`no such code ${JSON.stringify(flags.explain)} (chanlog lint --list)`);
          const example = entry.example.replace(/\n$/, '').split('\n').map((line) => `    ${line}`).join('\n');
          await writeStdout([`${entry.code} (${entry.severity}, from ${entry.source})\n  ${entry.summary}\n\nExample:\n${example}\n`]);
          return 0;
        }
        if (!file) throw usageError('lint needs a FILE (or --list, --explain CODE)');
        if (flags.json && flags.format !== undefined && flags.format !== 'json') throw usageError('--json and --format disagree');
        const format: Format = flags.json ? 'json' : (flags.format ?? 'text');
        const config = lintConfigFor(file, flags.lintConfig);
        checkCodes(flags.disable, '--disable');
        if (config) checkCodes(config.disable, `lint config ${config.file}`);
        const given = {
          ...(flags.asterisk !== undefined ? { explicit: asteriskVersion(flags.asterisk, '--asterisk') } : {}),
          ...(config?.asterisk !== undefined ? { configured: asteriskVersion(config.asterisk, `lint config ${config.file}`) } : {}),
        };
        // Only with a connection option: the server's registered names are then the truth for what exists.
        const server = wantsServer(flags) ? await readLintServer(flags) : undefined;
        const asterisk = chooseVersion(server, given, DEFAULT_ASTERISK);
        if (server) process.stderr.write(serverNotes(server, asterisk, given).join(''));
        const configDir = path.resolve(flags.configDir ?? path.dirname(path.resolve(file)));
        const result = loadDialplan(file, { configDir, asteriskMajor: Number(asterisk) });
        if (result.missing && result.sources.length === 0) throw usageError(`${file}: no such file`);
        const diagnostics = lintDialplan(result, {
          asterisk,
          disabled: [...flags.disable, ...(config?.disable ?? [])],
          externalContexts: [...flags.externalContext, ...(config?.externalContexts ?? [])],
          configDir,
          ...(server?.registered ? { registered: server.registered } : {}),
        });
        const cwd = process.cwd();
        const relative = (p: string) => (path.relative(cwd, p).startsWith('..') ? p : path.relative(cwd, p));
        if (format === 'json') await writeStdout([JSON.stringify(diagnostics, null, 2) + '\n']);
        else if (format === 'sarif') await writeStdout([JSON.stringify(sarifLog(diagnostics, result.sources, relative, packageVersion()), null, 2) + '\n']);
        else if (format === 'github') await writeStdout(githubAnnotations(diagnostics, result.sources, relative));
        else await writeStdout(textChunks(diagnostics, result.sources, relative));
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = diagnostics.length - errors;
        const maxWarnings = flags.maxWarnings ?? config?.maxWarnings;
        const tooMany = maxWarnings !== undefined && warnings > maxWarnings;
        if (format === 'text') {
          const refused = result.aborted ? ' (Asterisk would refuse this file)' : '';
          const limit = tooMany ? `; more than --max-warnings ${maxWarnings}` : '';
          process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${refused}${limit}\n`);
        }
        return result.aborted || errors > 0 || tooMany ? 1 : 0;
      }),
    );
}
