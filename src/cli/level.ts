import type { Command } from 'commander';
import { withClients } from '../ami/connection.js';
import { clearLevel, getLevel, listLevels, parseLevelRequest, scopeKeyName, serverFamily, setLevel } from '../ami/levels.js';
import type { AmiClient } from '../ami/client.js';
import { LEVEL_MAX, LEVEL_MIN, levelKey } from '../chanlog/keys.js';
import { forgetExpiry, readExpiries, setLevelFor } from '../ami/level-expiry.js';
import { expiryFields, expiryNote, parseDurationOption, registerLevelExpiry } from './level-expiry.js';
import { connectionTargets, ONE_SHOT, withConnectionOptions, type ConnectionFlags } from './ami-options.js';
import { action } from './run.js';

/**
 * Runs `work` on every server with the AstDB family that server's routine
 * reads, printing its lines prefixed with the server's name when there are
 * several.
 */
function eachServer(flags: ConnectionFlags, work: (client: AmiClient, family: string) => Promise<string[]>): Promise<void> {
  const targets = connectionTargets(flags);
  return withClients(targets, ONE_SHOT, async (clients) => {
    for (const client of clients) {
      const prefix = clients.length > 1 ? `${client.name}: ` : '';
      const { family, note } = await serverFamily(client);
      for (const line of await work(client, family)) process.stdout.write(`${prefix}${line}\n`);
      // After the result: when the work fails, its error is what matters.
      if (note) process.stderr.write(`${prefix}note: ${note}\n`);
    }
  });
}

const SCOPES = `all | device NAME | channel NAME | call LINKEDID (NAME like PJSIP/100, or PJSIP/100-0000002a for one channel; LINKEDID for every channel of one call)`;

export function registerLevel(program: Command): void {
  const level = program
    .command('level')
    .description(
      `the ChanLog levels in AstDB that the routine reads (in the family the server's loaded routine names); levels are whole numbers ${LEVEL_MIN}-${LEVEL_MAX}`,
    );

  withConnectionOptions(level.command('set'))
    .description(`set a level and read it back: set ${SCOPES} LEVEL`)
    .argument('<words...>', 'all LEVEL | device NAME LEVEL | channel NAME LEVEL | call LINKEDID LEVEL')
    .option('--for <duration>', 'only for this long (30s, 30m, 2h, 1d); the expiry is recorded beside it, chanlog level gc removes it after', parseDurationOption)
    .action(
      action(async (words: string[], flags: ConnectionFlags & { for?: number }) => {
        const request = parseLevelRequest(words, true);
        await eachServer(flags, async (client, family) => {
          const { key } = levelKey(request.scope, family);
          if (flags.for !== undefined) {
            await setLevelFor(client, key, String(Number(request.level!)), flags.for, family);
            return [`${scopeKeyName(request.scope, family)} = ${Number(request.level!)} (read back)${expiryNote((await readExpiries(client, family)).get(key), new Date())}`];
          }
          const stored = await setLevel(client, request.scope, request.level!, family);
          await forgetExpiry(client, key, family); // set for good now
          return [`${scopeKeyName(request.scope, family)} = ${stored} (read back)`];
        });
      }),
    );

  withConnectionOptions(level.command('get'))
    .description(`show one level: get ${SCOPES}`)
    .argument('<words...>', 'all | device NAME | channel NAME | call LINKEDID')
    .action(
      action(async (words: string[], flags: ConnectionFlags) => {
        const request = parseLevelRequest(words, false);
        await eachServer(flags, async (client, family) => {
          const stored = await getLevel(client, request.scope, family);
          const name = scopeKeyName(request.scope, family);
          return [stored === undefined ? `${name} is not set` : `${name} = ${stored}`];
        });
      }),
    );

  withConnectionOptions(level.command('clear'))
    .description(`remove a level and confirm it is gone: clear ${SCOPES}`)
    .argument('<words...>', 'all | device NAME | channel NAME | call LINKEDID')
    .action(
      action(async (words: string[], flags: ConnectionFlags) => {
        const request = parseLevelRequest(words, false);
        await eachServer(flags, async (client, family) => {
          const was = await clearLevel(client, request.scope, family);
          await forgetExpiry(client, levelKey(request.scope, family).key, family);
          if (was === undefined) return [`${scopeKeyName(request.scope, family)} was not set`];
          return [`cleared ${scopeKeyName(request.scope, family)} (was ${was})`];
        });
      }),
    );

  withConnectionOptions(level.command('list'))
    .description('every ChanLog level set (DBGetTree; `database show` on Asterisk without it)')
    .option('--json', 'one JSON object per level')
    .action(
      action(async (flags: ConnectionFlags & { json?: boolean }) => {
        await eachServer(flags, async (client, family) => {
          const levels = await listLevels(client, { family });
          const expiries = await readExpiries(client, family);
          const now = new Date();
          const rows = levels.map((l) => ({ key: `${family}/${l.key}`, level: l.value, expiry: expiries.get(l.key) }));
          if (flags.json) return rows.map(({ expiry, ...row }) => JSON.stringify({ server: client.name, ...row, ...expiryFields(expiry, now) }));
          if (rows.length === 0) return [`no ${family} levels are set`];
          const width = Math.max(...rows.map((row) => row.key.length));
          return rows.map((row) => `${row.key.padEnd(width)}  ${row.level}${expiryNote(row.expiry, now)}`);
        });
      }),
    );

  registerLevelExpiry(level, eachServer);
}
