import type { InboundLimits } from './inbound-limits.ts';
import { monotonic } from './token-bucket.ts';

/**
 * What one signed-in user may still send, across all their sockets in every room of this process: a
 * message and a byte bucket (two numbers refilled from one clock reading). Replies the user asked for
 * are charged to it too, so twenty sockets get one user's budget, not twenty. `busyUntil` spaces out the
 * user's costly requests (an uncached sync step 2 of a large report): none starts before the last one's
 * time has passed again, so the event loop is never held by one user's requests back to back.
 */
export class UserBudget {
  private messages: number;
  private bytes: number;
  private last: number;
  busyUntil = 0;

  constructor(
    private readonly limits: InboundLimits,
    readonly now: () => number = monotonic,
  ) {
    this.messages = limits.messageBurst;
    this.bytes = limits.byteBurst;
    this.last = now();
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
   * Charges the bytes of a reply the user asked for (sync step 2, awareness). The reply is already made,
   * so it always goes out; the debt (at most one burst) delays the user's next frames.
   */
  charge(size: number): void {
    this.refill();
    this.bytes = Math.max(-this.limits.byteBurst, this.bytes - Math.min(size, this.limits.byteBurst));
  }

  /** Milliseconds before the user's next costly request may start (0: now). */
  busyFor(): number {
    return Math.max(0, Math.ceil(this.busyUntil - this.now()));
  }

  /** Whether both buckets are full and nothing is spaced out: forgetting it changes nothing. */
  get idle(): boolean {
    this.refill();
    const { messageBurst, byteBurst } = this.limits;
    return this.messages >= messageBurst && this.bytes >= byteBurst && this.busyFor() === 0;
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

/** Idle budgets are forgotten once this many users are tracked. */
const SWEEP_AT = 1000;

/** Every user's budget, made on first use; one per process (shared by every room of a registry). */
export class UserBudgets {
  private readonly budgets = new Map<string, UserBudget>();

  constructor(
    private readonly limits: InboundLimits,
    private readonly now: () => number = monotonic,
  ) {}

  of(userId: string): UserBudget {
    let budget = this.budgets.get(userId);
    if (!budget) {
      // A user who left with an empty bucket comes back to it (reconnecting buys no fresh burst) until
      // it has refilled; only then is it forgotten.
      if (this.budgets.size >= SWEEP_AT) {
        for (const [id, b] of this.budgets) if (b.idle) this.budgets.delete(id);
      }
      budget = new UserBudget(this.limits, this.now);
      this.budgets.set(userId, budget);
    }
    return budget;
  }
}
