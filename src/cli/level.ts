import type { Command } from 'commander';
import { withClients } from '../ami/connection.js';
import { clearLevel, getLevel, listLevels, parseLevelRequest, scopeKeyName, setLevel } from '../ami/levels.js';
import type { AmiClient } from '../ami/client.js';
import { FAMILY, LEVEL_MAX, LEVEL_MIN, levelKey } from '../chanlog/keys.js';
import { forgetExpiry, readExpiries, setLevelFor } from '../ami/level-expiry.js';
import { expiryFields, expiryNote, parseDurationOption, registerLevelExpiry } from './level-expiry.js';
import { connectionTargets, withConnectionOptions, type ConnectionFlags } from './ami-options.js';
import { action } from './run.js';

/** Short commands want no events, no watchdog and no reconnect. */
const ONE_SHOT = { events: false, reconnect: false, pingIntervalMs: 0 } as const;

/** Runs `work` on every server, printing its lines prefixed with the server's name when there are several. */
function eachServer(flags: ConnectionFlags, work: (client: AmiClient) => Promise<string[]>): Promise<void> {
  const targets = connectionTargets(flags);
  return withClients(targets, ONE_SHOT, async (clients) => {
    for (const client of clients) {
      const prefix = clients.length > 1 ? `${client.name}: ` : '';
      for (const line of await work(client)) process.stdout.write(`${prefix}${line}\n`);
    }
  });
}

const SCOPES = `all | device NAME | channel NAME (NAME like PJSIP/100, or PJSIP/100-0000002a for one channel)`;

export function registerLevel(program: Command): void {
  const level = program
    .command('level')
    .description(`the ChanLog levels in AstDB that the routine reads; levels are whole numbers ${LEVEL_MIN}-${LEVEL_MAX}`);

  withConnectionOptions(level.command('set'))
    .description(`set a level and read it back: set ${SCOPES} LEVEL`)
    .argument('<words...>', 'all LEVEL | device NAME LEVEL | channel NAME LEVEL')
    .option('--for <duration>', 'only for this long (30s, 30m, 2h, 1d); the expiry is recorded beside it, chanlog level gc removes it after', parseDurationOption)
    .action(
      action(async (words: string[], flags: ConnectionFlags & { for?: number }) => {
        const request = parseLevelRequest(words, true);
        await eachServer(flags, async (client) => {
          const { key } = levelKey(request.scope);
          if (flags.for !== undefined) {
            await setLevelFor(client, key, String(Number(request.level!)), flags.for);
            return [`${scopeKeyName(request.scope)} = ${Number(request.level!)} (read back)${expiryNote((await readExpiries(client)).get(key), new Date())}`];
          }
          const stored = await setLevel(client, request.scope, request.level!);
          await forgetExpiry(client, key); // set for good now
          return [`${scopeKeyName(request.scope)} = ${stored} (read back)`];
        });
      }),
    );

  withConnectionOptions(level.command('get'))
    .description(`show one level: get ${SCOPES}`)
    .argument('<words...>', 'all | device NAME | channel NAME')
    .action(
      action(async (words: string[], flags: ConnectionFlags) => {
        const request = parseLevelRequest(words, false);
        await eachServer(flags, async (client) => {
          const stored = await getLevel(client, request.scope);
          return [stored === undefined ? `${scopeKeyName(request.scope)} is not set` : `${scopeKeyName(request.scope)} = ${stored}`];
        });
      }),
    );

  withConnectionOptions(level.command('clear'))
    .description(`remove a level and confirm it is gone: clear ${SCOPES}`)
    .argument('<words...>', 'all | device NAME | channel NAME')
    .action(
      action(async (words: string[], flags: ConnectionFlags) => {
        const request = parseLevelRequest(words, false);
        await eachServer(flags, async (client) => {
          const was = await clearLevel(client, request.scope);
          await forgetExpiry(client, levelKey(request.scope).key);
          if (was === undefined) return [`${scopeKeyName(request.scope)} was not set`];
          return [`cleared ${scopeKeyName(request.scope)} (was ${was})`];
        });
      }),
    );

  withConnectionOptions(level.command('list'))
    .description('every ChanLog level set (DBGetTree; `database show` on Asterisk without it)')
    .option('--json', 'one JSON object per level')
    .action(
      action(async (flags: ConnectionFlags & { json?: boolean }) => {
        await eachServer(flags, async (client) => {
          const levels = await listLevels(client);
          const expiries = await readExpiries(client);
          const now = new Date();
          const rows = levels.map((l) => ({ key: `${FAMILY}/${l.key}`, level: l.value, expiry: expiries.get(l.key) }));
          if (flags.json) return rows.map(({ expiry, ...row }) => JSON.stringify({ server: client.name, ...row, ...expiryFields(expiry, now) }));
          if (rows.length === 0) return [`no ${FAMILY} levels are set`];
          const width = Math.max(...rows.map((row) => row.key.length));
          return rows.map((row) => `${row.key.padEnd(width)}  ${row.level}${expiryNote(row.expiry, now)}`);
        });
      }),
    );

  registerLevelExpiry(level, eachServer);
}
