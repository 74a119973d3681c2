import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadSourceLocator } from '../ami/source-locator.js';
import { describeLost } from '../ami/feed-notices.js';
import { startTail, type TailFilter, type TailSession } from '../ami/tail.js';
import { checkLevel } from '../chanlog/keys.js';
import { BoundedWriter } from '../util/output.js';
import { compileRegExp, parseNamePattern } from '../util/pattern.js';
import { connectionTargets, withConnectionOptions, type ConnectionFlags } from './ami-options.js';
import { action } from './run.js';

interface TailFlags extends ConnectionFlags {
  level?: number;
  channel?: string;
  device?: string;
  grep?: string;
  json?: boolean;
  dialplan?: string;
}

function parseLevelOption(text: string): number {
  const problem = checkLevel(text);
  if (problem) throw new InvalidArgumentError(problem);
  return Number(text);
}

export function registerTail(program: Command): void {
  withConnectionOptions(program.command('tail'))
    .description("stream what the dialplan's Verbose() and Log() print, filtered; Ctrl-C to stop")
    .option('--level <n>', 'only lines through the ChanLog routine at this level or below', parseLevelOption)
    .option('--channel <pattern>', 'only these channels: a glob (PJSIP/100-*) or /regex/')
    .option('--device <pattern>', 'only these devices (channel name up to the last -): a glob (PJSIP/10?) or /regex/')
    .option('--grep <regex>', 'only lines whose message matches this regular expression')
    .option('--json', 'one JSON object per line (channel, message, and every other field)')
    .option('--dialplan <file>', 'add the file:line of each step, from this dialplan')
    .action(
      action(async (flags: TailFlags) => {
        const filter: TailFilter = {
          ...(flags.level !== undefined ? { maxLevel: flags.level } : {}),
          ...(flags.channel ? { channel: parseNamePattern(flags.channel, '--channel') } : {}),
          ...(flags.device ? { device: parseNamePattern(flags.device, '--device') } : {}),
          ...(flags.grep ? { grep: compileRegExp(flags.grep, '', '--grep') } : {}),
        };
        const locator = flags.dialplan ? loadSourceLocator(flags.dialplan) : undefined;
        const targets = connectionTargets(flags);
        let session: TailSession | undefined;
        const stdout = new BoundedWriter(process.stdout, {
          onDropped: (count) => process.stderr.write(`-- ${describeLost('slow-reader', count)}\n`),
          // A closed pipe (`chanlog tail | head`) ends the stream quietly.
          onClosed: () => void session?.stop(),
        });
        session = await startTail(targets, { filter, json: Boolean(flags.json), ...(locator ? { locator } : {}) }, {
          line: (text) => stdout.line(text),
          notice: (text) => process.stderr.write(`${text}\n`),
        });
        const stop = () => void session.stop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          await session.done;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          stdout.reportDropped();
        }
        return 0;
      }),
    );
}
