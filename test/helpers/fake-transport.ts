import type { ActionFields, AmiFrame } from '../../src/ami/frame.js';
import type { AmiTransport } from '../../src/ami/transport.js';

/** A transport that records what is sent and lets the test play Asterisk. */
export class FakeTransport implements AmiTransport {
  sent: ActionFields[] = [];
  frame: (frame: AmiFrame) => void = () => {};
  malformed: (frame: AmiFrame, why: string) => void = () => {};
  closed: (reason: Error | undefined) => void = () => {};
  openResult: Error | undefined;
  async open(): Promise<void> {
    if (this.openResult) throw this.openResult;
  }
  send(fields: ActionFields): void {
    this.sent.push(fields);
  }
  onFrame(listener: (frame: AmiFrame) => void): void {
    this.frame = listener;
  }
  onMalformed(listener: (frame: AmiFrame, why: string) => void): void {
    this.malformed = listener;
  }
  onClose(listener: (reason: Error | undefined) => void): void {
    this.closed = listener;
  }
  close(): void {
    this.closed(undefined);
  }
  lastId(): string {
    return String(this.sent[this.sent.length - 1]!.ActionID);
  }
}
