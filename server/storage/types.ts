import type { Role } from '../../shared/layout.ts';

export interface User {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  /** Set (true) while the user signs in with a temporary password an admin gave them. */
  mustChangePassword?: boolean;
}

export interface ReportRow {
  id: string;
  title: string;
  createdBy: string;
  createdAt: number;
}

/** A report in the trash: who deleted it and when (it is purged `TRASH_MS` later). */
export interface TrashedReport extends ReportRow {
  deletedAt: number;
  deletedBy: string;
}

export interface Member {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
}

/** One entry of a report's update log, as appended. */
export interface LogEntry {
  update: Uint8Array;
  userId: string | null;
  /** Root types the update wrote, e.g. `body:s1`. */
  roots: string[];
  /**
   * Yjs client ids this update binds to `userId` for the first time. Stored in the same transaction as
   * the update, so a crash cannot keep structs whose authorship binding was lost.
   */
  clients?: number[];
}

/** One report's entries for a group commit (`DocStore.appendAll`). */
export interface AppendBatch {
  reportId: string;
  entries: LogEntry[];
  afterSeq: number;
}

export interface StoredDoc {
  /** Compacted state, or null before the first compaction. */
  snapshot: Uint8Array | null;
  /** Updates after the snapshot, in order. */
  updates: Uint8Array[];
  /** Sequence number of the last update in the log (or folded into the snapshot). */
  lastSeq: number;
}

/**
 * Where report documents live: SQLite by default (synchronous), PostgreSQL in cluster mode, where
 * `append` and `compact` return promises and each report is written only by the node holding its
 * lease (the rest of the methods stay synchronous).
 */
export interface DocStore {
  /** The stored doc; in cluster mode this also claims the report for this node (throws if another holds it). */
  load(reportId: string): StoredDoc;
  /**
   * What is stored, claiming nothing (a copy's source, copy-report.ts): offered where loading has no
   * side effect (SQLite); without it, the report's room is opened to read it, as for any other read.
   */
  read?(reportId: string): StoredDoc;
  /**
   * Appends entries (and their client-id bindings) in one transaction after `afterSeq`, the last
   * sequence number stored for the report (its one loaded room keeps it, from `load`), and returns the
   * last one written. Returns only after COMMIT; throws (writing nothing) when the transaction fails,
   * with OwnershipLost when this node no longer holds the report.
   */
  append(reportId: string, entries: LogEntry[], afterSeq: number): number | Promise<number>;
  /**
   * Synchronous stores only (SQLite): group commit. Appends every batch, each as `append` would, in one
   * transaction, and returns per batch the last sequence number written or the error that refused that
   * batch alone (nothing of it written). Returns only after COMMIT; throws when the transaction as a
   * whole failed (COMMIT, or an error that rolled everything back): then nothing at all was written.
   */
  appendAll?(batches: AppendBatch[]): (number | Error)[];
  /** Replaces the snapshot with `snapshot` covering the log up to `uptoSeq`, and drops those entries. */
  compact(reportId: string, snapshot: Uint8Array, uptoSeq: number): void | Promise<void>;
  /** Number of log entries not yet folded into the snapshot. */
  logLength(reportId: string): number;
  /** Cluster mode: gives the report up (its room was unloaded), once what was queued for it is written. */
  release?(reportId: string): void;
  /** Cluster mode: called when this node lost a report it had loaded (lease taken over or not renewed). */
  onLost?: (reportId: string) => void;
}
