import fs from 'node:fs';
import net from 'node:net';

/**
 * A child process of the console memory benchmark: a fake manager port
 * that replays a recorded capture's frames COPIES times to the session that
 * asks for the routine's UserEvent filter (the feed's lines session),
 * waiting for the socket to drain, and lists the channels the replay has
 * opened and not yet hung up when asked CoreShowChannels, as Asterisk would.
 * Other actions get Asterisk's usual answers. Prints its port, then one
 * line per copy sent, then `done`.
 *
 *     node console-replay-server.js FILE SECRET COPIES
 */
const [file, secret, copiesText] = process.argv.slice(2);
const frames = fs.readFileSync(file!, 'utf8').split('\r\n\r\n').filter((f) => f.trim() !== '');
const copies = Number(copiesText);
const live = new Map<string, string>();
const BATCH = 200;

function header(frame: string, name: string): string | undefined {
  const match = new RegExp(`^${name}: (.*)$`, 'mi').exec(frame);
  return match?.[1]?.replace(/\r$/, '');
}

async function replay(socket: net.Socket): Promise<void> {
  for (let copy = 1; copy <= copies && !socket.destroyed; copy++) {
    for (let i = 0; i < frames.length && !socket.destroyed; i += BATCH) {
      const batch = frames.slice(i, i + BATCH);
      for (const frame of batch) {
        const event = header(frame, 'Event');
        const uniqueid = header(frame, 'Uniqueid');
        if (event === 'Newchannel' && uniqueid) live.set(uniqueid, frame.replace(/^Event: Newchannel/m, 'Event: CoreShowChannel'));
        if (event === 'Hangup' && uniqueid) live.delete(uniqueid);
      }
      if (!socket.write(`${batch.join('\r\n\r\n')}\r\n\r\n`)) await new Promise((r) => socket.once('drain', r));
    }
    process.stdout.write(`copy ${copy}\n`);
  }
  process.stdout.write('done\n');
}

function answer(socket: net.Socket, action: string): void {
  const name = (header(action, 'Action') ?? '').toLowerCase();
  const id = header(action, 'ActionID') ?? '';
  const reply = (fields: string) => socket.write(`${fields}ActionID: ${id}\r\n\r\n`);
  switch (name) {
    case 'login':
      if (header(action, 'Secret') !== secret) {
        reply('Response: Error\r\nMessage: Authentication failed\r\n');
        socket.end();
      } else reply('Response: Success\r\nMessage: Authentication accepted\r\n');
      return;
    case 'filter':
      reply('Response: Success\r\nMessage: Filter Added Successfully\r\n');
      if ((header(action, 'Filter') ?? '').includes('UserEvent')) setTimeout(() => void replay(socket), 500);
      return;
    case 'coreshowchannels': {
      const listed = [...live.values()].map((frame) => `${frame}\r\nActionID: ${id}\r\n\r\n`).join('');
      socket.write(`Response: Success\r\nEventList: start\r\nMessage: Channels will follow\r\nActionID: ${id}\r\n\r\n${listed}`);
      reply(`Event: CoreShowChannelsComplete\r\nEventList: Complete\r\nListItems: ${live.size}\r\n`);
      return;
    }
    case 'dbget':
    case 'dbgettree':
      reply('Response: Error\r\nMessage: Database entry not found\r\n');
      return;
    case 'showdialplan':
      reply('Response: Error\r\nMessage: Permission denied\r\n');
      return;
    case 'ping':
      reply('Response: Success\r\nPing: Pong\r\n');
      return;
    default:
      reply('Response: Success\r\n');
  }
}

const server = net.createServer((socket) => {
  socket.on('error', () => {});
  socket.write('Asterisk Call Manager/11.0.0\r\n');
  let pending = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
      answer(socket, pending.slice(0, end));
      pending = pending.slice(end + 4);
    }
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as net.AddressInfo).port}\n`));
