import { afterAll, beforeAll, describe, it } from 'vitest';
import { parseAmiUrl } from '../../src/ami/url.js';
import { expectQuiet, runClosingEarly } from '../helpers/closing-reader.js';
import { RawAmi } from '../helpers/raw-ami.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

/** `chanlog level list | head -1` and friends on the real Asterisk: they end quietly when the reader goes away. */
describe.skipIf(!sandbox)('commands that talk to Asterisk, with a closed stdout', () => {
  const env = { CHANLOG_AMI_URL: sandbox?.amiUrl ?? '' };
  const devices = Array.from({ length: 40 }, (_, i) => `channel/PJSIP/pipe-${i}`);
  let raw: RawAmi;

  beforeAll(async () => {
    const endpoint = parseAmiUrl(sandbox!.amiUrl);
    raw = await RawAmi.connect(endpoint.port);
    await raw.login(endpoint.username, endpoint.secret);
    for (const key of devices) await raw.action({ Action: 'DBPut', Family: 'ChanLog', Key: key, Val: '3' });
  });
  afterAll(async () => {
    for (const key of devices) await raw.action({ Action: 'DBDel', Family: 'ChanLog', Key: key });
    raw.close();
  });

  it.each([
    ['level list', ['level', 'list']],
    ['level list --json', ['level', 'list', '--json']],
    ['level get', ['level', 'get', 'device', 'PJSIP/pipe-1']],
    ['doctor', ['doctor']],
  ])('%s: exit 0', async (_name, args) => {
    expectQuiet(await runClosingEarly(args, 'at-once', env), 0);
    expectQuiet(await runClosingEarly(args, 'after-first-chunk', env), 0);
  });
});
