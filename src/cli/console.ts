import fs from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { defaultConfigPath, readConfigKeys } from '../ami/config-file.js';
import { openFeed } from '../ami/feed.js';
import type { Feed } from '../ami/feed-types.js';
import { loadSourceLocator } from '../ami/source-locator.js';
import { ConsoleApp, type ConsoleOptions } from '../console/app.js';
import { keySettingsFrom } from '../console/config.js';
import { Filters, type FilterField } from '../console/filters.js';
import { Keymap } from '../console/keymap.js';
import { usageError } from '../errors.js';
import { fileSources } from '../trace/sources.js';
import { connectionTargets, withConnectionOptions, type ConnectionFlags } from './ami-options.js';
import { action } from './run.js';

interface ConsoleFlags extends ConnectionFlags {
  dialplan?: string;
  scrollback: number;
  level?: string;
  channel?: string;
  device?: string;
  grep?: string;
  mouse?: boolean;
}

export const DEFAULT_SCROLLBACK = 50_000;

function parseScrollback(text: string): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < 100 || value > 10_000_000) throw new InvalidArgumentError('a whole number of lines from 100 to 10000000');
  return value;
}

export function registerConsole(program: Command): void {
  withConnectionOptions(program.command('console'))
    .description('the live console: calls, their log lines, levels, filters and search in one screen (q quits)')
    .option('--dialplan <file>', 'add the file:line of each step, from this dialplan')
    .option('--scrollback <lines>', 'lines kept for scrolling back', parseScrollback, DEFAULT_SCROLLBACK)
    .option('--level <n>', 'start with this level filter (as chanlog tail)')
    .option('--channel <pattern>', 'start with this channel filter: a glob or /regex/')
    .option('--device <pattern>', 'start with this device filter: a glob or /regex/')
    .option('--grep <regex>', 'start with this message filter')
    .option('--mouse', 'scroll the log with the mouse wheel (the terminal then no longer selects text by itself)')
    .action(
      action(async (flags: ConsoleFlags) => {
        if (!process.stdout.isTTY || !process.stdin.isTTY) {
          throw usageError('chanlog console needs a terminal; for a stream to a pipe or a file use chanlog tail');
        }
        // Everything the user typed is checked before connecting and before the screen changes.
        const filters = new Filters();
        for (const field of ['level', 'channel', 'device', 'grep'] as FilterField[]) {
          const text = flags[field];
          if (text !== undefined) filters.setField(field, text);
        }
        const keymap = consoleKeymap();
        const locator = flags.dialplan ? loadSourceLocator(flags.dialplan) : undefined;
        const targets = connectionTargets(flags);
        process.stderr.write(`chanlog console: connecting to ${targets.map((t) => t.name).join(', ')}...\n`);
        const feed = await openFeed(targets, locator ? { locator } : {});
        const trace = { targets, ...(locator ? { sources: fileSources(locator) } : {}) };
        return runConsole(feed, { scrollback: flags.scrollback, filters, keymap, mouse: Boolean(flags.mouse), trace });
      }),
    );
}

/** The default keys with the config file's [keys] applied. */
export function consoleKeymap(): Keymap {
  const configFile = defaultConfigPath();
  return Keymap.withSettings(keySettingsFrom(readConfigKeys(configFile), configFile));
}

/** Runs the console on an open feed until the user quits; stops the feed; returns the exit code. */
export async function runConsole(feed: Feed, options: Pick<ConsoleOptions, 'scrollback' | 'filters' | 'keymap' | 'mouse' | 'trace'>): Promise<number> {
  const app = new ConsoleApp({
    ...options,
    feed,
    input: process.stdin,
    output: process.stdout,
    // https://no-color.org: any non-empty value.
    monochrome: Boolean(process.env.NO_COLOR),
  });
  const quit = () => app.quit(0);
  const crash = (err: unknown) => {
    // Give the terminal back before anything is printed.
    app.quit(1);
    process.stderr.write(`chanlog console: ${err instanceof Error ? err.message : String(err)}\n`);
  };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  process.on('SIGHUP', quit);
  process.on('uncaughtException', crash);
  try {
    return await app.run();
  } finally {
    process.off('SIGINT', quit);
    process.off('SIGTERM', quit);
    process.off('SIGHUP', quit);
    process.off('uncaughtException', crash);
    // Followed calls' keys are put back over the feed's command session, so before the feed stops.
    await app.trace?.close().catch((err: unknown) => process.stderr.write(`chanlog console: ${err instanceof Error ? err.message : String(err)}\n`));
    await feed.stop();
    writeStats(app);
  }
}

/** With CHANLOG_CONSOLE_STATS=FILE, what the console received, as JSON, on exit (the benchmark reads it). */
function writeStats(app: ConsoleApp): void {
  const file = process.env.CHANLOG_CONSOLE_STATS;
  if (file) fs.writeFileSync(file, `${JSON.stringify(app.stats())}\n`);
}
