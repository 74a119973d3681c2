import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmiClient } from '../../../src/ami/client.js';
import { SocketTransport } from '../../../src/ami/wire/socket-transport.js';
import { matchesFilter, type TailFilter } from '../../../src/ami/tail.js';
import { VerboseLineDecoder } from '../../../src/ami/verbose-stream.js';
import { buildLargeCapture, fixtureCapturePath, writeTempCapture } from './capture.js';
import { thousands, type BenchPart, type BenchRow } from './table.js';

const SECRET = 'bench';
const FRAME_END = Buffer.from('\r\n\r\n');

interface Measured {
  frames: number;
  lines: number;
  cpuSeconds: number;
  wallSeconds: number;
}

/** Starts the replay server in a child process and resolves with its port. */
async function serve(file: string): Promise<{ port: number; done: Promise<void> }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'replay-server.js');
  const child = spawn(process.execPath, [script, file, SECRET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (text: string) => resolve(Number(text.trim())));
    child.once('error', reject);
  });
  return { port, done };
}

function measure<T>(work: () => Promise<T>): Promise<{ result: T; cpuSeconds: number; wallSeconds: number }> {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  return work().then((result) => {
    const used = process.cpuUsage(cpu);
    return { result, cpuSeconds: (used.user + used.system) / 1e6, wallSeconds: Number(process.hrtime.bigint() - wall) / 1e9 };
  });
}

/** The baseline: read the same bytes from a socket and find the frame ends, nothing more. */
async function bareRead(file: string): Promise<Measured> {
  const { port, done } = await serve(file);
  const { result, cpuSeconds, wallSeconds } = await measure(
    () =>
      new Promise<number>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let frames = 0;
        let carry: Buffer = Buffer.alloc(0);
        socket.on('connect', () => socket.write(`Action: Login\r\nUsername: bench\r\nSecret: ${SECRET}\r\nActionID: 1\r\n\r\n`));
        socket.on('data', (chunk: Buffer) => {
          // Keep the last 3 bytes, so a frame end cut across two reads is still found.
          const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
          for (let i = data.indexOf(FRAME_END); i >= 0; i = data.indexOf(FRAME_END, i + 4)) frames++;
          carry = data.subarray(Math.max(0, data.length - 3));
        });
        socket.on('close', () => resolve(frames));
        socket.on('error', reject);
      }),
  );
  await done;
  return { frames: result, lines: 0, cpuSeconds, wallSeconds };
}

/** chanlog's frame layer alone (socket, UTF-8, frames): how much of the client's cost is reading frames. */
async function transportRead(file: string): Promise<Measured> {
  const { port, done } = await serve(file);
  const { result, cpuSeconds, wallSeconds } = await measure(async () => {
    const transport = new SocketTransport();
    let frames = 0;
    transport.onFrame(() => frames++);
    await transport.open({ host: '127.0.0.1', port, username: 'bench', secret: SECRET, tls: false }, 10_000);
    await new Promise<void>((resolve) => transport.onClose(() => resolve()));
    return frames;
  });
  await done;
  return { frames: result, lines: 0, cpuSeconds, wallSeconds };
}

/** chanlog's path: its frame layer, the client, the Verbose decoder, tail's filter and JSON output. */
async function clientRead(file: string, filter: TailFilter): Promise<Measured> {
  const { port, done } = await serve(file);
  const { result, cpuSeconds, wallSeconds } = await measure(async () => {
    const client = new AmiClient({
      endpoint: { host: '127.0.0.1', port, username: 'bench', secret: SECRET, tls: false },
      reconnect: false,
      pingIntervalMs: 0,
    });
    const decoder = new VerboseLineDecoder('bench');
    let frames = 0;
    let lines = 0;
    let bytesOut = 0;
    client.on('event', (frame) => {
      frames++;
      const line = decoder.decode(frame);
      if (line && matchesFilter(line, filter)) {
        lines++;
        bytesOut += JSON.stringify(line).length;
      }
    });
    const closed = new Promise((resolve) => client.once('disconnected', resolve));
    await client.connect();
    await closed;
    client.close();
    return { frames, lines, bytesOut };
  });
  await done;
  return { frames: result.frames, lines: result.lines, cpuSeconds, wallSeconds };
}

export const amiReplayPart: BenchPart = {
  name: 'ami-replay',
  description: 'a recorded AMI capture, enlarged, read by chanlog\'s client vs a bare socket read (events per CPU second)',
  async run(log) {
    const megabytes = Number(process.env.BENCH_REPLAY_MB ?? 48);
    const capture = buildLargeCapture(fs.readFileSync(fixtureCapturePath()), megabytes * 1024 * 1024);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-bench-'));
    try {
      const file = writeTempCapture(capture, dir);
      const blocks = capture.toString('latin1').split('\r\n\r\n');
      const frames = blocks.length - 1;
      const events = blocks.filter((b) => b.startsWith('Event: ')).length;
      log(`ami-replay: ${(capture.length / 1048576).toFixed(1)} MB, ${thousands(frames)} frames`);
      const filter: TailFilter = { device: /^Local\/.*@chanlog-load$/ };
      // One untimed round first, so both timed runs find the code compiled by the JIT.
      await clientRead(file, filter);
      const bare = await bareRead(file);
      const parser = await transportRead(file);
      const client = await clientRead(file, filter);
      // Both read the same frames; the rate is frames per CPU second of the reading process.
      const perCore = (m: Measured) => frames / m.cpuSeconds;
      const rows: BenchRow[] = [
        { part: 'ami-replay', measure: 'capture (recorded on Asterisk 22, enlarged)', value: `${(capture.length / 1048576).toFixed(1)} MB, ${thousands(frames)} frames` },
        { part: 'ami-replay', measure: 'bare socket read: events/s per core', value: `${thousands(perCore(bare))} (${bare.cpuSeconds.toFixed(2)} s CPU)` },
        { part: 'ami-replay', measure: 'frame layer alone: events/s per core', value: `${thousands(perCore(parser))} (${parser.cpuSeconds.toFixed(2)} s CPU)` },
        {
          part: 'ami-replay',
          measure: 'chanlog client + decode + filter: events/s per core',
          value: `${thousands(perCore(client))} (${client.cpuSeconds.toFixed(2)} s CPU, ${thousands(client.lines)} lines kept)`,
        },
        { part: 'ami-replay', measure: 'ratio client / bare read', value: (perCore(client) / perCore(bare)).toFixed(3) },
        { part: 'ami-replay', measure: 'ratio frame layer / bare read', value: (perCore(parser) / perCore(bare)).toFixed(3) },
      ];
      // The login response is one frame more for the reader; the client hands on every event.
      if (bare.frames !== frames + 1 || client.frames !== events) {
        rows.push({ part: 'ami-replay', measure: 'WARNING: frames lost', value: `bare ${bare.frames - 1}/${frames}, client events ${client.frames}/${events}` });
      }
      return rows;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
