import type { AmiEndpoint } from '../../../src/ami/url.js';
import { originateLoad, RawSession } from './raw-session.js';

/** The message text of the load calls: commas, quotes, backslashes, `$`, `;` and UTF-8. */
export const LOAD_MESSAGE = `load, "quoted, text" back\\slash \\, semi; $x (p) [b] é ✓ 🎉`;

export interface RecordPlan {
  /** Load calls (test/fixtures/ami/load.conf) to place, each logging `lines` lines. */
  loadCalls: number;
  lines: number;
  /** Demo calls (dialplan/demo.conf, extension 7002) to place too. */
  demoCalls: number;
}

/**
 * Records what Asterisk sends a manager session that takes every event,
 * byte for byte, while a few calls log through the routine: the material
 * for replay tests and the parser benchmark. The bytes start after the
 * login response.
 */
export async function recordCapture(endpoint: AmiEndpoint, plan: RecordPlan, timeoutMs = 60_000): Promise<Buffer> {
  const session = await RawSession.open(endpoint, true);
  try {
    const afterLogin = Buffer.concat(session.chunks).indexOf('\r\n\r\n') + 4;
    await session.action({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '5' });
    await originateLoad(session, LOAD_MESSAGE, { calls: plan.loadCalls, lines: plan.lines, first: 500 });
    for (let i = 0; i < plan.demoCalls; i++) {
      await session.action({ Action: 'Originate', Channel: 'Local/7002@chanlog-demo', Application: 'Wait', Data: '1', Async: 'true' });
    }
    // Each Local call hangs up twice (;1 and ;2).
    const calls = plan.loadCalls + plan.demoCalls;
    await session.waitFor(() => (session.text.match(/^Event: Hangup\r$/gm) ?? []).length >= calls * 2, 'hangups of every call', timeoutMs);
    await session.action({ Action: 'DBDel', Family: 'ChanLog', Key: 'all' });
    return Buffer.concat(session.chunks).subarray(afterLogin);
  } finally {
    session.close();
  }
}
