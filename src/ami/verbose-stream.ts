import { EventEmitter } from 'node:events';
import { deviceOfChannel } from '../chanlog/keys.js';
import { LEVEL_MARKER_VARIABLE, ROUTINE_CONTEXT } from '../chanlog/routine.js';
import { separateArgs, verboseOutput } from './app-args.js';
import type { AmiClient } from './client.js';
import { getHeader, type AmiFrame } from './frame.js';

/** One line that Verbose() (or Log()) printed, with where it came from. */
export interface VerboseLine {
  time: Date;
  server: string;
  channel: string;
  device: string;
  uniqueid: string;
  linkedid: string;
  context: string;
  extension: string;
  priority: number;
  application: 'Verbose' | 'Log';
  /** The ChanLog level, when the line came through the routine. */
  chanlogLevel?: number;
  /** Verbose's level (0-4); for Log() its level name instead. */
  verboseLevel: number | string;
  /** The text exactly as the application printed it. */
  message: string;
}

const LEVEL_MARKER = `LOCAL(${LEVEL_MARKER_VARIABLE})=`;

/**
 * Event filters that let through only what the stream needs: Verbose and
 * Log steps, and the routine's level marker step. Asterisk applies them to
 * the event text before sending, so a busy server's other events never
 * cross the network.
 */
export const VERBOSE_FILTERS = ['Application: Verbose', 'Application: Log', `AppData: LOCAL\\(${LEVEL_MARKER_VARIABLE}\\)=`];

/**
 * Turns `Newexten` events into VerboseLines: every dialplan step raises
 * Newexten with AppData after variable substitution, which is the faithful
 * record of what Verbose() printed (no AMI event carries console text).
 */
export class VerboseLineDecoder {
  /** Channel name to the ChanLog level announced by the routine's marker step. */
  private readonly pendingLevel = new Map<string, number>();

  constructor(private readonly server: string) {}

  decode(frame: AmiFrame, now = new Date()): VerboseLine | undefined {
    if (getHeader(frame, 'event') !== 'Newexten') return undefined;
    const application = getHeader(frame, 'application');
    const channel = getHeader(frame, 'channel') ?? '';
    const appData = getHeader(frame, 'appdata') ?? '';
    const context = getHeader(frame, 'context') ?? '';
    if (application === 'Set' && context === ROUTINE_CONTEXT && appData.startsWith(LEVEL_MARKER)) {
      const level = Number(appData.slice(LEVEL_MARKER.length));
      if (Number.isInteger(level)) this.pendingLevel.set(channel, level);
      return undefined;
    }
    if (application !== 'Verbose' && application !== 'Log') return undefined;
    let chanlogLevel: number | undefined;
    if (context === ROUTINE_CONTEXT) {
      chanlogLevel = this.pendingLevel.get(channel);
      this.pendingLevel.delete(channel);
    }
    let verboseLevel: number | string;
    let message: string;
    if (application === 'Verbose') {
      ({ level: verboseLevel, message } = verboseOutput(appData));
    } else {
      const [level = '', text = ''] = separateArgs(appData, 2, true);
      verboseLevel = level.trim();
      message = text;
    }
    return {
      time: now,
      server: this.server,
      channel,
      device: deviceOfChannel(channel),
      uniqueid: getHeader(frame, 'uniqueid') ?? '',
      linkedid: getHeader(frame, 'linkedid') ?? '',
      context,
      extension: getHeader(frame, 'extension') ?? getHeader(frame, 'exten') ?? '',
      priority: Number(getHeader(frame, 'priority') ?? 0),
      application,
      ...(chanlogLevel !== undefined ? { chanlogLevel } : {}),
      verboseLevel,
      message,
    };
  }

  /** Forget a channel that hung up. */
  forget(channel: string): void {
    this.pendingLevel.delete(channel);
  }
}

/** Subscribes a client to Verbose output: adds the filters and emits `line` per printed line. */
export class VerboseStream extends EventEmitter<{ line: [VerboseLine] }> {
  private readonly decoder: VerboseLineDecoder;

  constructor(private readonly client: AmiClient) {
    super();
    this.decoder = new VerboseLineDecoder(client.name);
  }

  async start(): Promise<void> {
    this.client.on('event', (frame) => {
      const line = this.decoder.decode(frame);
      if (line) this.emit('line', line);
    });
    for (const filter of VERBOSE_FILTERS) await this.client.addFilter(filter);
  }
}
