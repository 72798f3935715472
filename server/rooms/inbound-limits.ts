import { monotonic, TokenBucket } from './token-bucket.ts';

/** Per-connection budgets and the room's memory cap while storage fails (README "Configuration"). */
export interface InboundLimits {
  /**
   * Messages per second a connection may send on average, and in one burst. Over it the socket is not
   * read until the bucket refills (back-pressure: the sender is slowed by TCP, never cut off).
   */
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

  /**
   * Charges one inbound frame of `size` bytes and returns 0, or charges nothing and returns how many
   * milliseconds until the buckets hold enough for it. A frame larger than the byte burst costs one burst.
   */
  frame(size: number): number {
    this.refill();
    const cost = Math.min(size, this.limits.byteBurst);
    if (this.messages >= 1 && this.bytes >= cost) {
      this.messages -= 1;
      this.bytes -= cost;
      return 0;
    }
    const { messageRate, byteRate } = this.limits;
    const ms = Math.max(((1 - this.messages) * 1000) / messageRate, ((cost - this.bytes) * 1000) / byteRate);
    return Math.max(1, Math.ceil(ms - 1e-6)); // less float noise than the clock's resolution
  }

  /**
   * Charges the bytes of a reply the connection asked for (sync step 2, awareness). The reply is already
   * made, so it always goes out; the debt (at most one burst) delays the connection's next frames.
   */
  charge(size: number): void {
    this.refill();
    this.bytes = Math.max(-this.limits.byteBurst, this.bytes - Math.min(size, this.limits.byteBurst));
  }

  /** Stops the held-awareness timer (the connection left). */
  dispose(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.heldAwareness = null;
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
