import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_WRITE_CLASSES, EVENT_READ_CLASS, type ActionName, type EventName } from '../../src/ami/privileges.js';
import { parseAmiUrl } from '../../src/ami/url.js';
import { RawAmi } from '../helpers/raw-ami.js';
import { SINGLE_CLASSES, singleClassUser } from './manager-users.js';
import { sandboxContext } from './sandbox-context.js';

const sandbox = sandboxContext();

/** Harmless arguments for each action of the table: a family, a filter and a call target of the test's own. */
const ARGUMENTS: Record<ActionName, Record<string, string>> = {
  DBPut: { Family: 'ChanLogPrivTest', Key: 'k', Val: '1' },
  DBGet: { Family: 'ChanLogPrivTest', Key: 'k' },
  DBDel: { Family: 'ChanLogPrivTest', Key: 'k' },
  DBGetTree: { Family: 'ChanLogPrivTest' },
  Filter: { Operation: 'Add', Filter: 'Event: ChanLogPrivTestNothing' },
  CoreShowChannels: {},
  CoreSettings: {},
  ShowDialPlan: { Context: 'chanlog' },
  Command: { Command: 'core show version' },
  Originate: { Channel: 'Local/s@chanlog-privtest-none', Application: 'Wait', Data: '0', Async: 'true' },
};

async function loginAs(user: string, events: 'on' | 'off'): Promise<RawAmi> {
  const endpoint = parseAmiUrl(sandbox!.managerUrls[user] ?? sandbox!.amiUrl);
  const raw = await RawAmi.connect(endpoint.port);
  const response = await raw.action({ Action: 'Login', Username: endpoint.username, Secret: endpoint.secret, Events: events });
  expect(response.response, `login as ${user}`).toBe('Success');
  return raw;
}

/**
 * The privileges table (src/ami/privileges.ts) against the real Asterisk:
 * one manager user per class, each action tried by each, each event
 * watched for by each. A class the table gives an action must allow it,
 * every other class must be refused; an event must reach exactly the user
 * of its class.
 */
describe.skipIf(!sandbox)('the privileges table on Asterisk', () => {
  let admin: RawAmi;
  beforeAll(async () => {
    admin = await loginAs('chanlog', 'off');
  });
  afterAll(async () => {
    await admin.action({ Action: 'DBDelTree', Family: 'ChanLogPrivTest' });
    admin.close();
  });

  it.each(SINGLE_CLASSES)('write=%s allows exactly the actions the table gives it', async (granted) => {
    const raw = await loginAs(singleClassUser(granted), 'off');
    try {
      for (const [action, classes] of Object.entries(ACTION_WRITE_CLASSES) as Array<[ActionName, readonly string[]]>) {
        await admin.action({ Action: 'DBPut', Family: 'ChanLogPrivTest', Key: 'k', Val: '1' }); // DBGet and DBDel find something
        const response = await raw.action({ Action: action, ...ARGUMENTS[action] });
        const refused = response.response === 'Error' && response.message === 'Permission denied';
        expect(refused, `${action} with write=${granted}: ${response.response} ${response.message ?? ''}`).toBe(!classes.includes(granted));
      }
    } finally {
      raw.close();
    }
  });

  it('each event reaches the user of its read class and no other', async () => {
    const sessions = new Map<string, RawAmi>();
    for (const c of SINGLE_CLASSES) sessions.set(c, await loginAs(singleClassUser(c), 'on'));
    const cli = (command: string) => admin.action({ Action: 'Command', Command: command });
    try {
      // A call that answers (Newstate), raises a UserEvent from the dialplan and hangs up; steps give Newexten.
      await cli('dialplan add extension s,1,Answer() into chanlog-privtest');
      await cli('dialplan add extension s,2,UserEvent(ChanLogPrivTest) into chanlog-privtest');
      await cli('dialplan add extension s,3,Hangup() into chanlog-privtest');
      // Wait keeps the ;1 side up until the ;2 side has run its steps and hung up.
      await admin.action({ Action: 'Originate', Channel: 'Local/s@chanlog-privtest', Application: 'Wait', Data: '5', Async: 'true' });
      const ours = (event: EventName) => (f: Record<string, string>) => f.event === event && (f.channel === undefined || f.channel.includes('chanlog-privtest'));
      const events = Object.keys(EVENT_READ_CLASS) as EventName[];
      for (const event of events) await sessions.get(EVENT_READ_CLASS[event])!.waitFor(ours(event));
      // Every session was sent the call's events at the same time; a Ping answered on each
      // leaves no doubt that what it was going to get has come.
      for (const raw of sessions.values()) await raw.action({ Action: 'Ping' });
      for (const event of events) {
        for (const [c, raw] of sessions) {
          if (c === EVENT_READ_CLASS[event]) continue;
          const received = await raw.waitFor(ours(event), 1).then(
            () => true,
            () => false,
          );
          expect(received, `${event} reached read=${c}`).toBe(false);
        }
      }
    } finally {
      for (const raw of sessions.values()) raw.close();
      await cli('dialplan remove context chanlog-privtest');
    }
  });
});
