import net from 'node:net';
import type { AmiEndpoint } from '../ami/url.js';

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
 * for replay tests and the parser benchmark. It uses a bare socket, not
 * chanlog's client, so the capture does not depend on the code it tests.
 * The bytes start after the login response.
 */
export async function recordCapture(endpoint: AmiEndpoint, plan: RecordPlan, timeoutMs = 60_000): Promise<Buffer> {
  const socket = net.connect(endpoint.port, endpoint.host);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const chunks: Buffer[] = [];
  let text = '';
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    text += chunk.toString('latin1'); // byte-preserving, for searching only
  });
  const send = (fields: Record<string, string>) =>
    socket.write(`${Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  const waitFor = async (test: () => boolean, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`recording: no ${what} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    send({ Action: 'Login', Username: endpoint.username, Secret: endpoint.secret, ActionID: 'rec-login' });
    await waitFor(() => text.includes('ActionID: rec-login'), 'login response');
    const loginEnd = text.indexOf('\r\n\r\n', text.indexOf('ActionID: rec-login')) + 4;
    send({ Action: 'Setvar', Variable: 'LOADMSG', Value: LOAD_MESSAGE, ActionID: 'rec-set' });
    send({ Action: 'DBPut', Family: 'ChanLog', Key: 'all', Val: '5', ActionID: 'rec-level' });
    const calls = plan.loadCalls + plan.demoCalls;
    for (let i = 0; i < plan.loadCalls; i++) {
      send({ Action: 'Originate', Channel: `Local/${500 + i}@chanlog-load`, Application: 'Wait', Data: '1', Async: 'true', Variable: `LINES=${plan.lines}`, ActionID: `rec-o${i}` });
    }
    for (let i = 0; i < plan.demoCalls; i++) {
      send({ Action: 'Originate', Channel: 'Local/7002@chanlog-demo', Application: 'Wait', Data: '1', Async: 'true', ActionID: `rec-d${i}` });
    }
    // Each Local call hangs up twice (;1 and ;2).
    await waitFor(() => (text.match(/^Event: Hangup\r$/gm) ?? []).length >= calls * 2, 'hangups of every call');
    send({ Action: 'DBDel', Family: 'ChanLog', Key: 'all', ActionID: 'rec-unlevel' });
    send({ Action: 'Logoff', ActionID: 'rec-logoff' });
    await waitFor(() => text.includes('ActionID: rec-logoff'), 'logoff response');
    return Buffer.concat(chunks).subarray(loginEnd);
  } finally {
    socket.destroy();
  }
}
