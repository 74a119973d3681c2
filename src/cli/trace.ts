import fs from 'node:fs';
import type { Command } from 'commander';
import { loadSourceLocator } from '../ami/source-locator.js';
import { usageError } from '../errors.js';
import { checkLinkedid } from '../chanlog/keys.js';
import { literalPrefix } from '../trace/filters.js';
import { formatStep, isShown, stepJson } from '../trace/format.js';
import { TraceSession, type TraceSelector } from '../trace/session.js';
import { fileSources } from '../trace/sources.js';
import { parseNamePattern } from '../util/pattern.js';
import { connectionTargets, withConnectionOptions, type ConnectionFlags } from './ami-options.js';
import { action } from './run.js';

interface TraceFlags extends ConnectionFlags {
  channel?: string;
  device?: string;
  linkedid?: string;
  json?: boolean;
  dialplan?: string;
  configDir?: string;
  expand?: boolean;
}

/** Asterisk's own config directory: where the server's `[file:line]` names are read, when chanlog runs on the PBX. */
const DEFAULT_CONFIG_DIR = '/etc/asterisk';

/** Exactly one of --channel, --device, --linkedid, checked before anything connects. */
export function traceSelector(flags: Pick<TraceFlags, 'channel' | 'device' | 'linkedid'>): TraceSelector {
  const given = (['channel', 'device', 'linkedid'] as const).filter((name) => flags[name] !== undefined);
  if (given.length !== 1) throw usageError('give exactly one of --channel PATTERN, --device PATTERN, --linkedid ID');
  if (flags.linkedid !== undefined) {
    const problem = checkLinkedid(flags.linkedid);
    if (problem) throw usageError(`--linkedid: ${problem}`);
    return { kind: 'linkedid', linkedid: flags.linkedid };
  }
  const kind = flags.channel !== undefined ? 'channel' : 'device';
  const text = (flags.channel ?? flags.device)!;
  // Its literal start becomes a server-side filter: nothing that could break out of an AMI header.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(text)) throw usageError(`--${kind}: the pattern holds a control character`);
  return { kind, pattern: parseNamePattern(text, `--${kind}`), prefix: literalPrefix(text) };
}

export function registerTrace(program: Command): void {
  withConnectionOptions(program.command('trace'))
    .description('every dialplan step of a call, with the source line that made it run; --linkedid ends with the call, the others with Ctrl-C')
    .option('--channel <pattern>', 'trace the whole calls of these channels: a glob (PJSIP/100-*) or /regex/')
    .option('--device <pattern>', 'trace the whole calls of these devices (channel name up to the last -): a glob or /regex/')
    .option('--linkedid <id>', 'trace this call (every channel with this linkedid); waits for it if it has not started')
    .option('--json', 'one JSON object per step (the field names of `chanlog tail --json`, plus appData, depth, kind)')
    .option('--dialplan <file>', "source lines from this dialplan, read with chanlog's parser (default: the server's `dialplan show`)")
    .option('--config-dir <dir>', `where the server's dialplan files can be read, for the text of each line (default ${DEFAULT_CONFIG_DIR})`)
    .option('--expand', 'also show the steps inside ChanLog routine calls (--json always has them)')
    .action(
      action(async (flags: TraceFlags) => {
        const selector = traceSelector(flags);
        const sources = flags.dialplan ? fileSources(loadSourceLocator(flags.dialplan)) : undefined;
        if (flags.configDir && !fs.existsSync(flags.configDir)) throw usageError(`--config-dir ${flags.configDir}: no such directory`);
        const configDir = flags.configDir ?? (fs.existsSync(DEFAULT_CONFIG_DIR) ? DEFAULT_CONFIG_DIR : undefined);
        const targets = connectionTargets(flags);
        const write = (text: string) => process.stdout.write(`${text}\n`);
        const notice = (text: string) => process.stderr.write(`${text}\n`);
        let finish!: () => void;
        const finished = new Promise<void>((resolve) => (finish = resolve));
        const opened = await Promise.allSettled(
          targets.map((target) =>
            TraceSession.open(
              { target, selector, ...(sources ? { sources } : {}), ...(configDir ? { configDir } : {}) },
              {
                step: (step) => {
                  if (flags.json) write(stepJson(step));
                  else if (isShown(step, { expandRoutine: Boolean(flags.expand) })) write(formatStep(step));
                },
                callStarted: (call) => notice(`-- ${call.server}: call ${call.linkedid} started`),
                callEnded: (call) => {
                  notice(`-- ${call.server}: call ${call.linkedid} ended`);
                  if (selector.kind === 'linkedid') finish();
                },
                notice,
              },
            ),
          ),
        );
        const sessions = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
        const failure = opened.find((result) => result.status === 'rejected');
        if (failure) {
          // One server that cannot be traced fails the command, as everywhere else; close the others.
          for (const session of sessions) session.close();
          throw failure.reason;
        }
        const what = selector.kind === 'linkedid' ? `call ${selector.linkedid}` : `the calls of ${selector.kind}s matching ${flags.channel ?? flags.device}`;
        notice(`-- tracing ${what} on ${sessions.map((s) => s.server).join(', ')}`);
        const stop = () => finish();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        process.stdout.on('error', stop);
        try {
          await Promise.race([finished, ...sessions.map((s) => s.done)]);
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          for (const session of sessions) session.close();
        }
        return 0;
      }),
    );
}
