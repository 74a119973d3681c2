import { PassThrough } from 'node:stream';
import type { AmiClient } from '../../src/ami/client.js';
import { AmiError } from '../../src/ami/errors.js';
import type { ChannelInfo, Feed, FeedEvent, FeedLine, ServerStatus } from '../../src/ami/feed-types.js';
import type { DialplanStep } from '../../src/chanlog/discover.js';
import { deviceOfChannel } from '../../src/chanlog/keys.js';

/**
 * An AstDB in memory behind the few AMI actions the level functions send
 * (DBPut, DBGet, DBDel, DBGetTree), answering as Asterisk 22 does; `refuse`
 * makes every write fail with Asterisk's permission text. ShowDialPlan
 * lists `dialplan` (empty: no routine loaded), as the family look-up asks.
 */
export class FakeAstDb {
  readonly values = new Map<string, string>();
  dialplan: DialplanStep[] = [];
  refuse: string | undefined;
  readonly sent: Array<{ action: string; fields: Record<string, unknown> }> = [];

  client(): AmiClient {
    const refused = (action: string, message: string) => new AmiError(`refused ${action}: ${message}`, 'refused', { asteriskMessage: message });
    return {
      action: async (action: string, fields: Record<string, string>) => {
        this.sent.push({ action, fields });
        if (this.refuse) throw refused(action, this.refuse);
        const key = `${fields.Family}/${fields.Key}`;
        if (action === 'DBPut') this.values.set(key, String(fields.Val));
        else if (action === 'DBDel') {
          if (!this.values.delete(key)) throw refused(action, 'Database entry not found');
        }
        return { response: 'Success' };
      },
      list: async (action: string, fields: Record<string, string>) => {
        this.sent.push({ action, fields });
        if (action === 'DBGet') {
          const value = this.values.get(`${fields.Family}/${fields.Key}`);
          if (value === undefined) throw refused(action, 'Database entry not found');
          return { response: {}, events: [{ event: 'DBGetResponse', family: fields.Family, key: fields.Key, val: value }] };
        }
        if (action === 'DBGetTree') {
          const events = [...this.values].filter(([k]) => k.startsWith(`${fields.Family}/`)).map(([k, v]) => ({ event: 'DBGetTreeResponse', key: `/${k}`, val: v }));
          if (events.length === 0) throw refused(action, 'Database entry not found');
          return { response: {}, events };
        }
        if (action === 'ShowDialPlan') {
          const steps = this.dialplan.filter((step) => fields.Context === undefined || step.context === fields.Context);
          if (steps.length === 0) throw refused(action, fields.Context === undefined ? 'No dialplan' : `Did not find context ${fields.Context}`);
          return { response: {}, events: steps.map((step) => ({ event: 'ListDialplan', ...step, appdata: step.appData })) };
        }
        throw refused(action, 'Invalid/unknown command');
      },
    } as unknown as AmiClient;
  }
}

export class FakeFeed implements Feed {
  readonly servers: string[];
  readonly db = new Map<string, FakeAstDb>();
  private readonly listeners = new Set<(event: FeedEvent) => void>();
  private readonly statuses = new Map<string, ServerStatus>();
  private readonly live = new Map<string, ChannelInfo>();
  stopped = false;

  constructor(servers: string[] = ['pbx1']) {
    this.servers = servers;
    for (const name of servers) {
      this.statuses.set(name, { name, state: 'connected', since: new Date(0), events: 0 });
      this.db.set(name, new FakeAstDb());
    }
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(server: string): ServerStatus {
    return this.statuses.get(server)!;
  }

  channels(): ChannelInfo[] {
    return [...this.live.values()];
  }

  commandClient(server: string): AmiClient {
    return this.db.get(server)!.client();
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  emit(event: FeedEvent): void {
    if (event.kind === 'status') this.statuses.set(event.status.name, event.status);
    if (event.kind === 'line') this.statuses.get(event.line.server)!.events++;
    if (event.kind === 'channel') {
      const key = `${event.channel.server}\0${event.channel.channel}`;
      if (event.change === 'hangup') this.live.delete(key);
      else this.live.set(key, event.channel);
    }
    for (const listener of this.listeners) listener(event);
  }

  addChannel(channel: string, overrides: Partial<ChannelInfo> = {}): ChannelInfo {
    const info: ChannelInfo = {
      server: this.servers[0]!,
      channel,
      device: deviceOfChannel(channel),
      uniqueid: overrides.uniqueid ?? `1700000000.${this.live.size + 1}`,
      linkedid: overrides.linkedid ?? overrides.uniqueid ?? `1700000000.${this.live.size + 1}`,
      state: 'Up',
      context: 'from-internal',
      extension: '200',
      priority: 3,
      application: 'Dial',
      created: new Date(1_000),
      ...overrides,
    };
    this.emit({ kind: 'channel', change: 'new', channel: info });
    return info;
  }

  line(message: string, overrides: Partial<FeedLine> = {}): void {
    const channel = overrides.channel ?? 'PJSIP/100-0000002a';
    this.emit({
      kind: 'line',
      line: {
        time: new Date(2026, 11, 6, 14, 3, 7, 412),
        server: this.servers[0]!,
        channel,
        device: deviceOfChannel(channel),
        uniqueid: '1700000000.42',
        linkedid: '1700000000.41',
        context: 'chanlog',
        extension: 's',
        priority: 10,
        application: 'Verbose',
        chanlogLevel: 2,
        caller: { context: 'from-internal', extension: '200', priority: 3 },
        verboseLevel: 0,
        message,
        via: 'userevent',
        ...overrides,
      },
    });
  }
}

/** A terminal of the given size for blessed, in memory. */
export function fakeTerminal(columns: number, rows: number) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns, rows });
  output.resume();
  return { input, output };
}
