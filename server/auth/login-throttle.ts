/**
 * Login throttling: failed sign-ins are counted per account (the username tried, known or not, so the
 * answer does not tell which exist) and per client IP. Past the allowance within the window, further
 * attempts are refused without checking the password, for a lock that doubles with each further
 * failure (1 min, 2, 4 … at most 15). A success clears the account's count. Guessing one password
 * takes 5 tries per 15 minutes at first and fewer after; spraying many accounts from one address
 * stops at 20. Memory is bounded: the oldest entries go first.
 */

export interface ThrottleLimits {
  accountFailures: number;
  ipFailures: number;
  windowMs: number;
  firstLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  accountFailures: 5,
  ipFailures: 20,
  windowMs: 15 * 60_000,
  firstLockMs: 60_000,
  maxLockMs: 15 * 60_000,
};

const MAX_ENTRIES = 50_000;

interface Entry {
  failures: number;
  since: number;
  lockedUntil: number;
}

class FailureCounter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly allowance: number,
    private readonly limits: ThrottleLimits,
  ) {}

  waitMs(key: string, now: number): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.lockedUntil - now) : 0;
  }

  fail(key: string, now: number): void {
    let entry = this.entries.get(key);
    if (!entry || (now - entry.since > this.limits.windowMs && entry.lockedUntil <= now)) {
      entry = { failures: 0, since: now, lockedUntil: 0 };
    }
    this.entries.delete(key); // re-inserted last: the Map's order is the eviction order
    this.entries.set(key, entry);
    entry.failures++;
    const over = entry.failures - this.allowance;
    if (over >= 0) {
      const lock = Math.min(this.limits.firstLockMs * 2 ** over, this.limits.maxLockMs);
      entry.lockedUntil = now + lock;
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(oldest);
    }
  }

  clear(key: string): void {
    this.entries.delete(key);
  }
}

export class LoginThrottle {
  private readonly accounts: FailureCounter;
  private readonly ips: FailureCounter;

  constructor(limits: ThrottleLimits = DEFAULT_THROTTLE) {
    this.accounts = new FailureCounter(limits.accountFailures, limits);
    this.ips = new FailureCounter(limits.ipFailures, limits);
  }

  /** Milliseconds before `username` may be tried again from `ip`; 0 when it may now. */
  waitMs(username: string, ip: string, now = Date.now()): number {
    return Math.max(this.accounts.waitMs(accountKey(username), now), this.ips.waitMs(ip, now));
  }

  failed(username: string, ip: string, now = Date.now()): void {
    this.accounts.fail(accountKey(username), now);
    this.ips.fail(ip, now);
  }

  succeeded(username: string): void {
    this.accounts.clear(accountKey(username));
  }
}

const accountKey = (username: string) => username.normalize('NFKC').trim().toLowerCase();
