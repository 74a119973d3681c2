/**
 * One channel at one dialplan step: the fields a `Newexten` event, the
 * channel snapshot headers of the channel events, a feed line and a live
 * channel all carry. Its own module, type-only and importing nothing, so
 * that events.ts (which reads AMI frames) and feed-types.ts (the feed's
 * contract) can both build on it without importing each other.
 */
export interface ChannelStep {
  channel: string;
  uniqueid: string;
  linkedid: string;
  context: string;
  extension: string;
  priority: number;
  application: string;
}
