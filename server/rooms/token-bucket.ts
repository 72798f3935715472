/** The default clock, one function for every bucket (a bound function per bucket costs heap per connection). */
export const monotonic = () => performance.now();

/**
 * A token bucket: holds up to `capacity` tokens, refilled at `perSecond`. `take(n)` spends n tokens if
 * there are enough. The clock is injectable so tests need no waiting.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = monotonic,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
  }

  /** Spends `n` tokens and returns true, or returns false and spends nothing. */
  take(n = 1): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Milliseconds until `n` tokens are available (0 if they are now). */
  msUntil(n = 1): number {
    this.refill();
    if (this.tokens >= n) return 0;
    return Math.ceil(((n - this.tokens) / this.perSecond) * 1000);
  }
}
