import { OwnershipLost } from '../storage/ownership-lost.ts';
import type { DocStore, LogEntry } from '../storage/types.ts';

/** Backoff between attempts to store after a failed append. */
export interface RetryOptions {
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = { retryBaseMs: 100, retryMaxMs: 5000 };

/** When the log is folded into a snapshot (see `compactionDue`). */
export interface CompactionPolicy {
  /** At most this many log entries after the snapshot (they bound the work of loading the report). */
  maxEntries: number;
  /** The log may grow to the snapshot's size, or to this many bytes while the snapshot is smaller. */
  minBytes: number;
}

export const DEFAULT_COMPACTION: Readonly<CompactionPolicy> = { maxEntries: 2000, minBytes: 64 * 1024 };

/** Where a report's log starts (from `DocStore.load`). */
export interface StoredLog {
  lastSeq: number;
  /** Entries and bytes after the snapshot, and the snapshot's size. */
  entries: number;
  bytes: number;
  snapshotBytes: number;
}

/** A batch taken for a group commit: the entries as added (`sent`) and as stored (coalesced). */
export interface TakenBatch<E extends LogEntry> {
  reportId: string;
  sent: E[];
  entries: E[];
  afterSeq: number;
  /** When it was formed (see `formed`). */
  formed: Formed;
}

export interface UpdateLogHooks<E> {
  /** Asks for `flush()` at the end of this event-loop turn (called when something is queued). */
  schedule: () => void;
  /** Turns what one turn queued into the entries to store and relay (e.g. one merged entry per sender). */
  coalesce: (pending: E[]) => E[];
  /**
   * Called with each stored batch, after COMMIT, and `state`'s answer taken when the batch was formed:
   * then the doc held exactly what this commit has now stored (with an asynchronous store, what was
   * applied while it was in flight is in the doc too, but not yet stored).
   */
  onStored: (batch: E[], state: Uint8Array | null) => void;
  /** What `onStored` is given: e.g. the doc's state vector (an ack of exactly what is stored). */
  state?: () => Uint8Array | null;
  /** Cluster mode: a write was refused because another node owns the report now (nothing more is stored). */
  onLost?: () => void;
}

/**
 * A room's path to disk. Updates applied to the live doc wait here until the end of the event-loop turn,
 * then go to the DocStore in one transaction; only after COMMIT does `onStored` relay and acknowledge
 * them. The log is folded into a snapshot once it has grown to the snapshot's own size, so the cost of
 * encoding the whole document is spread over as many bytes of edits as it has (amortised constant).
 * A failed append (disk full, busy, I/O error) keeps them in memory and retries with capped
 * exponential backoff plus jitter; meanwhile nothing is relayed or acknowledged, and the process stays up.
 *
 * When the store is asynchronous (PostgreSQL), one append is in flight at a time and whatever is
 * applied meanwhile waits for it, then goes as the next batch (group commit).
 */
export class UpdateLog<E extends LogEntry> {
  /** Applied, not yet sent to the store (an append in flight holds its own entries). */
  private pending: E[] = [];
  /** Bytes applied but not yet stored (pending and in flight). */
  private bytes = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** An asynchronous append has not answered yet. */
  private inFlight = false;
  private compacting = false;
  private closed = false;
  /** Entries ever added and ever stored: a waiter runs once everything added before it is stored. */
  private added = 0;
  private storedCount = 0;
  private waiters: Waiter[] = [];
  /** Batches formed so far (numbers the batch each waiter's answer was prepared with). */
  private batches = 0;
  /** Last sequence number stored. */
  private lastSeq: number;
  /** Entries and bytes stored since the snapshot, and the snapshot's size. */
  private logEntries: number;
  private logBytes: number;
  private snapshotBytes: number;
  /** After a failed compaction, wait for this many more entries before trying again. */
  private compactionBackoff = 0;

  constructor(
    private readonly reportId: string,
    private readonly docs: DocStore,
    stored: StoredLog,
    private readonly hooks: UpdateLogHooks<E>,
    private readonly compaction: CompactionPolicy = DEFAULT_COMPACTION,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {
    this.lastSeq = stored.lastSeq;
    this.logEntries = stored.entries;
    this.logBytes = stored.bytes;
    this.snapshotBytes = stored.snapshotBytes;
  }

  /** Queues an applied update; it is stored when the room flushes at the end of this turn (or by the next retry). */
  add(entry: E): void {
    this.pending.push(entry);
    this.added++;
    this.bytes += entry.update.length;
    if (this.pending.length === 1 && !this.retryTimer) this.hooks.schedule();
  }

  /** Bytes applied to the doc but not yet stored. */
  get unstoredBytes(): number {
    return this.bytes;
  }

  /** True while appends fail and a retry is scheduled. */
  get failing(): boolean {
    return this.retryTimer !== null;
  }

  /**
   * Stores what is pending now, unless backing off after a failure or an append is in flight (then it
   * goes next). Returns whether nothing is left unstored.
   */
  flush(): boolean {
    if (this.pending.length === 0 && !this.inFlight) return true;
    if (this.retryTimer || this.inFlight) return false;
    return this.store();
  }

  /** Runs `fn` once everything applied so far is stored: now, or after the append that stores it. */
  whenStored(fn: () => void): void {
    this.whenStoredExactly(() => fn);
  }

  /**
   * Like `whenStored`, for what must show only stored content (a reply to a sync request, an ack):
   * `prepare` runs when the doc holds exactly what is stored once the answer is sent (when a batch is
   * formed, or when everything is stored), and the function it returns runs after that COMMIT. With an
   * asynchronous store the doc may meanwhile hold updates applied after that moment, not yet stored.
   */
  whenStoredExactly(prepare: () => () => void): void {
    if (this.pending.length === 0 && !this.inFlight) prepare()();
    else this.waiters.push({ upto: this.added, prepare, send: null });
  }

  /** A last attempt (unload, shutdown), even while backing off. Returns whether everything is stored. */
  close(): boolean {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closed = true;
    if (this.inFlight) return false;
    const ok = this.pending.length === 0 || this.store(false);
    // An asynchronous last append may still succeed; a synchronous one has failed.
    if (!ok && !this.inFlight) {
      console.error(
        `coreport: report ${this.reportId}: ${this.pending.length} updates could not be stored and are lost ` +
          '(none was acknowledged or relayed)',
      );
    }
    return ok;
  }

  /** Whether the log has grown enough since the last snapshot to fold it in. */
  get compactionDue(): boolean {
    const { maxEntries, minBytes } = this.compaction;
    if (this.logEntries < this.compactionBackoff) return false;
    return this.logEntries >= maxEntries || this.logBytes >= Math.max(minBytes, this.snapshotBytes);
  }

  /** Folds the stored log into `snapshot()`; a failure is logged and retried after more entries. */
  compact(snapshot: () => Uint8Array): void {
    // Only with everything stored: the snapshot is then exactly what is on disk up to lastSeq.
    if (this.compacting || !this.flush() || this.logEntries === 0) return;
    const failed = (err: unknown) => {
      if (err instanceof OwnershipLost) {
        this.lost();
        return;
      }
      console.error(`coreport: report ${this.reportId}: compaction failed (the log is intact):`, err);
      this.compactionBackoff = this.logEntries + this.compaction.maxEntries;
    };
    const folded = { entries: this.logEntries, bytes: this.logBytes };
    const done = (snapshotBytes: number) => {
      // Entries stored while an asynchronous compaction ran stay in the log.
      this.logEntries -= folded.entries;
      this.logBytes -= folded.bytes;
      this.snapshotBytes = snapshotBytes;
      this.compactionBackoff = 0;
    };
    try {
      const bytes = snapshot();
      const result = this.docs.compact(this.reportId, bytes, this.lastSeq);
      if (!(result instanceof Promise)) {
        done(bytes.length);
        return;
      }
      this.compacting = true;
      result.then(
        () => {
          this.compacting = false;
          done(bytes.length);
        },
        (err) => {
          this.compacting = false;
          failed(err);
        },
      );
    } catch (err) {
      failed(err);
    }
  }

  /**
   * Group commit (turns.ts): takes what is pending as one batch for the caller to append together with
   * other reports' batches, or null if nothing may go now (nothing pending, backing off, in flight).
   * Until `settle`, the batch counts as in flight: nothing waiting for it runs.
   */
  take(): TakenBatch<E> | null {
    if (this.pending.length === 0 || this.retryTimer || this.inFlight || this.closed) return null;
    const sent = this.pending;
    this.pending = [];
    const entries = this.hooks.coalesce(sent);
    const formed = this.formed();
    this.inFlight = true;
    return { reportId: this.reportId, sent, entries, afterSeq: this.lastSeq, formed };
  }

  /** The group commit's answer for a taken batch: its last sequence number once COMMITted, or the error. */
  settle(taken: TakenBatch<E>, result: number | Error): boolean {
    this.inFlight = false;
    if (typeof result === 'number') {
      this.stored(result, taken.sent, taken.entries, taken.formed);
      return this.pending.length === 0;
    }
    this.failed(result, taken.sent, taken.entries.length, !this.closed);
    return false;
  }

  private store(scheduleRetry = true): boolean {
    const sent = this.pending;
    this.pending = [];
    // Coalesced once per attempt: a retry after a failure stores what is pending by then, in one go.
    const batch = this.hooks.coalesce(sent);
    const formed = this.formed();
    let result: number | Promise<number>;
    try {
      result = this.docs.append(this.reportId, batch, this.lastSeq);
    } catch (err) {
      this.failed(err, sent, batch.length, scheduleRetry);
      return false;
    }
    if (typeof result === 'number') {
      this.stored(result, sent, batch, formed);
      return true;
    }
    this.inFlight = true;
    result.then(
      (seq) => {
        this.inFlight = false;
        this.stored(seq, sent, batch, formed);
        // What arrived meanwhile is the next batch (unless a relay above already started it).
        if (!this.inFlight && !this.closed && this.pending.length > 0 && !this.retryTimer) this.store();
      },
      (err) => {
        this.inFlight = false;
        this.failed(err, sent, batch.length, !this.closed);
      },
    );
    return false;
  }

  /**
   * A batch has just been formed from everything not stored (none is in flight): the doc holds exactly
   * what its COMMIT will store. Prepares the waiters' answers and takes the state for `onStored`.
   */
  private formed(): Formed {
    const batch = ++this.batches;
    for (const waiter of this.waiters) {
      if (waiter.send) continue;
      waiter.send = waiter.prepare();
      waiter.batch = batch;
    }
    return { batch, state: this.hooks.state?.() ?? null };
  }

  private failed(err: unknown, sent: E[], size: number, scheduleRetry: boolean): void {
    // Back in front of what was applied since, in order.
    this.pending = sent.concat(this.pending);
    // Answers prepared for this batch are prepared again for the next attempt (it holds more).
    for (const waiter of this.waiters) waiter.send = null;
    if (err instanceof OwnershipLost) {
      this.lost();
      return;
    }
    this.failures++;
    // Log the first failure and then sparsely: a full disk must not also fill the log.
    if ((this.failures & (this.failures - 1)) === 0) {
      console.error(
        `coreport: report ${this.reportId}: storing ${size} updates failed ` +
          `(attempt ${this.failures}; kept in memory, not relayed, retrying):`,
        err instanceof Error ? err.message : err,
      );
    }
    if (scheduleRetry) this.scheduleRetry();
  }

  /** Another node owns the report: nothing more is stored, relayed or acknowledged from here. */
  private lost(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    guarded(() => this.hooks.onLost?.());
  }

  private stored(seq: number, sent: E[], batch: E[], formed: Formed): void {
    this.lastSeq = seq;
    if (this.failures > 0) {
      console.error(`coreport: report ${this.reportId}: stored after ${this.failures} failed attempts`);
    }
    this.failures = 0;
    this.storedCount += sent.length;
    for (const entry of sent) this.bytes -= entry.update.length;
    this.logEntries += batch.length;
    for (const entry of batch) this.logBytes += entry.update.length;
    // Stored is stored: a failure to relay must not undo it or escape into the event loop. (A room
    // closed while its last append was in flight has nobody left to relay to.)
    if (!this.closed) guarded(() => this.hooks.onStored(batch, formed.state));
    // Prepared with this batch (or an earlier one), or now if everything is stored (a relay above may
    // already have formed the next batch); the rest are prepared with the next batch.
    const exact = this.pending.length === 0 && !this.inFlight;
    const due = this.waiters.filter((w) =>
      w.send ? (w.batch ?? 0) <= formed.batch : exact && w.upto <= this.storedCount,
    );
    if (due.length > 0) this.waiters = this.waiters.filter((w) => !due.includes(w));
    for (const waiter of due) guarded(() => (waiter.send ?? waiter.prepare())());
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

/** Something to run once what was applied before it is stored (see `whenStoredExactly`). */
interface Waiter {
  upto: number;
  prepare: () => () => void;
  /** Prepared with batch number `batch` (being stored), or null. */
  send: (() => void) | null;
  batch?: number;
}

/** A batch as formed: its number, and `state`'s answer then. */
export interface Formed {
  batch: number;
  state: Uint8Array | null;
}

function guarded(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('coreport: after storing:', err);
  }
}
