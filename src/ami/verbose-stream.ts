import { EventEmitter } from 'node:events';
import { deviceOfChannel } from '../chanlog/keys.js';
import { LEVEL_MARKER_VARIABLE, parseLevelMarker, ROUTINE_CONTEXT, type CallerLocation, type LevelMarker } from '../chanlog/routine.js';
import { separateArgs, verboseOutput } from '../dialplan/model/app-args.js';
import type { AmiClient } from './client.js';
import { asHangup, asNewexten } from './events.js';
import type { AmiFrame } from './frame.js';

/** One line that Verbose() (or Log()) printed, with where it came from. */
export interface VerboseLine {
  time: Date;
  server: string;
  channel: string;
  device: string;
  uniqueid: string;
  linkedid: string;
  /** The step that printed: for lines through the routine, its own Verbose step. */
  context: string;
  extension: string;
  priority: number;
  application: 'Verbose' | 'Log';
  /** The ChanLog level, when the line came through the routine. */
  chanlogLevel?: number;
  /** The caller's GoSub step, when the line came through the routine. */
  caller?: CallerLocation;
  /** Verbose's level (0-4); for Log() its level name instead. */
  verboseLevel: number | string;
  /** The text exactly as the application printed it. */
  message: string;
}

/**
 * Event filters that let through only what the stream needs: Verbose and
 * Log steps, the routine's level marker step, and hangups (to forget a
 * channel's pending marker). Asterisk matches each regex against the event
 * text before sending it, so a busy server's other events never cross the
 * network; `[[:space:]]` stops `Hangup` from also matching `HangupRequest`.
 */
export const VERBOSE_FILTERS = [
  'Application: Verbose[[:space:]]',
  'Application: Log[[:space:]]',
  `AppData: LOCAL\\(${LEVEL_MARKER_VARIABLE}\\)=`,
  'Event: Hangup[[:space:]]',
];

/**
 * Turns `Newexten` events into VerboseLines: every dialplan step raises
 * Newexten with AppData after variable substitution, which is the faithful
 * record of what Verbose() printed (no AMI event carries console text).
 */
export class VerboseLineDecoder {
  /** Channel name to the marker the routine announced just before its Verbose step. */
  private readonly pendingMarker = new Map<string, LevelMarker>();

  constructor(private readonly server: string) {}

  decode(frame: AmiFrame, now = new Date()): VerboseLine | undefined {
    const step = asNewexten(frame);
    if (!step) {
      const hangup = asHangup(frame);
      if (hangup) this.pendingMarker.delete(hangup.channel);
      return undefined;
    }
    const { application, channel, appData, context } = step;
    if (application === 'Set' && context === ROUTINE_CONTEXT) {
      const marker = parseLevelMarker(appData);
      if (marker) this.pendingMarker.set(channel, marker);
      return undefined;
    }
    if (application !== 'Verbose' && application !== 'Log') return undefined;
    let marker: LevelMarker | undefined;
    if (context === ROUTINE_CONTEXT) {
      marker = this.pendingMarker.get(channel);
      this.pendingMarker.delete(channel);
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
      uniqueid: step.uniqueid,
      linkedid: step.linkedid,
      context,
      extension: step.extension,
      priority: step.priority,
      application,
      ...(marker ? { chanlogLevel: marker.level } : {}),
      ...(marker?.caller ? { caller: marker.caller } : {}),
      verboseLevel,
      message,
    };
  }

  /** How many channels have a marker waiting for their Verbose step (stays small). */
  get pendingCount(): number {
    return this.pendingMarker.size;
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
