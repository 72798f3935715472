import { monotonic, TokenBucket } from './token-bucket.ts';

/** Per-connection budgets and the room's memory cap while storage fails (README "Configuration"). */
export interface InboundLimits {
  /** Messages per second a connection may send on average, and in one burst. Over it: close 4429. */
  messageRate: number;
  messageBurst: number;
  /** Bytes per second (inbound frames plus sync step 2 replies) on average, and in one burst. */
  byteRate: number;
  byteBurst: number;
  /** Awareness updates applied per second per connection; extras are coalesced into the latest. */
  awarenessRate: number;
  /** Updates a room may hold unstored while appends fail; beyond it new updates are refused with 1013. */
  maxUnstoredBytes: number;
}

export const DEFAULT_INBOUND_LIMITS: Readonly<InboundLimits> = {
  messageRate: 200,
  messageBurst: 1000,
  byteRate: 1024 * 1024,
  byteBurst: 16 * 1024 * 1024,
  awarenessRate: 10,
  maxUnstoredBytes: 64 * 1024 * 1024,
};

/**
 * What one connection may still send: token buckets, and the awareness update held back by the rate.
 * Every open connection keeps one, so it is kept small: the message and byte buckets are two numbers
 * refilled from one clock reading, and the awareness bucket is made when the connection first uses it.
 */
export class ConnectionBudget {
  private messages: number;
  private bytes: number;
  private last: number;
  private awarenessBucket: TokenBucket | null = null;
  /** The latest awareness update that arrived over the rate, applied when a token frees up. */
  heldAwareness: Uint8Array | null = null;
  awarenessTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limits: InboundLimits,
    private readonly now: () => number = monotonic,
  ) {
    this.messages = limits.messageBurst;
    this.bytes = limits.byteBurst;
    this.last = now();
  }

  /** Awareness updates: `awarenessRate` a second, at least one at a time. */
  get awareness(): TokenBucket {
    if (!this.awarenessBucket) {
      const { awarenessRate } = this.limits;
      this.awarenessBucket = new TokenBucket(Math.max(1, awarenessRate), awarenessRate, this.now);
    }
    return this.awarenessBucket;
  }

  /** Charges one inbound frame of `size` bytes; false when the connection is over its rate. */
  frame(size: number): boolean {
    this.refill();
    if (this.messages < 1) return false;
    this.messages -= 1;
    return this.chargeRefilled(size);
  }

  /** Charges `size` bytes (a message, or a reply it asked for); a message larger than the burst costs one burst. */
  charge(size: number): boolean {
    this.refill();
    return this.chargeRefilled(size);
  }

  /** Stops the held-awareness timer (the connection left). */
  dispose(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.heldAwareness = null;
  }

  private chargeRefilled(size: number): boolean {
    const cost = Math.min(size, this.limits.byteBurst);
    if (this.bytes < cost) return false;
    this.bytes -= cost;
    return true;
  }

  private refill(): void {
    const t = this.now();
    const seconds = (t - this.last) / 1000;
    const { messageBurst, messageRate, byteBurst, byteRate } = this.limits;
    this.messages = Math.min(messageBurst, this.messages + seconds * messageRate);
    this.bytes = Math.min(byteBurst, this.bytes + seconds * byteRate);
    this.last = t;
  }
}
