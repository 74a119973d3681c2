import fs from 'node:fs';
import { parseAmiUrl } from '../../../src/ami/url.js';
import { amiLivePart } from './ami-live.js';
import { amiReplayPart } from './ami-replay.js';
import { consoleLivePart } from './console-live.js';
import { consoleMemoryPart } from './console-memory.js';
import { consoleStorePart } from './console-store.js';
import { dialplanPart } from './dialplan-part.js';
import { lintPart } from './lint-part.js';
import { recordCapture } from './record.js';
import { routineCostPart } from './routine-cost.js';
import { formatTable, type BenchPart, type BenchRow } from './table.js';

/**
 * `npm run bench [-- PART...]`: runs the named parts (default: all) and
 * prints one table. A part is a BenchPart added to PARTS; the dialplan
 * parser's benchmark joins here.
 *
 * `npm run bench -- record FILE` records a new AMI capture from the Asterisk
 * in $CHANLOG_AMI_URL (one with test/fixtures/ami/load.conf loaded).
 */
const PARTS: BenchPart[] = [dialplanPart, lintPart, amiReplayPart, amiLivePart, routineCostPart, consoleStorePart, consoleLivePart, consoleMemoryPart];

async function main(args: string[]): Promise<number> {
  if (args[0] === 'record') {
    const url = process.env.CHANLOG_AMI_URL;
    if (!args[1] || !url) {
      process.stderr.write('usage: CHANLOG_AMI_URL=... npm run bench -- record FILE\n');
      return 2;
    }
    const bytes = await recordCapture(parseAmiUrl(url), { loadCalls: 2, lines: 8, demoCalls: 1 });
    fs.writeFileSync(args[1], bytes);
    process.stderr.write(`wrote ${bytes.length} bytes to ${args[1]}\n`);
    return 0;
  }
  if (args.includes('--list')) {
    for (const part of PARTS) process.stdout.write(`${part.name.padEnd(12)} ${part.description}\n`);
    return 0;
  }
  const unknown = args.filter((a) => !PARTS.some((p) => p.name === a));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench part: ${unknown.join(', ')} (--list shows them)\n`);
    return 2;
  }
  const chosen = args.length === 0 ? PARTS : PARTS.filter((p) => args.includes(p.name));
  const rows: BenchRow[] = [];
  for (const part of chosen) rows.push(...(await part.run((text) => process.stderr.write(`${text}\n`))));
  process.stdout.write(`${formatTable(rows)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
