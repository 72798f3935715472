/**
 * A TCP proxy that can turn into a black hole: bytes both ways are dropped silently and connections
 * stay open, as across a network partition (no RST, no FIN: the peers find out only by timing out).
 * `heal` cuts the connections that lived through it (their protocol state is lost with the bytes).
 * `silenceOpen` darkens only the connections open now, as a firewall or NAT that forgot them would:
 * new connections pass, so a client that drops a silent connection and opens another gets through.
 */
import net from 'node:net';

export class TcpBlackhole {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  /** The client side of each connection whose bytes no longer pass. */
  private readonly silenced = new WeakSet<net.Socket>();
  private dark = false;
  port = 0;

  private constructor(targetPort: number) {
    this.server = net.createServer((client) => {
      this.sockets.add(client);
      client.on('error', () => {});
      client.on('close', () => this.sockets.delete(client));
      if (this.dark) return; // accepted, never answered
      const passes = () => !this.dark && !this.silenced.has(client);
      const upstream = net.connect(targetPort, '127.0.0.1');
      this.sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => {
        this.sockets.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream.destroy());
      client.on('data', (data) => {
        if (passes()) upstream.write(data);
      });
      upstream.on('data', (data) => {
        if (passes()) client.write(data);
      });
    });
  }

  /** A proxy on a free port of 127.0.0.1 in front of `targetPort`. */
  static async start(targetPort: number): Promise<TcpBlackhole> {
    const proxy = new TcpBlackhole(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as net.AddressInfo).port;
    return proxy;
  }

  /** From now on nothing passes, either way. */
  blackhole(): void {
    this.dark = true;
  }

  /** The connections open now pass nothing more, ever (they stay open); new ones pass. */
  silenceOpen(): void {
    for (const socket of this.sockets) this.silenced.add(socket);
  }

  /** Traffic passes again, on new connections. */
  heal(): void {
    this.dark = false;
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
