import type { AmiClient } from '../ami/client.js';
import { openFeed } from '../ami/feed.js';
import type { Feed } from '../ami/feed-types.js';
import { describeLost } from '../ami/feed-notices.js';
import { setLevel } from '../ami/levels.js';
import { feedPrinter } from '../ami/tail.js';
import { describeEndpoint } from '../ami/url.js';
import { BoundedWriter } from '../util/output.js';
import { streamProgress } from '../util/progress.js';
import { sandboxUp } from './sandbox.js';
import { sleep } from './process.js';

export interface DemoOptions {
  root?: string;
  /** Stop after this many calls; default: until interrupted. */
  calls?: number;
  json: boolean;
  /** Seconds between demo calls. */
  intervalMs?: number;
}

const DEMO_CONTEXT = 'chanlog-demo';
const DEMO_EXTENSIONS = ['7001', '7002', '7003'];
const LOUD_DEVICE = `Local/7002@${DEMO_CONTEXT}`;

/** The sandbox up, a feed on it, and the demo levels set: one demo device logs more than the rest. */
export async function openDemo(options: Pick<DemoOptions, 'root'>): Promise<{ feed: Feed; client: AmiClient }> {
  const info = await sandboxUp({ ...(options.root ? { root: options.root } : {}), progress: streamProgress(process.stderr, 'sandbox: ') });
  process.stderr.write(`${info.asteriskVersion} on ${describeEndpoint(info.endpoint)}\n`);
  const feed = await openFeed([{ name: 'sandbox', endpoint: info.endpoint, source: 'sandbox' }], {});
  const client = feed.commandClient('sandbox');
  await setLevel(client, { kind: 'all' }, '2');
  await setLevel(client, { kind: 'device', name: LOUD_DEVICE }, '5');
  process.stderr.write(`levels: everyone 2, device ${LOUD_DEVICE} 5 (try: chanlog level set device ${LOUD_DEVICE} 1)\n`);
  return { feed, client };
}

/** Places a demo call every `intervalMs` until `stopped()` or `calls` were placed; a refused call is reported to `warn`. */
export async function placeDemoCalls(client: AmiClient, options: Pick<DemoOptions, 'calls' | 'intervalMs'>, stopped: () => boolean, warn: (text: string) => void): Promise<void> {
  const interval = options.intervalMs ?? 3_000;
  for (let call = 0; !stopped() && (options.calls === undefined || call < options.calls); call++) {
    const exten = DEMO_EXTENSIONS[call % DEMO_EXTENSIONS.length]!;
    await client
      .action('Originate', { Channel: `Local/${exten}@${DEMO_CONTEXT}`, Application: 'Wait', Data: '2', Async: 'true' })
      .catch((err: Error) => warn(`-- originate failed: ${err.message}`));
    for (let waited = 0; waited < interval && !stopped(); waited += 100) await sleep(100);
  }
}

/**
 * What `npm start` runs when its output is not a terminal: the demo, and
 * the Verbose stream printed as it arrives.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  const stdout = new BoundedWriter(process.stdout, {
    onDropped: (count) => process.stderr.write(`-- ${describeLost('slow-reader', count)}\n`),
    onClosed: stop, // `npm start | head` ends the demo quietly
  });
  const { feed, client } = await openDemo(options);
  process.stderr.write('streaming what the dialplan logs; Ctrl-C to stop (the sandbox keeps running: chanlog sandbox down)\n');
  feed.subscribe(
    feedPrinter({ filter: {}, json: options.json }, { line: (text) => stdout.line(text), notice: (text) => process.stderr.write(`${text}\n`) }),
  );

  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await placeDemoCalls(client, options, () => stopped, (text) => process.stderr.write(`${text}\n`));
  if (options.calls !== undefined) await sleep(2_500); // let the last call finish logging
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await feed.stop();
  stdout.reportDropped();
}
