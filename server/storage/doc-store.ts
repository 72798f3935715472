import type { Db } from './db.ts';
import type { AppendBatch, DocStore, LogEntry, StoredDoc } from './types.ts';
import type { UpdateHistoryStore } from './update-history.ts';

/**
 * The report document store on SQLite: an append-only update log plus one compacted snapshot per report.
 * Durability of a committed append follows `DURABILITY` (WAL with synchronous NORMAL or FULL, see db.ts).
 */
export class SqliteDocStore implements DocStore {
  private readonly insert;
  private readonly lastSeqOf;
  private readonly snapshotOf;
  private readonly updatesAfter;
  private readonly countAfter;
  private readonly upsertSnapshot;
  private readonly deleteUpTo;
  private readonly bindClient;
  private readonly appendTx;
  private readonly appendAllTx;
  private readonly compactTx;
  /** Write transactions committed for appends (one per `append`, one per `appendAll`); for tests. */
  commits = 0;

  /** `history`, when given, keeps the rows compaction folds (thinned) for the audit. */
  constructor(
    private readonly db: Db,
    history?: UpdateHistoryStore,
  ) {
    this.insert = db.prepare(
      'INSERT INTO updates (report_id, seq, user_id, roots, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.lastSeqOf = db.prepare(
      `SELECT MAX(seq) AS seq FROM (
         SELECT MAX(seq) AS seq FROM updates WHERE report_id = ?
         UNION ALL SELECT upto_seq FROM snapshots WHERE report_id = ?)`,
    );
    this.snapshotOf = db.prepare('SELECT upto_seq AS uptoSeq, bytes FROM snapshots WHERE report_id = ?');
    this.updatesAfter = db.prepare('SELECT bytes FROM updates WHERE report_id = ? AND seq > ? ORDER BY seq');
    this.countAfter = db.prepare('SELECT COUNT(*) AS n FROM updates WHERE report_id = ? AND seq > ?');
    this.upsertSnapshot = db.prepare(
      `INSERT INTO snapshots (report_id, upto_seq, bytes, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (report_id) DO UPDATE SET upto_seq = excluded.upto_seq, bytes = excluded.bytes,
         created_at = excluded.created_at`,
    );
    this.deleteUpTo = db.prepare('DELETE FROM updates WHERE report_id = ? AND seq <= ?');
    this.bindClient = db.prepare(
      'INSERT OR IGNORE INTO client_ids (report_id, client_id, user_id) VALUES (?, ?, ?)',
    );
    this.appendTx = db.transaction((reportId: string, entries: LogEntry[], afterSeq: number) => {
      let seq = afterSeq;
      const now = Date.now();
      for (const entry of entries) {
        seq++;
        this.insert.run(reportId, seq, entry.userId, entry.roots.join(','), entry.update, now);
        if (entry.userId === null) continue;
        for (const client of entry.clients ?? []) this.bindClient.run(reportId, client, entry.userId);
      }
      return seq;
    });
    // Each batch in a savepoint of its own (appendTx nests), so one refused batch leaves the others.
    this.appendAllTx = db.transaction((batches: AppendBatch[]) =>
      batches.map((batch) => {
        try {
          return this.appendTx(batch.reportId, batch.entries, batch.afterSeq) as number;
        } catch (err) {
          // SQLITE_FULL, IOERR, BUSY may roll back the whole transaction, and with it the batches
          // already written: then the group as a whole has failed.
          if (!db.inTransaction) throw err;
          return err instanceof Error ? err : new Error(String(err));
        }
      }),
    );
    this.compactTx = db.transaction((reportId: string, snapshot: Uint8Array, uptoSeq: number) => {
      this.upsertSnapshot.run(reportId, uptoSeq, snapshot, Date.now());
      // Entries after uptoSeq (appended after the snapshot was taken) stay in the log.
      history?.keep(reportId, uptoSeq);
      this.deleteUpTo.run(reportId, uptoSeq);
    });
  }

  private lastSeq(reportId: string): number {
    const row = this.lastSeqOf.get(reportId, reportId) as { seq: number | null };
    return row.seq ?? 0;
  }

  private snapshot(reportId: string): { uptoSeq: number; bytes: Uint8Array } | undefined {
    return this.snapshotOf.get(reportId) as { uptoSeq: number; bytes: Uint8Array } | undefined;
  }

  load(reportId: string): StoredDoc {
    return this.db.transaction(() => {
      const snap = this.snapshot(reportId);
      const rows = this.updatesAfter.all(reportId, snap?.uptoSeq ?? 0) as { bytes: Uint8Array }[];
      return {
        snapshot: snap ? new Uint8Array(snap.bytes) : null,
        updates: rows.map((r) => new Uint8Array(r.bytes)),
        lastSeq: this.lastSeq(reportId),
      };
    })();
  }

  read(reportId: string): StoredDoc {
    return this.load(reportId); // a plain read here: nothing is claimed
  }

  append(reportId: string, entries: LogEntry[], afterSeq: number): number {
    // The caller's `afterSeq` spares a `SELECT MAX(seq)` per append; a wrong one cannot overwrite
    // anything: (report_id, seq) is the primary key, so the INSERT fails and nothing is written.
    const seq = this.appendTx(reportId, entries, afterSeq);
    this.commits++;
    return seq;
  }

  appendAll(batches: AppendBatch[]): (number | Error)[] {
    // One batch needs no savepoint: its own transaction is the group's.
    if (batches.length === 1) {
      const [{ reportId, entries, afterSeq }] = batches as [AppendBatch];
      try {
        return [this.append(reportId, entries, afterSeq)];
      } catch (err) {
        return [err instanceof Error ? err : new Error(String(err))];
      }
    }
    const results = this.appendAllTx(batches);
    this.commits++;
    return results;
  }

  compact(reportId: string, snapshot: Uint8Array, uptoSeq: number): void {
    this.compactTx(reportId, snapshot, uptoSeq);
  }

  logLength(reportId: string): number {
    const row = this.countAfter.get(reportId, this.snapshot(reportId)?.uptoSeq ?? 0) as { n: number };
    return row.n;
  }
}
