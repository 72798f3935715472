import type { DocStore, LogEntry } from '../storage/types.ts';

/** Backoff between attempts to store after a failed append. */
export interface RetryOptions {
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = { retryBaseMs: 100, retryMaxMs: 5000 };

/**
 * A room's path to disk. Updates applied to the live doc wait here until the end of the event-loop turn,
 * then go to the DocStore in one transaction; only after COMMIT does `onStored` relay and acknowledge
 * them. A failed append (disk full, busy, I/O error) keeps them in memory and retries with capped
 * exponential backoff plus jitter; meanwhile nothing is relayed or acknowledged, and the process stays up.
 */
export class UpdateLog<E extends LogEntry> {
  private pending: E[] = [];
  private bytes = 0;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private waiters: (() => void)[] = [];
  private compactAt: number;

  constructor(
    private readonly reportId: string,
    private readonly docs: DocStore,
    /** Last sequence number stored (from `DocStore.load`). */
    public lastSeq: number,
    /** Log entries not yet folded into the snapshot. */
    public sinceCompaction: number,
    private readonly compactEvery: number,
    private readonly onStored: (batch: E[]) => void,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {
    this.compactAt = compactEvery;
  }

  /** Queues an applied update; it is stored at the end of this turn (or by the next retry). */
  add(entry: E): void {
    this.pending.push(entry);
    this.bytes += entry.update.length;
    if (this.scheduled || this.retryTimer) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Bytes applied to the doc but not yet stored. */
  get unstoredBytes(): number {
    return this.bytes;
  }

  /** True while appends fail and a retry is scheduled. */
  get failing(): boolean {
    return this.retryTimer !== null;
  }

  /** Stores what is pending now, unless backing off after a failure. Returns whether nothing is left unstored. */
  flush(): boolean {
    this.scheduled = false;
    if (this.pending.length === 0) return true;
    if (this.retryTimer) return false;
    return this.store();
  }

  /** Runs `fn` once everything applied so far is stored: now, or after the next successful append. */
  whenStored(fn: () => void): void {
    if (this.pending.length === 0) fn();
    else this.waiters.push(fn);
  }

  /** A last attempt (unload, shutdown), even while backing off. Returns whether everything is stored. */
  close(): boolean {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const ok = this.pending.length === 0 || this.store(false);
    if (!ok) {
      console.error(
        `coreport: report ${this.reportId}: ${this.pending.length} updates could not be stored and are lost ` +
          '(none was acknowledged or relayed)',
      );
    }
    return ok;
  }

  /** Whether the log has grown enough since the last snapshot to fold it in. */
  get compactionDue(): boolean {
    return this.sinceCompaction >= this.compactAt;
  }

  /** Folds the stored log into `snapshot()`; a failure is logged and retried after more entries. */
  compact(snapshot: () => Uint8Array): void {
    if (!this.flush() || this.sinceCompaction === 0) return;
    try {
      this.docs.compact(this.reportId, snapshot(), this.lastSeq);
      this.sinceCompaction = 0;
      this.compactAt = this.compactEvery;
    } catch (err) {
      console.error(`coreport: report ${this.reportId}: compaction failed (the log is intact):`, err);
      this.compactAt = this.sinceCompaction + this.compactEvery;
    }
  }

  private store(scheduleRetry = true): boolean {
    const batch = this.pending;
    try {
      this.lastSeq = this.docs.append(this.reportId, batch);
    } catch (err) {
      this.failures++;
      // Log the first failure and then sparsely: a full disk must not also fill the log.
      if ((this.failures & (this.failures - 1)) === 0) {
        console.error(
          `coreport: report ${this.reportId}: storing ${batch.length} updates failed ` +
            `(attempt ${this.failures}; kept in memory, not relayed, retrying):`,
          err instanceof Error ? err.message : err,
        );
      }
      if (scheduleRetry) this.scheduleRetry();
      return false;
    }
    if (this.failures > 0) {
      console.error(`coreport: report ${this.reportId}: stored after ${this.failures} failed attempts`);
    }
    this.failures = 0;
    this.pending = [];
    this.bytes = 0;
    this.sinceCompaction += batch.length;
    // Stored is stored: a failure to relay must not undo it or escape into the event loop.
    guarded(() => this.onStored(batch));
    for (const fn of this.waiters.splice(0)) guarded(fn);
    return true;
  }

  private scheduleRetry(): void {
    const { retryBaseMs, retryMaxMs } = this.retry;
    const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(this.failures - 1, 30));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.store();
    }, delay);
    this.retryTimer.unref();
  }
}

function guarded(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('coreport: after storing:', err);
  }
}
