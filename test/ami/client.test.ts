import { describe, expect, it, vi } from 'vitest';
import { AmiClient } from '../../src/ami/client.js';
import { AmiError } from '../../src/ami/errors.js';
import { FakeTransport } from '../helpers/fake-transport.js';

const endpoint = { host: '127.0.0.1', port: 5038, username: 'u', secret: 's', tls: false };

function makeClient(transports: FakeTransport[], options: Partial<ConstructorParameters<typeof AmiClient>[0]> = {}) {
  let next = 0;
  return new AmiClient({ endpoint, pingIntervalMs: 0, backoffInitialMs: 1, transport: () => transports[next++]!, ...options });
}

/** A client connected over `first` with one filter in place; `second` is the transport of its reconnect. */
async function clientWithFilter() {
  const first = new FakeTransport();
  const second = new FakeTransport();
  const client = makeClient([first, second]);
  await client.connect();
  const filter = client.addFilter('Application: Verbose');
  first.frame({ response: 'Success', actionid: first.lastId() });
  await filter;
  return { first, second, client };
}

describe('AmiClient', () => {
  it('gives every action its own ActionID and resolves it with its own response', async () => {
    const t = new FakeTransport();
    const client = makeClient([t]);
    await client.connect();
    const a = client.action('Ping');
    const idA = t.lastId();
    const b = client.action('Ping');
    const idB = t.lastId();
    expect(idA).not.toBe(idB);
    t.frame({ response: 'Success', actionid: idB, ping: 'Pong', timestamp: '2' });
    t.frame({ response: 'Success', actionid: idA, ping: 'Pong', timestamp: '1' });
    expect((await a).timestamp).toBe('1');
    expect((await b).timestamp).toBe('2');
  });

  it("rejects with Asterisk's own message on Response: Error", async () => {
    const t = new FakeTransport();
    const client = makeClient([t]);
    await client.connect();
    const p = client.action('DBGet', { Family: 'ChanLog', Key: 'all' });
    t.frame({ response: 'Error', actionid: t.lastId(), message: 'Database entry not found' });
    await expect(p).rejects.toThrow('Database entry not found');
  });

  it('collects a list action until EventList: Complete', async () => {
    const t = new FakeTransport();
    const client = makeClient([t]);
    await client.connect();
    const p = client.list('DBGetTree', { Family: 'ChanLog' });
    const id = t.lastId();
    t.frame({ response: 'Success', actionid: id, eventlist: 'start', message: 'Result will follow' });
    t.frame({ event: 'DBGetTreeResponse', actionid: id, key: '/ChanLog/all', val: '1' });
    t.frame({ event: 'FullyBooted', status: 'x' }); // unrelated events pass by
    t.frame({ event: 'DBGetTreeResponse', actionid: id, key: '/ChanLog/channel/PJSIP/1', val: '3' });
    t.frame({ event: 'DBGetTreeComplete', actionid: id, eventlist: 'Complete', listitems: '2' });
    const result = await p;
    expect(result.events.map((e) => e.val)).toEqual(['1', '3']);
    expect(result.response.eventlist).toBe('start');
  });

  it('times out an unanswered action', async () => {
    const t = new FakeTransport();
    const client = makeClient([t], { actionTimeoutMs: 20 });
    await client.connect();
    await expect(client.action('Ping')).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('refuses CR/LF in a value before anything is sent', async () => {
    const t = new FakeTransport();
    const client = makeClient([t]);
    await client.connect();
    await expect(client.action('DBPut', { Family: 'ChanLog', Key: 'channel/x\r\nAction: Logoff', Val: '1' })).rejects.toBeInstanceOf(AmiError);
    expect(t.sent).toHaveLength(0);
  });

  it('reconnects after a lost connection, re-applies filters and reports the gap', async () => {
    const { first, second, client } = await clientWithFilter();
    const reconnected = new Promise((resolve) => client.once('reconnected', resolve));
    const pending = client.action('Ping');
    first.close();
    await expect(pending).rejects.toMatchObject({ kind: 'connection' });
    await vi.waitFor(() => expect(second.sent.length).toBe(1));
    expect(second.sent[0]).toMatchObject({ Action: 'Filter', Operation: 'Add', Filter: 'Application: Verbose' });
    second.frame({ response: 'Success', actionid: second.lastId() });
    const gap = (await reconnected) as { gapMs: number; attempts: number };
    expect(gap.attempts).toBe(1);
    expect(gap.gapMs).toBeGreaterThanOrEqual(0);
    client.close();
  });

  it('remembers FullyBooted even when it arrives with the login', async () => {
    const t = new FakeTransport();
    t.open = async () => {
      t.frame({ event: 'FullyBooted', status: 'Fully Booted' });
    };
    const client = makeClient([t]);
    await client.connect();
    await client.waitFullyBooted(10);
    expect(client.isFullyBooted).toBe(true);
  });

  it('turns events off for a session that does not want them, again after a reconnect', async () => {
    const first = new FakeTransport();
    const second = new FakeTransport();
    const client = makeClient([first, second], { events: false });
    const connecting = client.connect();
    await vi.waitFor(() => expect(first.sent).toHaveLength(1));
    expect(first.sent[0]).toMatchObject({ Action: 'Events', EventMask: 'off' });
    first.frame({ response: 'Success', actionid: first.lastId(), events: 'Off' });
    await connecting;
    first.close();
    await vi.waitFor(() => expect(second.sent).toHaveLength(1));
    expect(second.sent[0]).toMatchObject({ Action: 'Events', EventMask: 'off' });
    client.close();
  });

  it("names the server and the action in a refusal, and keeps Asterisk's message apart", async () => {
    const t = new FakeTransport();
    const client = makeClient([t], { name: 'pbx1' });
    await client.connect();
    const p = client.action('DBPut', { Family: 'ChanLog', Key: 'all', Val: '1' });
    t.frame({ response: 'Error', actionid: t.lastId(), message: 'Permission denied' });
    await expect(p).rejects.toMatchObject({ message: 'pbx1 refused DBPut: Permission denied', asteriskMessage: 'Permission denied', kind: 'refused' });
  });

  it('drops a connection whose Ping goes unanswered, and reconnects', async () => {
    const silent = new FakeTransport(); // never answers
    const second = new FakeTransport();
    const client = makeClient([silent, second], { pingIntervalMs: 20, pingTimeoutMs: 30 });
    const reconnected = new Promise((resolve) => client.once('reconnected', resolve));
    await client.connect();
    await vi.waitFor(() => expect(silent.sent.some((a) => a.Action === 'Ping')).toBe(true));
    await reconnected;
    expect(client.isConnected).toBe(true);
    client.close();
  });

  it('gives up reconnecting when the login is refused, saying so', async () => {
    const first = new FakeTransport();
    const refused = new FakeTransport();
    refused.openResult = new AmiError('Asterisk refused the login: Authentication failed', 'auth');
    const client = makeClient([first, refused]);
    await client.connect();
    const failed = new Promise<Error>((resolve) => client.once('failed', resolve));
    first.close();
    expect((await failed).message).toMatch(/Authentication failed/);
    client.close();
  });

  it('gives up when Asterisk refuses to re-apply a filter after a reconnect', async () => {
    const { first, second, client } = await clientWithFilter();
    const failed = new Promise<Error>((resolve) => client.once('failed', resolve));
    first.close();
    await vi.waitFor(() => expect(second.sent).toHaveLength(1));
    second.frame({ response: 'Error', actionid: second.lastId(), message: 'Permission denied' });
    expect((await failed).message).toMatch(/refused Filter: Permission denied/);
    client.close();
  });
});

describe('AmiClient, what it reports', () => {
  it('starts the gap at the last frame received, not when the loss was noticed', async () => {
    const first = new FakeTransport();
    const second = new FakeTransport();
    const client = makeClient([first, second]);
    await client.connect();
    const before = Date.now();
    first.frame({ event: 'Newexten', channel: 'PJSIP/1-00000001' });
    const after = Date.now();
    await new Promise((r) => setTimeout(r, 60));
    const reconnected = new Promise<{ since: Date; until: Date }>((resolve) => client.once('reconnected', resolve));
    first.close();
    const gap = await reconnected;
    expect(gap.since.getTime()).toBeGreaterThanOrEqual(before);
    expect(gap.since.getTime()).toBeLessThanOrEqual(after);
    expect(gap.until.getTime() - gap.since.getTime()).toBeGreaterThanOrEqual(60);
    client.close();
  });

  it('counts the frames its transport dropped as malformed, and passes on why', async () => {
    const t = new FakeTransport();
    const client = makeClient([t]);
    await client.connect();
    const reasons: string[] = [];
    client.on('malformed', (_frame, why) => reasons.push(why));
    t.malformed({ event: 'Newexten', channel: ['a', 'b'] }, 'channel twice');
    t.malformed({}, 'a line without a colon');
    expect(client.malformedFrames).toBe(2);
    expect(reasons).toEqual(['channel twice', 'a line without a colon']);
    client.close();
  });

  it('names why the connection went in the error of the actions it was waiting on', async () => {
    const t = new FakeTransport();
    const client = makeClient([t], { reconnect: false, name: 'pbx1' });
    await client.connect();
    const pending = client.action('Ping');
    t.closed(new AmiError('the server reset the connection', 'connection'));
    await expect(pending).rejects.toThrow('lost the connection to pbx1 (the server reset the connection)');
  });

  it('close() while connecting aborts the connection attempt', async () => {
    let aborted = false;
    const t = new FakeTransport();
    t.open = () => new Promise<void>((_resolve, reject) => (t.close = () => ((aborted = true), reject(new AmiError('the AMI client was closed', 'closed')))));
    const client = makeClient([t]);
    const connecting = client.connect();
    client.close();
    await expect(connecting).rejects.toMatchObject({ kind: 'closed' });
    expect(aborted).toBe(true);
  });
});

describe('AmiClient, bounded lists', () => {
  it('gives up a list whose events outgrow the limit, and drops the connection that keeps sending them', async () => {
    const t = new FakeTransport();
    const client = makeClient([t], { reconnect: false, maxListSize: 2000, name: 'pbx1' });
    await client.connect();
    let closed = false;
    t.close = () => (closed = true);
    const p = client.list('DBGetTree', { Family: 'ChanLog' });
    const id = t.lastId();
    t.frame({ response: 'Success', actionid: id, eventlist: 'start' });
    for (let i = 0; i < 50 && !closed; i++) t.frame({ event: 'DBGetTreeResponse', actionid: id, key: `/ChanLog/k${i}`, val: 'x'.repeat(20) });
    await expect(p).rejects.toThrow('pbx1 sent more than 2000 bytes of events for DBGetTree: connection reset');
    expect(closed).toBe(true);
  });
});
