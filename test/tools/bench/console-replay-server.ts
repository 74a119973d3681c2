import fs from 'node:fs';
import type net from 'node:net';
import { actionField, startFakeAsterisk, type AmiAction } from './fake-asterisk.js';

/**
 * A child process of the console memory benchmark: a fake manager port
 * (fake-asterisk.ts, with answers of its own) that replays a recorded
 * capture's frames COPIES times, each copy as calls of its own (fresh
 * Uniqueid, Linkedid and channel names, as a busy server's next calls would
 * have), to the session that asks for the routine's
 * UserEvent filter (the feed's lines session), waiting for the socket to
 * drain, and lists the channels the replay has opened and not yet hung up
 * when asked CoreShowChannels, as Asterisk would. Other actions get
 * Asterisk's usual answers. Prints its port, then one line per copy sent,
 * then `done`.
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

/** The frame as the same step of copy `copy`'s own calls: ids and channel names moved out of every other copy's way. */
function asCopy(frame: string, copy: number): string {
  return frame
    .replace(/^(Uniqueid|Linkedid): ([0-9]+)\.([0-9]+)(?=\r|$)/gm, (_, name: string, epoch: string, sequence: string) => `${name}: ${epoch}.${Number(sequence) + copy * 100_000}`)
    .replace(/^Channel: (.*-)([0-9a-f]{8})(;[12])?(?=\r|$)/gm, (_, prefix: string, counter: string, half = '') => `Channel: ${prefix}${(parseInt(counter, 16) + copy * 0x10000).toString(16).padStart(8, '0')}${half}`);
}

async function replay(socket: net.Socket): Promise<void> {
  for (let copy = 1; copy <= copies && !socket.destroyed; copy++) {
    for (let i = 0; i < frames.length && !socket.destroyed; i += BATCH) {
      const batch = frames.slice(i, i + BATCH).map((frame) => asCopy(frame, copy));
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

/** Asterisk's answers to the actions the console sends after logging in (fake-asterisk's Success to the rest). */
function answer(socket: net.Socket, action: AmiAction, id: string): boolean {
  const name = (actionField(action, 'action') ?? '').toLowerCase();
  const reply = (fields: string) => socket.write(`${fields}ActionID: ${id}\r\n\r\n`);
  switch (name) {
    case 'filter':
      reply('Response: Success\r\nMessage: Filter Added Successfully\r\n');
      if ((actionField(action, 'filter') ?? '').includes('UserEvent')) setTimeout(() => void replay(socket), 500);
      return true;
    case 'coreshowchannels': {
      const listed = [...live.values()].map((frame) => `${frame}\r\nActionID: ${id}\r\n\r\n`).join('');
      socket.write(`Response: Success\r\nEventList: start\r\nMessage: Channels will follow\r\nActionID: ${id}\r\n\r\n${listed}`);
      reply(`Event: CoreShowChannelsComplete\r\nEventList: Complete\r\nListItems: ${live.size}\r\n`);
      return true;
    }
    case 'dbget':
    case 'dbgettree':
      reply('Response: Error\r\nMessage: Database entry not found\r\n');
      return true;
    case 'showdialplan':
      reply('Response: Error\r\nMessage: Permission denied\r\n');
      return true;
    case 'ping':
      reply('Response: Success\r\nPing: Pong\r\n');
      return true;
    default:
      return false;
  }
}

const server = await startFakeAsterisk({ secret: secret ?? '', answer });
process.stdout.write(`${server.port}\n`);
