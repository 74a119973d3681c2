import type { AmiEndpoint } from './url.js';
import type { ActionFields, AmiFrame } from './frame.js';

/**
 * One AMI connection: open and log in, send action frames, hand every
 * received frame to a listener. The client above it owns ActionIDs, list
 * collection, the watchdog and reconnects, so a transport can be swapped
 * (a recorded capture, a test's fake) without touching that logic.
 * chanlog's own is SocketTransport (src/ami/wire/).
 */
export interface AmiTransport {
  open(endpoint: AmiEndpoint, timeoutMs: number): Promise<void>;
  /** `fields` holds `Action` and `ActionID`; values are already checked. */
  send(fields: ActionFields): void;
  onFrame(listener: (frame: AmiFrame) => void): void;
  /** Frames the transport read but dropped (a line without a colon, a unique header twice). */
  onMalformed?(listener: (frame: AmiFrame, why: string) => void): void;
  onClose(listener: (reason: Error | undefined) => void): void;
  /** Ends the connection at once (destroys the socket); while opening, open() rejects. */
  close(): void;
}

export type TransportFactory = () => AmiTransport;
