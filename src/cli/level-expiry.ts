import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { AmiClient } from '../ami/client.js';
import { collectExpired, parseDuration, type ExpiryRecord } from '../ami/level-expiry.js';
import { formatTime } from '../ami/line-format.js';
import { checkLevel, LEVEL_MAX } from '../chanlog/keys.js';
import { DEFAULT_FOLLOW_LEVEL, DEFAULT_FOLLOW_MS } from '../trace/follow.js';
import { FollowSession } from '../trace/follow-session.js';
import { connectionTargets, withConnectionOptions, type ConnectionFlags } from './ami-options.js';
import { action } from './run.js';
import { traceSelector } from './trace.js';

type EachServer = (flags: ConnectionFlags, work: (client: AmiClient, family: string) => Promise<string[]>) => Promise<void>;

/** `--for 30m`: a duration in s, m, h or d. */
export function parseDurationOption(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new InvalidArgumentError('a duration like 30s, 30m, 2h, 1d or 1h30m');
  return ms;
}

function parseLevelOption(text: string): string {
  const problem = checkLevel(text);
  if (problem) throw new InvalidArgumentError(problem);
  return text;
}

/** `14:33:07`: an expiry is a whole second. */
function clock(time: Date): string {
  return formatTime(time).slice(0, 8);
}

/** What `level list` adds after a level that chanlog set for a while. */
export function expiryNote(record: ExpiryRecord | undefined, now: Date): string {
  if (!record) return '';
  const restores = record.previous !== undefined ? `, then ${record.previous} again` : '';
  if (record.expires > now) return `  until ${clock(record.expires)}${restores}`;
  return `  EXPIRED at ${clock(record.expires)} (chanlog level gc ${record.previous !== undefined ? `puts back ${record.previous}` : 'removes it'})`;
}

/** The same for `level list --json`. */
export function expiryFields(record: ExpiryRecord | undefined, now: Date): Record<string, unknown> {
  if (!record) return {};
  return { expires: record.expires.toISOString(), expired: record.expires <= now, ...(record.previous !== undefined ? { previous: record.previous } : {}) };
}

interface FollowFlags extends ConnectionFlags {
  linkedid?: string;
  channel?: string;
  device?: string;
  level?: string;
  for?: number;
}

/** `chanlog level gc` and `chanlog level follow`. */
export function registerLevelExpiry(level: Command, eachServer: EachServer): void {
  withConnectionOptions(level.command('gc'))
    .description('remove the levels whose time is up (set with --for, or left by a follow that did not end), putting back earlier values')
    .action(
      action(async (flags: ConnectionFlags) => {
        await eachServer(flags, async (client, family) => {
          const collected = await collectExpired(client, new Date(), family);
          if (collected.length === 0) return ['nothing has expired'];
          return collected.map((c) => (c.outcome === 'removed' ? `removed ${family}/${c.key}` : `put back ${family}/${c.key} = ${c.value}`));
        });
      }),
    );

  withConnectionOptions(level.command('follow'))
    .description(`turn up the logging of whole calls (every channel, later legs included) until they end or Ctrl-C; AstDB is left as it was found`)
    .option('--linkedid <id>', 'this call; ends when its last channel hangs up')
    .option('--channel <pattern>', 'the calls of these channels as they appear: a glob (PJSIP/100-*) or /regex/')
    .option('--device <pattern>', 'the calls of these devices as they appear: a glob or /regex/')
    .option('--level <n>', `the level to log at, 0-${LEVEL_MAX} (default ${DEFAULT_FOLLOW_LEVEL})`, parseLevelOption)
    .option('--for <duration>', `how long the level may stay if chanlog is killed (default ${DEFAULT_FOLLOW_MS / 3_600_000}h); chanlog level gc removes it after`, parseDurationOption)
    .action(
      action(async (flags: FollowFlags) => {
        const selector = traceSelector(flags);
        const targets = connectionTargets(flags);
        const follow = { ...(flags.level !== undefined ? { level: flags.level } : {}), ...(flags.for !== undefined ? { forMs: flags.for } : {}) };
        const notice = (text: string) => process.stderr.write(`${text}\n`);
        // Ctrl-C while the keys are being set still puts them back: the handlers come first.
        let stop!: () => void;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const opened = await Promise.allSettled(
          targets.map((target) =>
            FollowSession.open(
              { target, selector, follow },
              {
                followed: (call, key) => process.stdout.write(`${call.server}: following call ${call.linkedid}: ${key} = ${flags.level ?? DEFAULT_FOLLOW_LEVEL}\n`),
                released: (call, key) => process.stdout.write(`${call.server}: call ${call.linkedid} released: ${key} is as it was\n`),
                notice,
              },
            ),
          ),
        );
        const sessions = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const failure = opened.find((r) => r.status === 'rejected');
        try {
          if (failure) throw failure.reason;
          notice('-- following; Ctrl-C puts every key back and ends');
          const ends = [stopped, ...sessions.map((s) => s.done)];
          if (selector.kind === 'linkedid') ends.push(Promise.race(sessions.map((s) => s.callOver)));
          await Promise.race(ends);
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          for (const session of sessions) await session.close();
        }
        return 0;
      }),
    );
}
