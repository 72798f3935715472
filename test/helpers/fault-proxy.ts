/**
 * A WebSocket proxy that delays and duplicates frames and cuts connections at random, between stock
 * clients and the server. Order within one connection is kept (TCP never reorders; across a cut the
 * old and new connections do race, as on a real network).
 */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface FaultOptions {
  /** Extra delay per frame, uniform in 0..maxDelayMs. */
  maxDelayMs: number;
  /** Probability that a frame is delivered twice. */
  duplicate: number;
  /** Probability, per frame, that the connection is cut (both sides terminated). */
  cut: number;
}

export class FaultProxy {
  private readonly wss: WebSocketServer;
  private readonly pairs = new Set<[WebSocket, WebSocket]>();
  faults: FaultOptions;
  stats = { frames: 0, duplicated: 0, cuts: 0, maxBacklog: 0, maxLatencyMs: 0 };
  private inFlight = 0;
  /** Resolves once `url` can be read. */
  readonly listening: Promise<void>;

  constructor(
    private readonly upstream: string,
    faults: FaultOptions,
  ) {
    this.faults = faults;
    this.wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    this.listening = new Promise((resolve) => this.wss.once('listening', resolve));
    this.wss.on('connection', (client, req) => this.pipe(client, req.url ?? '/'));
  }

  /**
   * Frames received and not passed on yet: delayed, or queued behind a delayed one (a connection's
   * frames leave in order, so under load they queue up).
   */
  get backlog(): number {
    return this.inFlight;
  }

  /** ws://… base to give clients instead of the server's. */
  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  private pipe(client: WebSocket, path: string): void {
    const server = new WebSocket(`${this.upstream}${path}`);
    const pair: [WebSocket, WebSocket] = [client, server];
    this.pairs.add(pair);
    const pending: Buffer[] = [];
    server.once('open', () => {
      for (const m of pending.splice(0)) server.send(m);
    });
    this.forward(client, server, pending);
    this.forward(server, client, null);
    const end = (from: WebSocket, to: WebSocket) =>
      from.on('close', (code, reason) => {
        this.pairs.delete(pair);
        const passOn = code >= 4000 || code === 1013;
        if (to.readyState === WebSocket.OPEN) to.close(passOn ? code : 1001, passOn ? reason : undefined);
        else to.terminate();
      });
    end(client, server);
    end(server, client);
    client.on('error', () => {});
    server.on('error', () => {});
  }

  /**
   * Forwards `from` → `to` with delay and duplicates, keeping the order. The delay is latency: a frame
   * leaves `delay` after it arrived, or right after the frame ahead of it if that one leaves later.
   * (Waiting each frame's delay after the previous one had left added the delays up: at maxDelayMs 30 a
   * connection passed ~66 frames a second and fell further behind for as long as it lived.)
   */
  private forward(from: WebSocket, to: WebSocket, pending: Buffer[] | null): void {
    const queue: { data: Buffer; copies: number; due: number; received: number }[] = [];
    let scheduled = false; // a timer is set for the head of the queue
    const release = () => {
      scheduled = false;
      const now = Date.now();
      while (queue.length > 0 && queue[0]!.due <= now) {
        const { data, copies, received } = queue.shift()!;
        this.inFlight--;
        this.stats.maxLatencyMs = Math.max(this.stats.maxLatencyMs, now - received);
        for (let i = 0; i < copies; i++) {
          if (to.readyState === WebSocket.OPEN) to.send(data);
          else if (to.readyState === WebSocket.CONNECTING && pending) pending.push(data);
        }
      }
      if (queue.length > 0) {
        scheduled = true;
        setTimeout(release, queue[0]!.due - now);
      }
    };
    from.on('message', (data: Buffer) => {
      this.stats.frames++;
      const { maxDelayMs, duplicate, cut } = this.faults;
      if (Math.random() < cut) {
        this.stats.cuts++;
        from.terminate();
        to.terminate();
        return;
      }
      const copies = Math.random() < duplicate ? 2 : 1;
      if (copies === 2) this.stats.duplicated++;
      const received = Date.now();
      const due = Math.max(received + Math.random() * maxDelayMs, queue.at(-1)?.due ?? 0);
      queue.push({ data, copies, due, received });
      this.inFlight++;
      this.stats.maxBacklog = Math.max(this.stats.maxBacklog, this.inFlight);
      if (!scheduled) {
        scheduled = true;
        setTimeout(release, due - received);
      }
    });
  }

  close(): Promise<void> {
    for (const [a, b] of this.pairs) {
      a.terminate();
      b.terminate();
    }
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
