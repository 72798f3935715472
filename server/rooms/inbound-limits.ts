import { TokenBucket } from './token-bucket.ts';
import type { UserBudget } from './user-budget.ts';

/** Per-user budgets and the room's memory cap while storage fails (README "Configuration"). */
export interface InboundLimits {
  /**
   * Messages per second a user may send on average (all their sockets together), and in one burst. Over
   * it the socket is not read until the bucket refills (back-pressure: the sender is slowed by TCP, never
   * cut off).
   */
  messageRate: number;
  messageBurst: number;
  /** Bytes per second per user (inbound frames plus the replies they ask for) on average, and in one burst. */
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

/** How often a connection's query-awareness message is answered at most; others in between are dropped. */
export const AWARENESS_QUERY_INTERVAL_MS = 1000;

/**
 * What one connection may still send: the budget of its user (shared with their other sockets), the
 * awareness bucket and the awareness update held back by it, and when it last had awareness queried.
 * Every open connection keeps one, so it is kept small: the awareness bucket is made on first use.
 */
export class ConnectionBudget {
  private awarenessBucket: TokenBucket | null = null;
  /** The latest awareness update that arrived over the rate, applied when a token frees up. */
  heldAwareness: Uint8Array | null = null;
  awarenessTimer: NodeJS.Timeout | null = null;
  private lastQuery = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limits: InboundLimits,
    readonly user: UserBudget,
    private readonly now: () => number = user.now,
  ) {}

  /** Awareness updates: `awarenessRate` a second, at least one at a time. */
  get awareness(): TokenBucket {
    if (!this.awarenessBucket) {
      const { awarenessRate } = this.limits;
      this.awarenessBucket = new TokenBucket(Math.max(1, awarenessRate), awarenessRate, this.now);
    }
    return this.awarenessBucket;
  }

  /** See UserBudget.frame. */
  frame(size: number): number {
    return this.user.frame(size);
  }

  /** See UserBudget.charge. */
  charge(size: number): void {
    this.user.charge(size);
  }

  /** Whether a query-awareness message should be answered now (at most one per interval). */
  answerQuery(): boolean {
    const t = this.now();
    if (t - this.lastQuery < AWARENESS_QUERY_INTERVAL_MS) return false;
    this.lastQuery = t;
    return true;
  }

  /** Stops the held-awareness timer (the connection left). */
  dispose(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.heldAwareness = null;
  }
}
