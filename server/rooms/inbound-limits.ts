import { TokenBucket } from './token-bucket.ts';

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

/** What one connection may still send: token buckets, and the awareness update held back by the rate. */
export class ConnectionBudget {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  readonly awareness: TokenBucket;
  /** The latest awareness update that arrived over the rate, applied when a token frees up. */
  heldAwareness: Uint8Array | null = null;
  awarenessTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limits: InboundLimits,
    now?: () => number,
  ) {
    this.messages = new TokenBucket(limits.messageBurst, limits.messageRate, now);
    this.bytes = new TokenBucket(limits.byteBurst, limits.byteRate, now);
    this.awareness = new TokenBucket(Math.max(1, limits.awarenessRate), limits.awarenessRate, now);
  }

  /** Charges one inbound frame of `size` bytes; false when the connection is over its rate. */
  frame(size: number): boolean {
    return this.messages.take(1) && this.charge(size);
  }

  /** Charges `size` bytes (a message, or a reply it asked for); a message larger than the burst costs one burst. */
  charge(size: number): boolean {
    return this.bytes.take(Math.min(size, this.limits.byteBurst));
  }

  /** Stops the held-awareness timer (the connection left). */
  dispose(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.heldAwareness = null;
  }
}
