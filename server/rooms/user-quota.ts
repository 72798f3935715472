import { monotonic } from './token-bucket.ts';

const HOUR_MS = 3_600_000;

/**
 * An hourly allowance per key (user and report): up to `perHour` at once, refilled at `perHour` an hour.
 * `spend` may run into debt (a cost known only afterwards), paid back before anything else is allowed.
 * Keys back at their full allowance are forgotten (when next looked at, or swept once the map has
 * doubled since the last sweep), so only those that spent within the last hour or so are held.
 */
export class UserQuota {
  private readonly spent = new Map<string, { tokens: number; at: number }>();
  private sweepAt = 1024;

  constructor(
    private readonly perHour: number,
    private readonly now: () => number = monotonic,
  ) {}

  /** What `key` may still spend now. */
  available(key: string): number {
    const entry = this.spent.get(key);
    if (!entry) return this.perHour;
    const t = this.now();
    entry.tokens = Math.min(this.perHour, entry.tokens + ((t - entry.at) / HOUR_MS) * this.perHour);
    entry.at = t;
    if (entry.tokens >= this.perHour) this.spent.delete(key);
    return entry.tokens;
  }

  /** Spends `n` if that much is available; false (nothing spent) otherwise. */
  take(key: string, n: number): boolean {
    if (this.available(key) < n) return false;
    this.spend(key, n);
    return true;
  }

  /** Spends `n` even beyond what is available. */
  spend(key: string, n: number): void {
    if (n <= 0) return;
    const tokens = this.available(key) - n;
    this.spent.set(key, { tokens, at: this.now() });
    if (this.spent.size >= this.sweepAt) {
      for (const k of [...this.spent.keys()]) this.available(k);
      this.sweepAt = Math.max(1024, 2 * this.spent.size);
    }
  }

  /** Keys held (for tests). */
  get size(): number {
    return this.spent.size;
  }
}
