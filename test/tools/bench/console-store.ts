import type { FeedLine } from '../../../src/ami/feed-types.js';
import { ConsoleStore } from '../../../src/console/store.js';
import { thousands, type BenchPart } from './table.js';

const LINES = 300_000;

function line(i: number): FeedLine {
  return {
    time: new Date(),
    server: 'bench',
    channel: `PJSIP/${100 + (i % 50)}-0000${(i % 50).toString(16).padStart(4, '0')}`,
    device: `PJSIP/${100 + (i % 50)}`,
    uniqueid: '1700000000.1',
    linkedid: '1700000000.1',
    context: 'chanlog',
    extension: 's',
    priority: 5,
    application: 'UserEvent',
    chanlogLevel: i % 6,
    verboseLevel: 0,
    message: `bench line ${i}`,
    via: 'userevent',
  };
}

/** CPU microseconds to add LINES lines to a store with this scrollback and a device filter set. */
function feedStore(scrollback: number): number {
  const store = new ConsoleStore(scrollback, [{ name: 'bench', state: 'connected', since: new Date(), events: 0 }]);
  store.filters.setField('device', 'PJSIP/1[0-2]?');
  store.filtersChanged();
  const lines = Array.from({ length: LINES }, (_, i) => line(i));
  const start = process.cpuUsage();
  for (const l of lines) store.apply({ kind: 'line', line: l });
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/**
 * The cost of one new line in the console's store (scrollback ring,
 * filtered view) with a small and a huge scrollback, in-process: the same
 * per line whatever the scrollback holds. Best of three rounds each, taken
 * in turns.
 */
export const consoleStorePart: BenchPart = {
  name: 'console-store',
  description: `cost per new line in the console's store, 1,000 vs 1,000,000 lines of scrollback (${thousands(LINES)} lines)`,
  async run() {
    const small: number[] = [];
    const large: number[] = [];
    for (let round = 0; round < 3; round++) {
      small.push(feedStore(1_000));
      large.push(feedStore(1_000_000));
    }
    const perLine = (us: number) => `${((us / LINES) * 1000).toFixed(0)} ns/line`;
    const [s, l] = [Math.min(...small), Math.min(...large)];
    return [
      { part: 'console-store', measure: 'scrollback 1,000', value: perLine(s) },
      { part: 'console-store', measure: 'scrollback 1,000,000', value: perLine(l) },
      { part: 'console-store', measure: 'ratio large / small (flat: ~1)', value: (l / s).toFixed(2) },
    ];
  },
};
