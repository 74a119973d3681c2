import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InstancePaths } from '../../../src/sandbox/paths.js';
import { sandboxDown, sandboxUp } from '../../../src/sandbox/sandbox.js';
import { packageRoot } from '../../../src/util/package-root.js';
import { processUsage } from './ami-live.js';
import { RawSession } from './raw-session.js';
import { thousands, type BenchPart, type BenchRow } from './table.js';

const PART = 'routine-cost';
/** Quiet routine calls (or NoOp steps) per variant. */
const STEPS = 20_000;
/** Calls that run at once, each doing its share of the steps. */
const CALLS = 4;
/** Steps per loop round: the loop's own three steps are small beside them. */
const PER_ROUND = 10;
const ROUNDS = STEPS / CALLS / PER_ROUND;
/** Each round waits this long, so the load is paced: about 4 x 10 steps every 5 ms at most. */
const PACE = '0.005';

/** The routine generated before this one (level marker, 26 priorities), kept as a fixture, renamed so both load side by side. */
const OLD_ROUTINE = path.join(packageRoot(), 'test', 'fixtures', 'routine', 'marker-routine.conf');
const OLD_CONTEXT = 'chanlog-before';
/** A routine that only returns: the least any GoSub routine costs (the GoSub and the Return step). */
const BARE_CONTEXT = 'chanlog-bare-return';

interface Variant {
  name: string;
  /** What one of the measured steps is. */
  step: string;
}

const VARIANTS: Variant[] = [
  { name: `${thousands(STEPS)} NoOp() steps (baseline)`, step: 'NoOp(quiet message, with a comma)' },
  { name: `${thousands(STEPS)} quiet calls, routine before (26 priorities)`, step: `GoSub(${OLD_CONTEXT},s,1(5,quiet message, with a comma))` },
  { name: `${thousands(STEPS)} quiet calls, routine now`, step: 'GoSub(chanlog,s,1(5,quiet message, with a comma))' },
  { name: `${thousands(STEPS)} calls of a bare Return() (the floor)`, step: `GoSub(${BARE_CONTEXT},s,1(5,quiet message, with a comma))` },
];

/** One extension per variant: a paced loop of PER_ROUND measured steps per round. */
function benchDialplan(): string {
  const lines = [
    fs.readFileSync(OLD_ROUTINE, 'utf8').replace(/^\[chanlog\]$/m, `[${OLD_CONTEXT}]`),
    `[${BARE_CONTEXT}]`,
    'exten => s,1,Return()',
    '',
    '[chanlog-bench]',
  ];
  VARIANTS.forEach((variant, index) => {
    lines.push(`exten => ${index},1,Set(round=0)`);
    for (let i = 0; i < PER_ROUND; i++) lines.push(` same => n${i === 0 ? '(loop)' : ''},${variant.step}`);
    lines.push(' same => n,Set(round=$[${round} + 1])', ` same => n,Wait(${PACE})`, ` same => n,GotoIf($[\${round} < ${ROUNDS}]?loop)`, ' same => n,Hangup()');
  });
  return `${lines.join('\n')}\n`;
}

/**
 * What the routine costs Asterisk when it prints nothing, which is nearly
 * always: Asterisk's own CPU time (from /proc) for 20,000 quiet routine
 * calls, the routine before and the routine now, against 20,000 NoOp()
 * steps, on a sandbox Asterisk of the bench's own. No level is set, so
 * every call is quiet.
 */
export const routineCostPart: BenchPart = {
  name: PART,
  description: `Asterisk CPU time for ${thousands(STEPS)} quiet routine calls (before and now) against ${thousands(STEPS)} NoOp() steps (needs root)`,
  async run(log) {
    if (process.getuid?.() !== 0) return [{ part: PART, measure: 'skipped', value: 'needs root (the sandbox Asterisk)' }];
    const instance = `bench-routine-${process.pid}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-bench-routine-'));
    const dialplan = path.join(dir, 'routine-bench.conf');
    fs.writeFileSync(dialplan, benchDialplan());
    log(`${PART}: starting sandbox instance ${instance}`);
    const info = await sandboxUp({ instance, dialplan });
    const driver = await RawSession.open(info.endpoint, true);
    try {
      await driver.action({ Action: 'Filter', Operation: 'Add', Filter: 'Event: Hangup' });
      // Each variant twice, the second pass in reverse order; the lower figure counts (the machine is shared).
      const seconds = VARIANTS.map(() => Infinity);
      const order = [...VARIANTS.keys(), ...[...VARIANTS.keys()].reverse()];
      for (const [pass, index] of order.entries()) {
        const variant = VARIANTS[index]!;
        log(`${PART}: ${variant.name} (${pass < VARIANTS.length ? 'first' : 'second'} pass)`);
        const before = (await processUsage(info.pid)).cpuSeconds;
        const hangups = () => driver.text.split(`Exten: ${index}\r\n`).length - 1;
        const seen = hangups();
        for (let call = 0; call < CALLS; call++) {
          await driver.action({ Action: 'Originate', Channel: `Local/${index}@chanlog-bench`, Application: 'Wait', Data: '600', Async: 'true' });
        }
        await driver.waitFor(() => hangups() - seen >= 2 * CALLS, `${CALLS} calls of ${variant.name} to end`, 600_000);
        seconds[index] = Math.min(seconds[index]!, (await processUsage(info.pid)).cpuSeconds - before);
      }
      const baseline = seconds[0]!;
      return VARIANTS.map((variant, i) => ({
        part: PART,
        measure: `Asterisk CPU, ${variant.name}`,
        value: `${seconds[i]!.toFixed(2)} s${i === 0 ? '' : ` (${(seconds[i]! / baseline).toFixed(1)} x NoOp)`}`,
      })) satisfies BenchRow[];
    } finally {
      driver.close();
      await sandboxDown({ instance });
      fs.rmSync(new InstancePaths(info.root, instance).dir, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
