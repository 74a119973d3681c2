import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { describeRefusal, dialplanToJson, loadDialplan, writeDialplanShow, parseShowArgument } from '../dialplan/index.js';
import { writeStdout, writeStdoutSync } from '../util/output.js';
import { action } from './run.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description("print what Asterisk 22's `dialplan show` would print after loading FILE as extensions.conf")
    .argument('<file>', 'the dialplan (read as Asterisk reads extensions.conf)')
    .argument('[context]', 'CONTEXT, EXTEN@CONTEXT, EXTEN@ or @CONTEXT, as `dialplan show` takes it')
    .option('--config-dir <dir>', "the directory that plays /etc/asterisk for #include (default: FILE's directory)")
    .option('--json', 'the loaded dialplan as JSON instead')
    .action(
      action(async (file: string, context: string | undefined, flags: { configDir?: string; json?: boolean }) => {
        const result = loadDialplan(file, flags.configDir ? { configDir: path.resolve(flags.configDir) } : {});
        if (result.missing && result.sources.length === 0) {
          throw usageError(`${file}: ${fs.existsSync(file) ? 'not a readable file' : 'no such file'}`);
        }
        if (result.aborted) throw describeRefusal(file, result);
        if (flags.json) {
          await writeStdout([JSON.stringify(dialplanToJson(result), null, 2) + '\n']);
          return 0;
        }
        let open = true;
        const ok = writeDialplanShow(result, parseShowArgument(context), (chunk) => {
          if (open) open = writeStdoutSync(chunk);
        });
        return ok ? 0 : 1;
      }),
    );
}
