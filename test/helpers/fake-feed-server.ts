import type { ActionFields, AmiFrame } from '../../src/ami/frame.js';
import { FakeTransport } from './fake-transport.js';

export type SessionKind = 'lines' | 'newexten' | 'command';

/** A transport that answers every action the way Asterisk would, on its own. */
class AnsweringTransport extends FakeTransport {
  /** Hands the client a frame the parser refused. */
  override malformed: (frame: AmiFrame, why: string) => void = () => {};
  constructor(private readonly server: FakeFeedServer) {
    super();
  }
  override onMalformed(listener: (frame: AmiFrame, why: string) => void): void {
    this.malformed = listener;
  }
  override send(fields: ActionFields): void {
    super.send(fields);
    queueMicrotask(() => this.server.answer(this, fields));
  }
}

/**
 * Plays one Asterisk for the feed's sessions: answers Filter, Events,
 * CoreShowChannels (from `channels`) and ShowDialPlan (from `routineSteps`), tells the sessions apart by what they
 * asked for, and lets a test send events on one session or drop it.
 */
export class FakeFeedServer {
  readonly transports: FakeTransport[] = [];
  /** What CoreShowChannels lists: CoreShowChannel events without Event/ActionID. */
  channels: Array<Record<string, string>> = [];
  coreShowChannelsCalls = 0;
  /** The routine's steps ShowDialPlan lists (ListDialplan events without Event/ActionID); undefined: refused. */
  routineSteps: Array<Record<string, string>> | undefined;
  /** Filter actions wait for this before they are answered, when set. */
  holdFilters: Promise<void> | undefined;
  /** Filters answered with Asterisk's refusal, when set. */
  refuseFilter: ((filter: string) => boolean) | undefined;

  readonly factory = (): FakeTransport => {
    const transport = new AnsweringTransport(this);
    this.transports.push(transport);
    return transport;
  };

  async answer(transport: FakeTransport, fields: ActionFields): Promise<void> {
    const id = String(fields.ActionID);
    if (fields.Action === 'Filter' && this.holdFilters) await this.holdFilters;
    if (fields.Action === 'Filter' && this.refuseFilter?.(String(fields.Filter))) {
      transport.frame({ response: 'Error', actionid: id, message: 'Filter did not compile.  Check the syntax of the filter given.' });
      return;
    }
    if (fields.Action === 'CoreShowChannels') {
      this.coreShowChannelsCalls++;
      transport.frame({ response: 'Success', actionid: id, eventlist: 'start', message: 'Channels will follow' });
      for (const channel of this.channels) transport.frame(lower({ Event: 'CoreShowChannel', ActionID: id, ...channel }));
      transport.frame({ event: 'CoreShowChannelsComplete', actionid: id, eventlist: 'Complete', listitems: String(this.channels.length) });
      return;
    }
    if (fields.Action === 'ShowDialPlan') {
      if (!this.routineSteps) {
        transport.frame({ response: 'Error', actionid: id, message: 'Permission denied' });
        return;
      }
      transport.frame({ response: 'Success', actionid: id, eventlist: 'start', message: 'DialPlan list will follow' });
      for (const step of this.routineSteps) transport.frame(lower({ Event: 'ListDialplan', ActionID: id, Context: 'chanlog', Extension: 's', ...step }));
      transport.frame({ event: 'ShowDialPlanComplete', actionid: id, eventlist: 'Complete', listitems: String(this.routineSteps.length) });
      return;
    }
    transport.frame({ response: 'Success', actionid: id });
  }

  /** The live transport of one session (the last one opened for it). */
  session(kind: SessionKind): AnsweringTransport {
    const found = this.transports.filter((t): t is AnsweringTransport => t instanceof AnsweringTransport && kindOf(t) === kind);
    const last = found[found.length - 1];
    if (!last) throw new Error(`no ${kind} session`);
    return last;
  }

  /** An event on one session, header names as Asterisk spells them. */
  send(kind: SessionKind, headers: Record<string, string>): void {
    this.session(kind).frame(lower(headers));
  }
}

function kindOf(transport: FakeTransport): SessionKind | undefined {
  for (const fields of transport.sent) {
    if (fields.Action === 'Events' && fields.EventMask === 'off') return 'command';
    if (fields.Action === 'Filter' && String(fields.Filter).startsWith('^Event: UserEvent')) return 'lines';
    if (fields.Action === 'Filter' && String(fields.Filter).startsWith('Application: Verbose')) return 'newexten';
  }
  return undefined;
}

/** The frame parser hands header names over lower-cased. */
export function lower(headers: Record<string, string>): AmiFrame {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
