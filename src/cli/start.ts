import type { Command } from 'commander';
import { openDemo, placeDemoCalls, runDemo } from '../sandbox/demo.js';
import { runConsole, DEFAULT_SCROLLBACK, consoleKeymap } from './console.js';
import { action } from './run.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('the main job on the built-in sandbox: start it, place demo calls, and show them in the live console (on a terminal) or stream what they log (what `npm start` runs)')
    .option('--root <dir>', 'the sandbox chroot directory')
    .option('--calls <n>', 'stop after this many demo calls (default: until Ctrl-C)', (v) => Number(v))
    .option('--json', 'one JSON object per line')
    .action(
      action(async (flags: { root?: string; calls?: number; json?: boolean }) => {
        if (process.stdout.isTTY && process.stdin.isTTY && !flags.json) return consoleDemo(flags);
        await runDemo({
          ...(flags.root ? { root: flags.root } : {}),
          ...(flags.calls !== undefined ? { calls: flags.calls } : {}),
          json: Boolean(flags.json),
        });
      }),
    );
}

/** On a terminal: the demo with the live console attached (calls placed more often, so the calls pane is busy). */
async function consoleDemo(flags: { root?: string; calls?: number }): Promise<number> {
  const keymap = consoleKeymap();
  const { feed, client } = await openDemo(flags);
  let stopped = false;
  const calls = placeDemoCalls(client, { ...(flags.calls !== undefined ? { calls: flags.calls } : {}), intervalMs: 1_500 }, () => stopped, () => {});
  try {
    return await runConsole(feed, { scrollback: DEFAULT_SCROLLBACK, keymap });
  } finally {
    stopped = true;
    await calls;
    process.stderr.write('the sandbox keeps running: chanlog sandbox down stops it\n');
  }
}
