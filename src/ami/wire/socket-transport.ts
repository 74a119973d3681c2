import net from 'node:net';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { AmiError } from '../errors.js';
import { type ActionFields, type AmiFrame, findUnsafeField, getHeader } from '../frame.js';
import type { AmiTransport } from '../transport.js';
import type { AmiEndpoint } from '../url.js';
import { terminalSafe } from '../../util/safe-text.js';
import { DEFAULT_LIMITS, FrameLimitError, FrameParser, type FrameLimits } from './frame-parser.js';
import { describeTlsFailure, pinMismatch, tlsConnectOptions } from './tls.js';

/** What opening is waiting for; a deadline or a failure names it. */
type Step = 'connect' | 'tls' | 'greeting' | 'login';

const GREETING = /^Asterisk Call Manager\/\S+/;

interface Opening {
  resolve(): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  step: Step;
  loginId: string;
}

/**
 * chanlog's own AMI connection, on node:net or node:tls: connect (and TLS
 * handshake, with the pin checked before a byte is read), the greeting,
 * Login, then frames from FrameParser. Opening has one deadline and says
 * which step it ran out in. A frame over its limit resets the connection;
 * close() destroys the socket, so nothing of it keeps the process alive.
 */
/**
 * Bytes decoded to text at a time. A socket read is up to 64 KiB; as one
 * string with a single non-Latin-1 character (a message in Czech, an emoji)
 * that is 128 KiB of UTF-16, which V8 keeps as a "large object" and moves
 * to the old generation whenever a minor GC finds it alive. Smaller slices
 * stay ordinary short-lived young objects: measured over 300,000 replayed
 * lines, 4.4 MB promoted to the old generation instead of 8-10 MB.
 */
const DECODE_SLICE = 16 * 1024;

export class SocketTransport implements AmiTransport {
  private socket: net.Socket | undefined;
  private opening: Opening | undefined;
  private frameListener: (frame: AmiFrame) => void = () => {};
  private malformedListener: (frame: AmiFrame, why: string) => void = () => {};
  private closeListener: (reason: Error | undefined) => void = () => {};
  private closed = false;
  /** Why the connection went, when chanlog ended it (a frame limit) or the socket said (an error). */
  private reason: Error | undefined;
  private lastError: Error | undefined;
  /** ActionIDs of actions whose response may be large (Command). */
  private readonly largeIds = new Set<string>();
  private readonly parser: FrameParser;
  private endpoint: AmiEndpoint | undefined;

  constructor(limits: FrameLimits = DEFAULT_LIMITS) {
    this.parser = new FrameParser(
      {
        greeting: (line) => this.handleGreeting(line),
        frame: (frame) => this.handleFrame(frame),
        malformed: (frame, why) => {
          if (!this.closed) this.malformedListener(frame, why);
        },
      },
      limits,
      (id) => this.largeIds.has(id),
    );
  }

  open(endpoint: AmiEndpoint, timeoutMs: number): Promise<void> {
    if (this.closed || this.socket) return Promise.reject(new AmiError('this transport was used already', 'closed'));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.failOpen(deadlineMessage(this.opening!.step, timeoutMs)), timeoutMs);
      this.opening = { resolve, reject, timer, step: 'connect', loginId: `login-${randomBytes(4).toString('hex')}` };
      this.endpoint = endpoint;
      let socket: net.Socket;
      if (endpoint.tls) {
        let options: tls.ConnectionOptions;
        try {
          options = tlsConnectOptions(endpoint);
        } catch (err) {
          this.failOpen(new AmiError(`cannot read the CA file: ${(err as Error).message}`, 'connection'));
          return;
        }
        const secure = tls.connect(options);
        socket = secure;
        secure.once('connect', () => this.setStep('tls'));
        secure.once('secureConnect', () => {
          const mismatch = endpoint.fingerprint === undefined ? undefined : pinMismatch(secure, endpoint.fingerprint);
          if (mismatch) this.failOpen(new AmiError(`TLS connection refused: ${mismatch}`, 'connection'));
          else this.startReading();
        });
      } else {
        socket = net.connect({ host: endpoint.host, port: endpoint.port });
        socket.once('connect', () => this.startReading());
      }
      this.socket = socket;
      socket.setNoDelay(true);
      socket.on('error', (err) => (this.lastError = err));
      socket.on('close', () => this.handleSocketClose());
    });
  }

  send(fields: ActionFields): void {
    const socket = this.socket;
    if (!socket || this.closed || socket.destroyed || !socket.writable) throw new AmiError('not connected', 'connection');
    const problem = findUnsafeField(fields);
    if (problem) throw new AmiError(`refused to send: ${problem}`, 'input');
    let text = '';
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (typeof value === 'object') {
        for (const [variable, varValue] of Object.entries(value)) text += `${name}: ${variable}=${varValue}\r\n`;
      } else text += `${name}: ${String(value)}\r\n`;
    }
    const action = fields.Action;
    if (typeof action === 'string' && action.toLowerCase() === 'command' && fields.ActionID !== undefined) this.largeIds.add(String(fields.ActionID));
    socket.write(`${text}\r\n`);
  }

  onFrame(listener: (frame: AmiFrame) => void): void {
    this.frameListener = listener;
  }

  onMalformed(listener: (frame: AmiFrame, why: string) => void): void {
    this.malformedListener = listener;
  }

  onClose(listener: (reason: Error | undefined) => void): void {
    this.closeListener = listener;
  }

  close(): void {
    if (this.closed) return;
    if (this.opening) {
      this.failOpen(new AmiError('the AMI client was closed', 'closed'));
      return;
    }
    this.socket?.destroy();
    this.finish(undefined);
  }

  private setStep(step: Step): void {
    if (this.opening) this.opening.step = step;
  }

  private startReading(): void {
    this.setStep('greeting');
    const socket = this.socket!;
    const decoder = new StringDecoder('utf8');
    socket.on('data', (bytes: Buffer) => {
      try {
        // Decoded a slice at a time (a character cut between slices is carried by the decoder): see DECODE_SLICE.
        for (let at = 0; at < bytes.length && !this.closed; at += DECODE_SLICE) this.parser.push(decoder.write(bytes.subarray(at, at + DECODE_SLICE)));
      } catch (err) {
        if (!(err instanceof FrameLimitError)) throw err;
        this.reset(new AmiError(`${err.message}: connection reset`, 'connection'));
      }
    });
  }

  private handleGreeting(line: string): void {
    if (!GREETING.test(line)) {
      const shown = terminalSafe(line.length > 60 ? `${line.slice(0, 60)}...` : line);
      this.reset(new AmiError(`not an Asterisk manager: it greeted with ${JSON.stringify(shown)}`, 'connection'));
      return;
    }
    const endpoint = this.endpoint;
    if (!this.opening || !endpoint) return;
    this.setStep('login');
    try {
      this.send({ Action: 'Login', ActionID: this.opening!.loginId, Username: endpoint.username, Secret: endpoint.secret });
    } catch (err) {
      this.failOpen(err as Error);
    }
  }

  private handleFrame(frame: AmiFrame): void {
    // A listener may close the connection in the middle of a read: the rest of it is not delivered.
    if (this.closed) return;
    const opening = this.opening;
    const id = getHeader(frame, 'actionid');
    if (id !== undefined && this.largeIds.size > 0 && getHeader(frame, 'response') !== undefined) this.largeIds.delete(id);
    if (opening && id === opening.loginId) {
      if (getHeader(frame, 'response')?.toLowerCase() === 'success') {
        clearTimeout(opening.timer);
        this.opening = undefined;
        opening.resolve();
      } else {
        this.failOpen(new AmiError(`Asterisk refused the login: ${getHeader(frame, 'message') ?? 'no reason given'}`, 'auth'));
      }
      return;
    }
    this.frameListener(frame);
  }

  /** Ends the connection with a reset (RST), for a server that broke the protocol. */
  private reset(reason: AmiError): void {
    this.reason ??= reason;
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    if (socket instanceof tls.TLSSocket) socket.destroy();
    else socket.resetAndDestroy();
  }

  private failOpen(err: Error): void {
    const opening = this.opening;
    if (!opening) return;
    this.opening = undefined;
    clearTimeout(opening.timer);
    this.closed = true;
    this.socket?.destroy();
    opening.reject(err);
  }

  private handleSocketClose(): void {
    if (this.opening) {
      this.failOpen(this.reason ?? describeFailure(this.lastError, this.opening.step));
      return;
    }
    if (this.reason === undefined && this.lastError) this.reason = describeLoss(this.lastError);
    if (this.reason === undefined && this.parser.midFrame) this.reason = new AmiError('the server closed the connection in the middle of a frame', 'connection');
    this.finish(this.reason);
  }

  private finish(reason: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.closeListener(reason);
  }
}

function deadlineMessage(step: Step, timeoutMs: number): AmiError {
  const seconds = `${timeoutMs / 1000} s`;
  const text: Record<Step, string> = {
    connect: `TCP connect timed out after ${seconds} (nothing answered: a firewall dropping it, or the host is down)`,
    tls: `TLS handshake not finished within ${seconds}`,
    greeting: `connected, but no AMI greeting within ${seconds} (is this the manager port of an Asterisk?)`,
    login: `no answer to Login within ${seconds}`,
  };
  return new AmiError(text[step], 'timeout');
}

const CONNECT_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is Asterisk running, with the manager enabled on that port?)',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'TCP connect timed out',
};

function describeFailure(error: Error | undefined, step: Step): AmiError {
  if (step === 'connect' || step === 'tls') {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code && CONNECT_ERRORS[code]) return new AmiError(CONNECT_ERRORS[code]!, 'connection');
    if (error && (step === 'tls' || error.message.includes('TLS') || error.message.includes('SSL'))) return new AmiError(describeTlsFailure(error), 'connection');
    if (error) return new AmiError(`connection failed: ${error.message}`, 'connection');
    return new AmiError('the connection closed while connecting', 'connection');
  }
  const how = error ? describeLoss(error).message : 'the server closed the connection';
  if (step === 'greeting') return new AmiError(`${how} before its AMI greeting (is this the manager port of an Asterisk?)`, 'connection');
  return new AmiError(`${how} before answering Login`, 'connection');
}

function describeLoss(error: Error): AmiError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET') return new AmiError('the server reset the connection', 'connection');
  if (code === 'EPIPE') return new AmiError('the server closed the connection', 'connection');
  return new AmiError(`connection failed: ${error.message}`, 'connection');
}
