import { ApiError } from './errors.ts';

/** A token bucket per key: `capacity` actions at once, refilled at `perMinute`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
  ) {}

  /** Takes one token for `key`, or throws 429. */
  take(key: string, now = Date.now()): void {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const seconds = Math.ceil(((1 - bucket.tokens) / this.perMinute) * 60);
      throw new ApiError(429, 'rate_limited', '操作过于频繁，请稍后再试 (too many requests)', {
        'retry-after': String(seconds),
      });
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
  }
}
