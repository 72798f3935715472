import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { SYNC_WORKER_SOURCE } from './sync-worker.ts';

export interface SyncResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

/** A query PostgreSQL refused (or that could not reach it); `code` is PostgreSQL's SQLSTATE when it answered. */
export class PgQueryError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

type Answer = { id: number } & (
  | (SyncResult & { error?: undefined })
  | { error: string; code: string | null }
);

/**
 * How long the calling thread waits for one answer at most (the worker gives up at the same moment,
 * and PostgreSQL itself cancels a statement after as long); the first answer also waits for the worker
 * thread to start. A connection gone silent (a partition: nothing answers, nothing errs) holds the event
 * loop this long once, then is dropped, and queries fail fast until a new one is open (RECONNECT_WAIT_MS);
 * an owner's waits end sooner still, at its self-fence point (`limitWaits`).
 */
export const QUERY_WAIT_MS = 5000;
const FIRST_WAIT_MS = 30_000;
/** The wait while the worker has no connection open (it is opening one meanwhile): see sync-worker.ts. */
export const RECONNECT_WAIT_MS = 500;

/** What the worker's connection is opened with (see sync-worker.ts). */
const WORKER_SETTINGS = {
  connectMs: 3000,
  statementMs: QUERY_WAIT_MS,
  lockMs: 3000,
  idleInTransactionMs: 10_000,
};

/**
 * Synchronous queries to PostgreSQL for the stores that are synchronous on SQLite (accounts, reports,
 * members, activity, notifications…): one worker thread holds the connection and this thread blocks
 * until it answers. One query is in flight at a time, so `BEGIN … COMMIT` from this thread is a real
 * transaction on that one connection. The edit path does not come here (see PgDocStore).
 */
export class SyncPg {
  private readonly worker: Worker;
  private readonly port;
  /** [0]: an answer was posted; [1]: the worker has a connection open and answering (see sync-worker.ts). */
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private sent = 0;
  private waitsEndBy: () => number = () => Number.POSITIVE_INFINITY;

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const pgPath = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(SYNC_WORKER_SOURCE, {
      eval: true,
      workerData: { url, port: port2, signal: this.signal, pgPath, settings: WORKER_SETTINGS },
      transferList: [port2],
    });
    this.worker.unref();
  }

  /**
   * From now on every wait ends by `endBy()` (a time, as `Date.now()`) at the latest. Cluster mode: the
   * earliest point at which this node stops serving a report whose lease it could not renew, so that no
   * query, however silent its connection, keeps the event loop from closing those rooms in time.
   */
  limitWaits(endBy: () => number): void {
    this.waitsEndBy = endBy;
  }

  /**
   * Another connection to PostgreSQL just failed (a lease renewal did, or an owner self-fenced for want
   * of renewals): until the next answer,
   * queries wait no longer than RECONNECT_WAIT_MS, so that one that meets the same silence costs the
   * event loop half a second rather than the full wait (and drops the connection it was sent on).
   */
  suspect(): void {
    Atomics.store(this.signal, 1, 0);
  }

  /**
   * Runs one statement and blocks until its answer; throws PgQueryError when PostgreSQL refused it, or
   * did not answer by the deadline (code null: the REST layer answers 503 storage_unavailable).
   */
  query(sql: string, params: unknown[] = []): SyncResult {
    const id = ++this.sent;
    const wait =
      id === 1 ? FIRST_WAIT_MS : Atomics.load(this.signal, 1) === 1 ? QUERY_WAIT_MS : RECONNECT_WAIT_MS;
    const deadline = Math.min(Date.now() + wait, this.waitsEndBy());
    Atomics.store(this.signal, 0, 0);
    // Sent even when the deadline has passed: the worker keeps the order (a ROLLBACK must follow its
    // transaction's statements) and refuses what it no longer has time for.
    this.port.postMessage({ id, sql, params, deadline });
    for (;;) {
      // Answers to queries that timed out earlier may come first: skipped by their id.
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const answer = m.message as Answer;
        if (answer.id !== id) continue;
        if (answer.error !== undefined) throw new PgQueryError(answer.error, answer.code);
        return answer;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        // The worker drops that connection now too: the next query need not wait the full time for it.
        Atomics.store(this.signal, 1, 0);
        throw new PgQueryError('PostgreSQL did not answer in time', null);
      }
      if (Atomics.wait(this.signal, 0, 0, left) === 'not-equal') Atomics.store(this.signal, 0, 0);
    }
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
