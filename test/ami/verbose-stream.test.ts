import { describe, expect, it } from 'vitest';
import { VerboseLineDecoder } from '../../src/ami/verbose-stream.js';

// Newexten frames as the asterisk-manager parser delivers them (header names lower-cased),
// recorded from the sandbox Asterisk 22.10.1 running the demo dialplan.
const marker = {
  event: 'Newexten',
  channel: 'Local/7002@chanlog-demo-00000001;2',
  context: 'chanlog',
  extension: 's',
  priority: '18',
  application: 'Set',
  appdata: 'LOCAL(chanlog_level)=5,chanlog-demo,7002,4',
  uniqueid: '1795474162.3',
  linkedid: '1795474162.2',
};
const verbose = { ...marker, priority: '25', application: 'Verbose', appdata: '0,rolled 2, again' };

describe('VerboseLineDecoder', () => {
  it('attaches the level announced by the routine to the next Verbose line of that channel', () => {
    const decoder = new VerboseLineDecoder('pbx1');
    expect(decoder.decode(marker)).toBeUndefined();
    const line = decoder.decode(verbose)!;
    expect(line).toMatchObject({
      server: 'pbx1',
      channel: 'Local/7002@chanlog-demo-00000001;2',
      device: 'Local/7002@chanlog-demo',
      chanlogLevel: 5,
      verboseLevel: 0,
      message: 'rolled 2, again',
      context: 'chanlog',
      priority: 25,
      caller: { context: 'chanlog-demo', extension: '7002', priority: 4 },
      via: 'marker',
    });
    // The marker is used once.
    expect(decoder.decode(verbose)!.chanlogLevel).toBeUndefined();
  });

  it('still reads the older marker that carried only the level', () => {
    const decoder = new VerboseLineDecoder('pbx1');
    decoder.decode({ ...marker, appdata: 'LOCAL(chanlog_level)=3' });
    const line = decoder.decode(verbose)!;
    expect(line.chanlogLevel).toBe(3);
    expect(line.caller).toBeUndefined();
  });

  it('forgets a pending marker when its channel hangs up', () => {
    const decoder = new VerboseLineDecoder('pbx1');
    decoder.decode(marker);
    expect(decoder.pendingCount).toBe(1);
    decoder.forget(marker.channel);
    expect(decoder.pendingCount).toBe(0);
    expect(decoder.decode(verbose)!.chanlogLevel).toBeUndefined();
  });

  it('keeps markers of interleaved channels apart', () => {
    const decoder = new VerboseLineDecoder('pbx1');
    const other = 'Local/7001@chanlog-demo-00000002;2';
    decoder.decode(marker);
    decoder.decode({ ...marker, channel: other, appdata: 'LOCAL(chanlog_level)=1,chanlog-demo,7001,1' });
    expect(decoder.decode({ ...verbose, channel: other })!).toMatchObject({ chanlogLevel: 1, caller: { extension: '7001', priority: 1 } });
    expect(decoder.decode(verbose)!).toMatchObject({ chanlogLevel: 5, caller: { extension: '7002', priority: 4 } });
  });

  it('decodes a plain Verbose outside the routine without a chanlog level', () => {
    const decoder = new VerboseLineDecoder('pbx1');
    const line = decoder.decode({ ...verbose, context: 'from-internal', appdata: '3,hello' })!;
    expect(line.chanlogLevel).toBeUndefined();
    expect(line.via).toBe('newexten');
    expect(line.verboseLevel).toBe(3);
    expect(line.message).toBe('hello');
  });

  it('decodes Log() with its level name', () => {
    const decoder = new VerboseLineDecoder('pbx1');
    const line = decoder.decode({ ...verbose, application: 'Log', appdata: 'NOTICE,disk, almost full' })!;
    expect(line.verboseLevel).toBe('NOTICE');
    expect(line.message).toBe('disk, almost full');
  });

  it("ignores the routine's own steps once it has seen the routine raise its UserEvent", () => {
    const decoder = new VerboseLineDecoder('pbx1');
    expect(decoder.decode({ ...marker, priority: '24', application: 'UserEvent', appdata: 'ChanLog,ChanLogLevel: 5,ChanLogContext: Y2hhbmxvZy1kZW1v' })).toBeUndefined();
    expect(decoder.decode(marker)).toBeUndefined();
    expect(decoder.decode(verbose)).toBeUndefined();
    // A plain Verbose elsewhere is still read.
    expect(decoder.decode({ ...verbose, context: 'ivr' })).toMatchObject({ via: 'newexten' });
  });

  it('ignores other events and applications', () => {
    const decoder = new VerboseLineDecoder('pbx1');
    expect(decoder.decode({ ...verbose, application: 'Answer' })).toBeUndefined();
    expect(decoder.decode({ event: 'Hangup', channel: 'x' })).toBeUndefined();
  });
});
