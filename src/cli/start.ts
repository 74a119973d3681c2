import type { Command } from 'commander';
import { runDemo } from '../sandbox/demo.js';
import { parseCount } from './options.js';
import { action } from './run.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('the main job on the built-in sandbox: start it, place demo calls and stream what they log (what `npm start` runs)')
    .option('--root <dir>', 'the sandbox chroot directory')
    .option('--instance <name>', 'which Asterisk instance in the chroot (default: default)')
    .option('--calls <n>', 'stop after this many demo calls (default: until Ctrl-C)', parseCount)
    .option('--json', 'one JSON object per line')
    .action(
      action(async (flags: { root?: string; instance?: string; calls?: number; json?: boolean }) => {
        await runDemo({
          ...(flags.root ? { root: flags.root } : {}),
          ...(flags.instance ? { instance: flags.instance } : {}),
          ...(flags.calls !== undefined ? { calls: flags.calls } : {}),
          json: Boolean(flags.json),
        });
      }),
    );
}
