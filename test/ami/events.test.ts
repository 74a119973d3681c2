import { describe, expect, it } from 'vitest';
import { asDbGetResponse, asDbGetTreeResponse, asFullyBooted, asHangup, asNewexten } from '../../src/ami/events.js';

// Frames as the asterisk-manager parser delivered them from the sandbox Asterisk 22.10.1.
describe('typed AMI events', () => {
  it('reads Newexten with its priority as a number, and only Newexten', () => {
    const frame = {
      event: 'Newexten',
      channel: 'Local/100@explore-00000005;2',
      context: 'chanlog',
      exten: 's',
      extension: 's',
      priority: '18',
      application: 'Set',
      appdata: 'LOCAL(chanlog_level)=1,explore,100,4',
      uniqueid: '1795474577.9',
      linkedid: '1795474577.8',
    };
    expect(asNewexten(frame)).toEqual({
      channel: 'Local/100@explore-00000005;2',
      uniqueid: '1795474577.9',
      linkedid: '1795474577.8',
      context: 'chanlog',
      extension: 's',
      priority: 18,
      application: 'Set',
      appData: 'LOCAL(chanlog_level)=1,explore,100,4',
    });
    expect(asNewexten({ ...frame, event: 'Hangup' })).toBeUndefined();
    // Asterisk 11 and older named the extension `Exten` only.
    const { extension: _dropped, ...old } = frame;
    expect(asNewexten(old)?.extension).toBe('s');
  });
  it('reads Hangup, FullyBooted, DBGetResponse and DBGetTreeResponse', () => {
    expect(asHangup({ event: 'Hangup', channel: 'c', uniqueid: '1.2', cause: '16', 'cause-txt': 'Normal Clearing' })).toEqual({
      channel: 'c',
      uniqueid: '1.2',
      cause: 16,
      causeText: 'Normal Clearing',
    });
    expect(asFullyBooted({ event: 'FullyBooted', status: 'Fully Booted', uptime: '49' })).toEqual({ status: 'Fully Booted', uptime: 49 });
    expect(asDbGetResponse({ event: 'DBGetResponse', family: 'ChanLog', key: 'all', val: '3' })).toEqual({ family: 'ChanLog', key: 'all', value: '3' });
    expect(asDbGetTreeResponse({ event: 'DBGetTreeResponse', key: '/ChanLog/all', val: '' })).toEqual({ key: '/ChanLog/all', value: '' });
    expect(asDbGetTreeResponse({ event: 'DBGetResponse', key: 'x', val: '1' })).toBeUndefined();
  });
});
