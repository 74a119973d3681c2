import { describe, expect, it, vi } from 'vitest';
import { AmiClient } from '../../src/ami/client.js';
import { listLevels, parseLevelRequest, scopeKeyName } from '../../src/ami/levels.js';
import { FakeTransport } from '../helpers/fake-transport.js';

describe('parseLevelRequest', () => {
  it('reads the three scopes, with and without a level', () => {
    expect(parseLevelRequest(['all', '3'], true)).toEqual({ scope: { kind: 'all' }, level: '3' });
    expect(parseLevelRequest(['device', 'PJSIP/100', '0'], true)).toEqual({ scope: { kind: 'device', name: 'PJSIP/100' }, level: '0' });
    expect(parseLevelRequest(['channel', 'PJSIP/100-0000002a'], false)).toEqual({ scope: { kind: 'channel', name: 'PJSIP/100-0000002a' } });
  });
  it.each([
    [['all', 'high'], /whole number/],
    [['all', '10'], /from 0 to 9, not 10/],
    [['all', '-1'], /whole number/],
    [['all', '2.5'], /whole number/],
    [['all'], /expected: all LEVEL/],
    [['device', 'PJSIP/100'], /expected/],
    [['device'], /device needs a NAME/],
    [['phone', 'x', '1'], /unknown scope "phone"/],
    [['device', 'PJSIP/x\r\nAction: Logoff', '1'], /line break/],
    [['channel', 'PJSIP/x\nVal: 9', '1'], /line break/],
    [['device', '100', '1'], /TECH\/RESOURCE/],
  ])('refuses %j with a clear message (exit 2)', (words, message) => {
    expect(() => parseLevelRequest(words as string[], true)).toThrow(message);
    try {
      parseLevelRequest(words as string[], true);
    } catch (err) {
      expect(err).toMatchObject({ kind: 'input', errorKind: 'usage' });
    }
  });
  it('names keys as the routine reads them', () => {
    expect(scopeKeyName({ kind: 'all' })).toBe('ChanLog/all');
    expect(scopeKeyName({ kind: 'device', name: 'PJSIP/100' })).toBe('ChanLog/channel/PJSIP/100');
  });
});

describe('listLevels on an Asterisk without DBGetTree', () => {
  it("falls back to the CLI's database show, keeping only ChanLog keys", async () => {
    const t = new FakeTransport();
    const client = new AmiClient({ endpoint: { host: 'h', port: 1, username: 'u', secret: 's', tls: false }, pingIntervalMs: 0, transport: () => t });
    await client.connect();
    const listing = listLevels(client);
    // As Asterisk 16.27 answers an action it does not know.
    t.frame({ response: 'Error', actionid: t.lastId(), message: 'Invalid/unknown command: DBGetTree. Use Action: ListCommands to show available commands.' });
    await vi.waitFor(() => expect(t.sent[t.sent.length - 1]).toMatchObject({ Action: 'Command', Command: 'database show ChanLog' }));
    t.frame({
      response: 'Success',
      actionid: t.lastId(),
      message: 'Command output follows',
      output: [
        '/ChanLog/all                                      : 2                        ',
        '/ChanLog/channel/IAX2/host:4569                   : 5                        ',
        '/ChanLogX/other                                   : 1                        ',
        '3 results found.',
      ],
    });
    expect(await listing).toEqual([
      { key: 'all', value: '2' },
      { key: 'channel/IAX2/host:4569', value: '5' },
    ]);
    client.close();
  });

  it('passes any other refusal on, such as a missing permission', async () => {
    const t = new FakeTransport();
    const client = new AmiClient({ endpoint: { host: 'h', port: 1, username: 'u', secret: 's', tls: false }, pingIntervalMs: 0, transport: () => t });
    await client.connect();
    const listing = listLevels(client);
    t.frame({ response: 'Error', actionid: t.lastId(), message: 'Permission denied' });
    await expect(listing).rejects.toThrow('refused DBGetTree: Permission denied');
    expect(t.sent).toHaveLength(1);
  });

  it('does not take a key named after the family for one of the routine\'s own', async () => {
    const t = new FakeTransport();
    const client = new AmiClient({ endpoint: { host: 'h', port: 1, username: 'u', secret: 's', tls: false }, pingIntervalMs: 0, transport: () => t });
    await client.connect();
    const listing = listLevels(client);
    const id = t.lastId();
    t.frame({ response: 'Success', actionid: id, eventlist: 'start', message: 'Result will follow' });
    t.frame({ event: 'DBGetTreeResponse', actionid: id, key: '/ChanLog/all', val: '2' });
    // Not a level the routine reads: ChanLog/ChanLog/all is "ChanLog/all" inside the family.
    t.frame({ event: 'DBGetTreeResponse', actionid: id, key: '/ChanLog/ChanLog/all', val: '9' });
    t.frame({ event: 'DBGetTreeComplete', actionid: id, eventlist: 'Complete', listitems: '2' });
    expect(await listing).toEqual([{ key: 'all', value: '2' }]);
    client.close();
  });
});
