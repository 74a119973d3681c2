import { afterEach, describe, expect, it, vi } from 'vitest';
import { openFeed } from '../../src/ami/feed.js';
import type { Feed, FeedEvent, FeedLine } from '../../src/ami/feed-types.js';
import { routineStepsExclusion } from '../../src/ami/verbose-stream.js';
import { routineEventHeaders } from '../../src/chanlog/user-event.js';
import { FakeFeedServer } from '../helpers/fake-feed-server.js';

const endpoint = { host: '127.0.0.1', port: 5038, username: 'u', secret: 's', tls: false };

const call = { Channel: 'PJSIP/100-0000002a', Uniqueid: '1700000000.42', Linkedid: '1700000000.41' };
const other = { Channel: 'PJSIP/200-0000002b', Uniqueid: '1700000000.43', Linkedid: '1700000000.43' };

function newchannel(channel: typeof call): Record<string, string> {
  return { Event: 'Newchannel', ...channel, ChannelState: '4', ChannelStateDesc: 'Ring', Context: 'from-internal', Exten: '200', Priority: '1' };
}

/** The routine's UserEvent as Asterisk sends it: the routine's step in the snapshot, the caller in the ChanLog fields. */
function routineEvent(channel: typeof call, message: string, level = 2, verboseLevel?: number): Record<string, string> {
  return {
    Event: 'UserEvent',
    ...channel,
    Context: 'chanlog',
    Exten: 's',
    Priority: '30',
    ...routineEventHeaders({ level, ...(verboseLevel !== undefined ? { verboseLevel } : {}), caller: { context: 'from-internal', extension: '200', priority: 3 }, message }),
  };
}

function verboseStep(channel: typeof call, appData: string, context = 'ivr'): Record<string, string> {
  return { Event: 'Newexten', ...channel, Context: context, Extension: '1', Priority: '2', Application: 'Verbose', AppData: appData };
}

let feed: Feed | undefined;
afterEach(async () => {
  await feed?.stop();
  feed = undefined;
});

async function open(server: FakeFeedServer) {
  feed = await openFeed([{ name: 'pbx1', endpoint, source: 'test' }], {
    client: { transport: server.factory, pingIntervalMs: 0, backoffInitialMs: 1, backoffMaxMs: 5 },
    channelRefreshMs: 20,
  });
  const events: FeedEvent[] = [];
  feed.subscribe((event) => events.push(event));
  const lines = () => events.flatMap((e) => (e.kind === 'line' ? [e.line] : []));
  const lost = (reason: string) => events.reduce((sum, e) => sum + (e.kind === 'lost' && e.reason === reason ? e.count : 0), 0);
  return { feed, events, lines, lost };
}

describe('the feed, against a fake Asterisk', () => {
  it('opens three sessions: lines (anchored filters), newexten, and command (no events)', async () => {
    const server = new FakeFeedServer();
    const { feed } = await open(server);
    const filters = (kind: 'lines' | 'newexten') => server.session(kind).sent.filter((f) => f.Action === 'Filter').map((f) => f.Filter);
    expect(filters('lines')).toEqual(['^Event: UserEvent[[:space:]]', '^Event: Newchannel[[:space:]]', '^Event: Newstate[[:space:]]', '^Event: Hangup[[:space:]]']);
    for (const filter of filters('lines')) expect(filter).toMatch(/^\^Event: /);
    expect(filters('newexten')).toContain('Application: Verbose[[:space:]]');
    expect(server.session('command').sent.some((f) => f.Action === 'Filter')).toBe(false);
    expect(server.coreShowChannelsCalls).toBeGreaterThanOrEqual(1);
    expect(feed.status('pbx1')).toMatchObject({ name: 'pbx1', state: 'connected' });
  });

  it('keeps what happened while opening for the first subscriber', async () => {
    const server = new FakeFeedServer();
    server.channels = [{ ...call, ChannelStateDesc: 'Up', Context: 'ivr', Extension: '1', Priority: '2' }];
    const { events } = await open(server);
    expect(events.map((e) => (e.kind === 'status' ? e.status.state : e.kind))).toEqual(['connecting', 'channel', 'connected']);
  });

  it("delivers a routine line from the routine's UserEvent, any bytes of its message intact", async () => {
    const server = new FakeFeedServer();
    const { lines } = await open(server);
    server.send('lines', newchannel(call));
    const message = 'dialling 200,\r\n\r\nEvent: UserEvent\r\nUserEvent: ChanLog\r\n\n\x1b[2J done';
    server.send('lines', routineEvent(call, message, 2, 3));
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject<Partial<FeedLine>>({
      server: 'pbx1',
      channel: call.Channel,
      device: 'PJSIP/100',
      uniqueid: call.Uniqueid,
      linkedid: call.Linkedid,
      // The step that printed: the routine's Verbose(3,...), right after the UserEvent step the event came from.
      context: 'chanlog',
      priority: 31,
      application: 'Verbose',
      verboseLevel: 3,
      chanlogLevel: 2,
      caller: { context: 'from-internal', extension: '200', priority: 3 },
      message,
      via: 'userevent',
    });
  });

  it('reads the event of a routine generated before it said its Verbose level, at the default level 0; refuses a Verbose level that is not a number', async () => {
    const server = new FakeFeedServer();
    const { lines, lost } = await open(server);
    server.send('lines', newchannel(call));
    const older = routineEvent(call, 'from an older routine');
    expect(Object.keys(older)).not.toContain('ChanLogVerbose');
    server.send('lines', older);
    server.send('lines', { ...routineEvent(call, 'bad verbose level', 2, 1), ChanLogVerbose: '3x' });
    expect(lines().map((l) => [l.message, l.application, l.verboseLevel])).toEqual([['from an older routine', 'Verbose', 0]]);
    await vi.waitFor(() => expect(lost('malformed')).toBe(1), { timeout: 2_000 });
  });

  it('refuses lines for a channel it never saw, or with another Linkedid, and counts them', async () => {
    const server = new FakeFeedServer();
    const { lines, lost } = await open(server);
    server.send('lines', newchannel(call));
    server.send('lines', routineEvent(other, 'forged: never announced'));
    server.send('lines', routineEvent({ ...call, Linkedid: '1700000000.99' }, 'forged: wrong linkedid'));
    server.send('newexten', verboseStep(other, '0,forged plain line'));
    await vi.waitFor(() => expect(lost('unknown-channel')).toBe(3), { timeout: 2_000 });
    expect(lines()).toEqual([]);
  });

  it('holds a line whose Newexten overtakes its Newchannel, and delivers it once the channel is announced', async () => {
    const server = new FakeFeedServer();
    const { lines, lost } = await open(server);
    server.send('newexten', verboseStep(call, '3,first step'));
    server.send('newexten', verboseStep(call, '3,second step'));
    expect(lines()).toEqual([]);
    server.send('lines', newchannel(call));
    expect(lines().map((l) => [l.message, l.verboseLevel, l.via])).toEqual([
      ['first step', 3, 'newexten'],
      ['second step', 3, 'newexten'],
    ]);
    expect(lost('unknown-channel')).toBe(0);
  });

  it('knows channels that were up before it started, from CoreShowChannels', async () => {
    const server = new FakeFeedServer();
    server.channels = [{ ...call, ChannelStateDesc: 'Up', Context: 'ivr', Extension: '1', Priority: '2', Application: 'Wait', Duration: '00:01:05' }];
    const { feed, lines } = await open(server);
    expect(feed.channels()).toMatchObject([{ channel: call.Channel, state: 'Up', context: 'ivr', application: 'Wait' }]);
    expect(Date.now() - feed.channels()[0]!.created.getTime()).toBeGreaterThanOrEqual(65_000);
    server.send('newexten', verboseStep(call, '0,hello'));
    expect(lines().map((l) => l.message)).toEqual(['hello']);
  });

  it("refreshes each channel's place from CoreShowChannels, not from Newexten", async () => {
    const server = new FakeFeedServer();
    const { events } = await open(server);
    server.send('lines', newchannel(call));
    server.channels = [{ ...call, ChannelStateDesc: 'Up', Context: 'ivr', Extension: '1', Priority: '7', Application: 'Playback' }];
    await vi.waitFor(() => expect(events.some((e) => e.kind === 'channel' && e.change === 'update' && e.channel.priority === 7)).toBe(true));
    server.send('lines', { Event: 'Hangup', ...call, ChannelStateDesc: 'Up', Cause: '16' });
    expect(events.filter((e) => e.kind === 'channel').map((e) => (e as { change: string }).change)).toEqual(['new', 'update', 'hangup']);
  });

  it('reads routines generated before the UserEvent through their level marker, until the server shows a UserEvent routine', async () => {
    const server = new FakeFeedServer();
    const { lines } = await open(server);
    server.send('lines', newchannel(call));
    const marker = { Event: 'Newexten', ...call, Context: 'chanlog', Extension: 's', Priority: '18', Application: 'Set', AppData: 'LOCAL(chanlog_level)=5,from-internal,200,4' };
    server.send('newexten', marker);
    server.send('newexten', verboseStep(call, '0,old routine', 'chanlog'));
    expect(lines().map((l) => [l.message, l.chanlogLevel, l.via])).toEqual([['old routine', 5, 'marker']]);

    // A routine line arrives through its UserEvent: the routine's steps on the Newexten session are ignored from now on.
    server.send('lines', routineEvent(call, 'new routine'));
    server.send('newexten', marker);
    server.send('newexten', verboseStep(call, '0,new routine', 'chanlog'));
    expect(lines().map((l) => [l.message, l.via])).toEqual([
      ['old routine', 'marker'],
      ['new routine', 'userevent'],
    ]);
  });

  /** A UserEvent routine as ShowDialPlan lists it (the steps findRoutines() needs: a level look-up and the event). */
  const userEventRoutine = (context: string) => [
    { Context: context, Priority: '1', Application: 'ExecIf', AppData: '$[${ARG1} <= ${DB(ChanLog/all)}]?NoOp():Return()' },
    { Context: context, Priority: '2', Application: 'UserEvent', AppData: 'ChanLog,ChanLogLevel: ${ARG1},ChanLogMessage: ${BASE64_ENCODE(${ARG2})}' },
    { Context: context, Priority: '3', Application: 'Verbose', AppData: '0,${ARG2}' },
  ];
  const newextenFilters = (server: FakeFeedServer) => server.session('newexten').sent.filter((f) => f.Action === 'Filter').map((f) => String(f.Filter));

  it("never reads routine steps from Newexten when the server's dialplan shows the routine raising its UserEvent", async () => {
    const server = new FakeFeedServer();
    server.routineSteps = userEventRoutine('chanlog');
    const { lines } = await open(server);
    expect(server.session('command').sent.map((f) => f.Action)).toContain('ShowDialPlan');
    expect(newextenFilters(server)).toContain(routineStepsExclusion('chanlog'));
    server.send('lines', newchannel(call));
    // What CR LF inside any step's data can put on the Newexten session: a marker and a Verbose of the routine.
    server.send('newexten', { Event: 'Newexten', ...call, Context: 'chanlog', Extension: 's', Priority: '18', Application: 'Set', AppData: 'LOCAL(chanlog_level)=1,from-internal,200,4' });
    server.send('newexten', verboseStep(call, '0,forged routine line', 'chanlog'));
    server.send('newexten', verboseStep(call, '0,a plain line'));
    expect(lines().map((l) => [l.message, l.via, l.chanlogLevel])).toEqual([['a plain line', 'newexten', undefined]]);
  });

  it("asks Asterisk to keep a UserEvent routine's steps off the Newexten session, under any context name, once", async () => {
    const server = new FakeFeedServer();
    server.routineSteps = userEventRoutine('dbg.2');
    await open(server);
    server.send('lines', newchannel(call));
    server.send('lines', { ...routineEvent(call, 'a line'), Context: 'dbg.2' });
    await vi.waitFor(() => expect(newextenFilters(server).filter((f) => f.startsWith('!'))).toEqual([routineStepsExclusion('dbg.2')]));
    expect(routineStepsExclusion('dbg.2')).toMatch(/^!.*\[\[:cntrl:\]\]Context: dbg\\\.2\[\[:cntrl:\]\]$/);
  });

  it("without ShowDialPlan, excludes the routine's steps once its first line names its context; a refused filter leaves the drop to chanlog", async () => {
    const server = new FakeFeedServer();
    server.refuseFilter = (filter) => filter.startsWith('!');
    const { lines } = await open(server);
    server.send('lines', newchannel(call));
    server.send('newexten', verboseStep(call, '0,a routine step, before the routine is known', 'chanlog'));
    server.send('lines', routineEvent(call, 'the first routine line'));
    await vi.waitFor(() => expect(newextenFilters(server)).toContain(routineStepsExclusion('chanlog')));
    // Asterisk refused it, so the steps still come: chanlog drops them, and does not ask again.
    server.send('newexten', verboseStep(call, '0,a routine step, after', 'chanlog'));
    server.send('lines', routineEvent(call, 'the second routine line'));
    server.send('newexten', verboseStep(call, '0,a plain line'));
    expect(lines().map((l) => [l.message, l.via])).toEqual([
      ['a routine step, before the routine is known', 'newexten'],
      ['the first routine line', 'userevent'],
      ['the second routine line', 'userevent'],
      ['a plain line', 'newexten'],
    ]);
    expect(newextenFilters(server).filter((f) => f.startsWith('!'))).toHaveLength(1);
  });

  it('reads no level marker when the dialplan shows no routine that sets one', async () => {
    const server = new FakeFeedServer();
    server.routineSteps = [{ Priority: '10', Application: 'Verbose', AppData: '0,${ARG2}' }]; // the published original routine
    const { lines } = await open(server);
    server.send('lines', newchannel(call));
    server.send('newexten', { Event: 'Newexten', ...call, Context: 'chanlog', Extension: 's', Priority: '18', Application: 'Set', AppData: 'LOCAL(chanlog_level)=1,from-internal,200,4' });
    server.send('newexten', verboseStep(call, '0,original routine', 'chanlog'));
    expect(lines().map((l) => [l.message, l.via, l.chanlogLevel])).toEqual([['original routine', 'newexten', undefined]]);
  });

  it('counts frames the client drops as malformed, and ChanLog events it cannot read whole', async () => {
    const server = new FakeFeedServer();
    const { lines, lost } = await open(server);
    server.send('lines', newchannel(call));
    server.session('newexten').malformed({ event: 'Newexten', channel: call.Channel }, 'a header that must be unique came twice');
    server.send('lines', { ...routineEvent(call, 'x'), ChanLogMessage: 'not base64!' });
    await vi.waitFor(() => expect(lost('malformed')).toBe(2));
    expect(lines()).toEqual([]);
  });

  it('ignores what the lines session receives before its filters are in place', async () => {
    const server = new FakeFeedServer();
    let release!: () => void;
    server.holdFilters = new Promise((resolve) => (release = resolve));
    server.channels = [{ ...call, ChannelStateDesc: 'Up', Context: 'ivr', Extension: '1', Priority: '2' }];
    const opening = open(server);
    await vi.waitFor(() => expect(server.transports.filter((t) => t.sent.some((f) => f.Action === 'Filter'))).not.toHaveLength(0));
    // The first session to ask for a filter is the lines session: unfiltered, it would get this.
    const lines = server.transports.find((t) => t.sent.some((f) => f.Action === 'Filter'))!;
    lines.frame({ event: 'UserEvent', ...Object.fromEntries(Object.entries(routineEvent(call, 'before filters')).map(([k, v]) => [k.toLowerCase(), v])) });
    server.holdFilters = undefined;
    release();
    const { lines: got, events } = await opening;
    expect(events.some((e) => e.kind === 'status' && e.status.state === 'connected')).toBe(true);
    expect(got()).toEqual([]);
  });

  it('after a reconnect: one gap for the outage, channels read again, status back to connected', async () => {
    const server = new FakeFeedServer();
    const { events, feed } = await open(server);
    server.send('lines', newchannel(call));
    const callsBefore = server.coreShowChannelsCalls;
    server.channels = []; // the call ended while we were away
    server.session('lines').close();
    await vi.waitFor(() => expect(events.some((e) => e.kind === 'gap')).toBe(true), { timeout: 2_000 });
    const states = events.flatMap((e) => (e.kind === 'status' ? [e.status.state] : []));
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(events.filter((e) => e.kind === 'gap')).toHaveLength(1);
    await vi.waitFor(() => expect(server.coreShowChannelsCalls).toBeGreaterThan(callsBefore));
    await vi.waitFor(() => expect(feed.channels()).toEqual([]));
    expect(events.some((e) => e.kind === 'channel' && e.change === 'hangup')).toBe(true);
    // The new lines session has its filters again and is read.
    server.send('lines', newchannel(other));
    server.send('lines', routineEvent(other, 'after the gap'));
    expect(events.some((e) => e.kind === 'line' && e.line.message === 'after the gap')).toBe(true);
  });

  it('reports no gap when only the command session was down (no line was missed)', async () => {
    const server = new FakeFeedServer();
    const { events } = await open(server);
    server.session('command').close();
    await vi.waitFor(() => expect(events.filter((e) => e.kind === 'status').map((e) => (e as { status: { state: string } }).status.state).slice(-2)).toEqual(['reconnecting', 'connected']), {
      timeout: 2_000,
    });
    expect(events.some((e) => e.kind === 'gap')).toBe(false);
  });

  it('stop() closes every session and says so', async () => {
    const server = new FakeFeedServer();
    const { feed, events } = await open(server);
    const closed = server.transports.map((t) => vi.spyOn(t, 'close'));
    await feed.stop();
    for (const spy of closed) expect(spy).toHaveBeenCalled();
    expect(events.at(-1)).toMatchObject({ kind: 'status', status: { state: 'stopped' } });
    expect(feed.commandClient('pbx1').isConnected).toBe(false);
  });

  it('rejects when a first connection cannot be made', async () => {
    const server = new FakeFeedServer();
    const factory = () => {
      const t = server.factory();
      t.openResult = new Error('connection refused');
      return t;
    };
    await expect(openFeed([{ name: 'pbx1', endpoint, source: 'test' }], { client: { transport: factory, pingIntervalMs: 0 } })).rejects.toThrow('connection refused');
  });
});
