import createManager from 'asterisk-manager';
import type { AmiEndpoint } from './url.js';
import type { ActionFields, AmiFrame } from './frame.js';
import { getHeader } from './frame.js';
import { AmiError } from './errors.js';
import { openTlsTunnel, type TlsTunnel } from './tls-tunnel.js';

/**
 * One AMI connection: open and log in, send action frames, hand every
 * received frame to a listener. The client above it owns ActionIDs, list
 * collection, the watchdog and reconnects, so a transport can be swapped
 * (a recorded capture, another library) without touching that logic.
 */
export interface AmiTransport {
  open(endpoint: AmiEndpoint, timeoutMs: number): Promise<void>;
  /** `fields` holds `Action` and `ActionID`; values are already checked. */
  send(fields: ActionFields): void;
  onFrame(listener: (frame: AmiFrame) => void): void;
  onClose(listener: (reason: Error | undefined) => void): void;
  close(): void;
}

export type TransportFactory = () => AmiTransport;

/**
 * The transport on top of the npm package asterisk-manager, used only as
 * socket and frame parser. Its own response routing, held actions, reconnect
 * (which prints to the console) and ActionIDs are bypassed: after login the
 * package's event dispatcher is detached and frames come straight from its
 * `rawevent` parser output.
 */
export class AsteriskManagerTransport implements AmiTransport {
  private manager: ReturnType<typeof createManager> | undefined;
  private tunnel: TlsTunnel | undefined;
  private frameListener: (frame: AmiFrame) => void = () => {};
  private closeListener: (reason: Error | undefined) => void = () => {};
  private closed = false;
  private lastError: Error | undefined;

  async open(endpoint: AmiEndpoint, timeoutMs: number): Promise<void> {
    let host = endpoint.host;
    let port = endpoint.port;
    if (endpoint.tls) {
      // The package speaks plain TCP only; a loopback tunnel carries it over TLS.
      this.tunnel = await openTlsTunnel(endpoint.host, endpoint.port);
      host = '127.0.0.1';
      port = this.tunnel.port;
    }
    const manager = createManager();
    this.manager = manager;
    manager.options.username = endpoint.username;
    manager.options.password = endpoint.secret;
    manager.on('error', (err: unknown) => {
      this.lastError = err instanceof Error ? err : new Error(String(err));
    });
    manager.on('close', () => this.handleClose());
    // The package's dispatcher routes the login response; ours sees every frame,
    // including events that arrive in the same packet as that response.
    const packageDispatcher = manager.listeners('rawevent')[0] as (...args: unknown[]) => void;
    manager.on('rawevent', (frame: AmiFrame) => this.frameListener(frame));

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new AmiError(`no answer from Asterisk within ${timeoutMs / 1000} s`, 'timeout'));
        this.close();
      }, timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      manager.once('close', () => fail(describeConnectFailure(this.lastError, this.tunnel)));
      manager.connect(port, host, () => {
        manager.login((refusal) => {
          clearTimeout(timer);
          if (refusal) {
            const message = getHeader(refusal, 'message') ?? 'login refused';
            reject(new AmiError(`Asterisk refused the login: ${message}`, 'auth'));
            this.close();
            return;
          }
          // From here on the package's own dispatcher is idle; see the class comment.
          manager.removeListener('rawevent', packageDispatcher);
          resolve();
        });
      });
    });
  }

  send(fields: ActionFields): void {
    const manager = this.manager;
    // Checked here because the package, asked to write without a socket, console.logs and holds the action.
    if (!manager || this.closed || !manager.isConnected()) throw new AmiError('not connected', 'connection');
    const action: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      action[name.toLowerCase()] = typeof value === 'object' ? value : String(value);
    }
    manager.action(action);
    // The package keeps a listener per ActionID for its own routing, which we bypass.
    const id = String(action.actionid ?? '');
    if (id) manager.removeAllListeners(id);
  }

  onFrame(listener: (frame: AmiFrame) => void): void {
    this.frameListener = listener;
  }

  onClose(listener: (reason: Error | undefined) => void): void {
    this.closeListener = listener;
  }

  close(): void {
    if (this.closed) return;
    this.manager?.disconnect();
    this.handleClose();
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.tunnel?.close();
    this.closeListener(this.lastError);
  }
}

function describeConnectFailure(error: Error | undefined, tunnel: TlsTunnel | undefined): Error {
  const tunnelError = tunnel?.lastError();
  if (tunnelError) return new AmiError(`TLS connection failed: ${tunnelError.message}`, 'connection');
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return new AmiError('connection refused (is Asterisk running, with the manager enabled on that port?)', 'connection');
  if (error) return new AmiError(`connection failed: ${error.message}`, 'connection');
  return new AmiError('the connection closed before login', 'connection');
}
