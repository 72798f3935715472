import { TokenBucket } from '../rooms/token-bucket.ts';

/** Caps checked before a WebSocket upgrade completes (README "Configuration"). */
export interface SocketLimits {
  /** Open sockets per signed-in user. */
  perUser: number;
  /** Open sockets per client IP (offices behind one NAT share one). */
  perIp: number;
  /** Upgrade attempts per second per IP on average, and in one burst. */
  attemptRate: number;
  attemptBurst: number;
}

export const DEFAULT_SOCKET_LIMITS: Readonly<SocketLimits> = {
  perUser: 20,
  perIp: 200,
  attemptRate: 10,
  attemptBurst: 100,
};

/** Idle attempt buckets are forgotten once this many IPs are tracked. */
const SWEEP_AT = 10_000;

/**
 * Counts open sockets per user and per IP and throttles upgrade attempts per IP. Refusals happen before
 * the 101 (HTTP 429), so a flood costs no socket and a stock client just retries with its backoff.
 */
export class SocketGate {
  private readonly attempts = new Map<string, TokenBucket>();
  private readonly perIp = new Map<string, number>();
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly limits: SocketLimits,
    private readonly now: () => number = performance.now.bind(performance),
  ) {}

  /** Counts an upgrade attempt from `ip`; false when it comes too fast. */
  attempt(ip: string): boolean {
    let bucket = this.attempts.get(ip);
    if (!bucket) {
      if (this.attempts.size >= SWEEP_AT) this.sweep();
      bucket = new TokenBucket(this.limits.attemptBurst, this.limits.attemptRate, this.now);
      this.attempts.set(ip, bucket);
    }
    return bucket.take();
  }

  /** Takes a socket slot for `ip` (and `userId` when signed in); false when a cap is reached. */
  acquire(ip: string, userId: string | null): boolean {
    if ((this.perIp.get(ip) ?? 0) >= this.limits.perIp) return false;
    if (userId !== null && (this.perUser.get(userId) ?? 0) >= this.limits.perUser) return false;
    increment(this.perIp, ip, 1);
    if (userId !== null) increment(this.perUser, userId, 1);
    return true;
  }

  /** Gives back a slot `acquire` took, once (the caller keeps track: a second call would free another's). */
  release(ip: string, userId: string | null): void {
    increment(this.perIp, ip, -1);
    if (userId !== null) increment(this.perUser, userId, -1);
  }

  /** Open sockets counted for `ip` (tests, diagnostics). */
  openFrom(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }

  private sweep(): void {
    // A bucket that has refilled completely carries no history worth keeping.
    for (const [ip, bucket] of this.attempts) {
      if (bucket.msUntil(this.limits.attemptBurst) === 0) this.attempts.delete(ip);
    }
    // Still too many (a spread-out flood): forget the oldest; they start again with a full burst.
    for (const ip of this.attempts.keys()) {
      if (this.attempts.size < SWEEP_AT / 2) break;
      this.attempts.delete(ip);
    }
  }
}

function increment(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
