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
 * How long the calling thread waits for one answer before giving up (the worker's own timeouts are
 * shorter); the first answer also waits for the worker thread to start.
 */
const WAIT_MS = 10_000;
const FIRST_WAIT_MS = 30_000;

/**
 * Synchronous queries to PostgreSQL for the stores that are synchronous on SQLite (accounts, reports,
 * members, activity, notifications…): one worker thread holds the connection and this thread blocks
 * until it answers. One query is in flight at a time, so `BEGIN … COMMIT` from this thread is a real
 * transaction on that one connection. The edit path does not come here (see PgDocStore).
 */
export class SyncPg {
  private readonly worker: Worker;
  private readonly port;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private sent = 0;

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const pgPath = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(SYNC_WORKER_SOURCE, {
      eval: true,
      workerData: { url, port: port2, signal: this.signal, pgPath },
      transferList: [port2],
    });
    this.worker.unref();
  }

  query(sql: string, params: unknown[] = []): SyncResult {
    const id = ++this.sent;
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ id, sql, params });
    const deadline = Date.now() + (id === 1 ? FIRST_WAIT_MS : WAIT_MS);
    for (;;) {
      // Answers to queries that timed out earlier may come first: skipped by their id.
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const answer = m.message as Answer;
        if (answer.id !== id) continue;
        if (answer.error !== undefined) throw new PgQueryError(answer.error, answer.code);
        return answer;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new PgQueryError('PostgreSQL did not answer in time', null);
      if (Atomics.wait(this.signal, 0, 0, left) === 'not-equal') Atomics.store(this.signal, 0, 0);
    }
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
