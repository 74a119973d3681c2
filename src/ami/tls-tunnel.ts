import net from 'node:net';
import tls from 'node:tls';

export interface TlsTunnel {
  /** The loopback port that forwards to the TLS endpoint. */
  port: number;
  lastError(): Error | undefined;
  close(): void;
}

/**
 * A one-connection loopback listener that forwards to `host:port` over TLS.
 * It lets a plain-TCP AMI library talk to `amis://` without changing it.
 * Certificates are verified as Node does by default; set
 * NODE_EXTRA_CA_CERTS for a private CA.
 */
export async function openTlsTunnel(host: string, port: number): Promise<TlsTunnel> {
  let lastError: Error | undefined;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((local) => {
    server.close(); // one connection per tunnel
    const remote = tls.connect({ host, port, servername: net.isIP(host) ? undefined : host });
    sockets.add(local);
    sockets.add(remote);
    const fail = (err: Error) => {
      lastError = err;
      local.destroy();
      remote.destroy();
    };
    remote.on('error', fail);
    local.on('error', fail);
    local.pipe(remote).pipe(local);
    remote.on('close', () => local.destroy());
    local.on('close', () => remote.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    lastError: () => lastError,
    close: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}
