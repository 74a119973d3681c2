import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of an AMI port that records every byte
 * the client sends, so a test can say what did (or did not) reach Asterisk.
 */
export class RecordingProxy {
  connections = 0;
  private sent: Buffer[] = [];
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<RecordingProxy> {
    let proxy: RecordingProxy | undefined;
    const server = net.createServer((client) => {
      proxy!.connections++;
      const upstream = net.connect(targetPort, '127.0.0.1');
      proxy!.sockets.add(client).add(upstream);
      client.on('data', (chunk: Buffer) => proxy!.sent.push(chunk));
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new RecordingProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  /** Everything clients sent, as text. */
  get sentText(): string {
    return Buffer.concat(this.sent).toString('utf8');
  }

  /** The `Action:` names clients sent, in order. */
  get actions(): string[] {
    return [...this.sentText.matchAll(/^Action: *(.*)$/gim)].map((m) => m[1]!.trim());
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
  }
}
