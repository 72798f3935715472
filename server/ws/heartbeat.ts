/** What the heartbeat needs of a socket (a `ws` WebSocket). */
export interface Pingable {
  ping(): void;
  terminate(): void;
  /** True while the server has stopped reading the socket (back-pressure): its pongs wait unread. */
  readonly isPaused?: boolean;
  on(event: 'pong', listener: (this: Pingable) => void): unknown;
  off(event: 'pong', listener: (this: Pingable) => void): unknown;
}

/**
 * Ping/pong liveness for every open socket of a server, swept by one timer: each tick terminates the
 * sockets that have not answered the previous tick's ping (the peer is gone without a close frame) and
 * pings the others. A socket is dropped between one and two intervals after its peer stops answering,
 * and a live one always has a full interval to answer. One timer for all, rather than one per socket:
 * an idle connection should cost as little memory as possible.
 */
export class Heartbeat<S extends Pingable = Pingable> {
  /** Each watched socket, and whether it has answered since the last ping. */
  private readonly sockets = new Map<S, boolean>();
  private timer: NodeJS.Timeout | null = null;
  /** One listener shared by every socket (`this` is the socket). */
  private readonly pong: (this: Pingable) => void;

  constructor(private readonly intervalMs: number) {
    const sockets = this.sockets as Map<Pingable, boolean>;
    this.pong = function (this: Pingable) {
      if (sockets.has(this)) sockets.set(this, true);
    };
  }

  /** Starts watching an open socket. */
  watch(socket: S): void {
    this.sockets.set(socket, true);
    socket.on('pong', this.pong);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Stops watching a socket (it closed); the timer stops with the last one. */
  forget(socket: S): void {
    if (!this.sockets.delete(socket)) return;
    socket.off('pong', this.pong);
    if (this.sockets.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Sockets watched (tests, diagnostics). */
  get size(): number {
    return this.sockets.size;
  }

  private sweep(): void {
    for (const [socket, answered] of this.sockets) {
      if (!answered && !socket.isPaused) {
        this.forget(socket);
        socket.terminate();
      } else {
        this.sockets.set(socket, false);
        socket.ping();
      }
    }
  }
}
