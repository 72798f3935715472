import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';

export interface StoredReport {
  /** `PRAGMA integrity_check` result: 'ok' when the file is sound. */
  integrity: string;
  doc: Y.Doc;
  /** Whether loading left structs or deletions parked (a damaged log). */
  pending: boolean;
}

/** Reads a report straight from the SQLite file (read-only; the server may be dead or alive). */
export function readStoredReport(dataDir: string, reportId: string): StoredReport {
  const db = new Database(path.join(dataDir, 'coreport.sqlite'), { readonly: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const snapshot = db
      .prepare('SELECT upto_seq AS upto, bytes FROM snapshots WHERE report_id = ?')
      .get(reportId) as { upto: number; bytes: Buffer } | undefined;
    const rows = db
      .prepare('SELECT bytes FROM updates WHERE report_id = ? AND seq > ? ORDER BY seq')
      .all(reportId, snapshot?.upto ?? 0) as { bytes: Buffer }[];
    const doc = new Y.Doc();
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.bytes));
      for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.bytes));
    });
    return { integrity, doc, pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null };
  } finally {
    db.close();
  }
}
