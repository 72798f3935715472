/**
 * Reads a report straight from a cluster's PostgreSQL (snapshot plus log, in one snapshot of the
 * database), whatever the nodes are doing: what would survive if every node died now.
 */
import type pg from 'pg';
import * as Y from 'yjs';

export interface PgStoredReport {
  doc: Y.Doc;
  /** Whether loading left structs or deletions parked (a damaged or gapped log). */
  pending: boolean;
  /** The snapshot's last sequence number (0 without one) and the log's sequence numbers, in order. */
  snapshotSeq: number;
  seqs: number[];
}

export async function readPgReport(pool: pg.Pool, reportId: string): Promise<PgStoredReport> {
  const client = await pool.connect();
  try {
    // One consistent view: a compaction committing between the two reads cannot hide rows from us.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snap = (
      await client.query('SELECT upto_seq::int AS upto, bytes FROM snapshots WHERE report_id = $1', [
        reportId,
      ])
    ).rows[0] as { upto: number; bytes: Buffer } | undefined;
    const rows = (
      await client.query(
        'SELECT seq::int AS seq, bytes FROM updates WHERE report_id = $1 AND seq > $2 ORDER BY seq',
        [reportId, snap?.upto ?? 0],
      )
    ).rows as { seq: number; bytes: Buffer }[];
    await client.query('COMMIT');
    const doc = new Y.Doc();
    doc.transact(() => {
      if (snap) Y.applyUpdate(doc, new Uint8Array(snap.bytes));
      for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.bytes));
    });
    return {
      doc,
      pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null,
      snapshotSeq: snap?.upto ?? 0,
      seqs: rows.map((r) => r.seq),
    };
  } finally {
    client.release();
  }
}
