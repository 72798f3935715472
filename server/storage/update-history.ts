import { type LogRow, type ThinnedRow, thinLog } from '../history/thin-log.ts';
import type { Db } from './db.ts';

/** One line of a section's audit: who changed it when, and how much. */
export interface AuditEntry {
  userId: string | null;
  startedAt: number;
  endedAt: number;
  added: number;
  removed: number;
}

const LOG_ROWS = 'SELECT seq, user_id AS userId, roots, bytes, created_at AS createdAt FROM updates';

/**
 * The update log's past: compaction folds the live log into the snapshot and deletes those rows; before
 * that, `keep` moves them here, thinned (see thinLog). The audit reads this and the live log together.
 */
export class UpdateHistoryStore {
  private readonly folded;
  private readonly insert;
  private readonly kept;
  private readonly live;

  constructor(db: Db) {
    this.folded = db.prepare(`${LOG_ROWS} WHERE report_id = ? AND seq <= ? ORDER BY seq`);
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO update_history (report_id, from_seq, to_seq, user_id, roots, added, removed, bytes,
         started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.kept = db.prepare(
      `SELECT from_seq AS fromSeq, to_seq AS toSeq, user_id AS userId, roots, added, removed,
         started_at AS startedAt, ended_at AS endedAt FROM update_history WHERE report_id = ? ORDER BY from_seq`,
    );
    this.live = db.prepare(`${LOG_ROWS} WHERE report_id = ? ORDER BY seq`);
  }

  /** Copies the log rows up to `uptoSeq`, thinned; call inside the compaction's transaction. */
  keep(reportId: string, uptoSeq: number): void {
    for (const row of thinLog(this.folded.all(reportId, uptoSeq) as LogRow[])) {
      this.insert.run(
        reportId,
        row.fromSeq,
        row.toSeq,
        row.userId,
        row.roots,
        row.added,
        row.removed,
        row.bytes,
        row.startedAt,
        row.endedAt,
      );
    }
  }

  /** Every change to `root` (e.g. `body:s1`) by a user, oldest first, kept and live alike. */
  audit(reportId: string, root: string): AuditEntry[] {
    return this.audits(reportId, [root]).get(root) ?? [];
  }

  /**
   * `audit` for several roots from one read of the log: thinning the live log decodes its updates
   * (a report's import is one update of up to ~1.5 MB), so doing it once per section made the activity
   * CSV of a 500-section report take 23 s of CPU on the event loop.
   */
  audits(reportId: string, roots: string[]): Map<string, AuditEntry[]> {
    const out = new Map(roots.map((root) => [root, [] as AuditEntry[]]));
    const rows = [
      ...(this.kept.all(reportId) as Omit<ThinnedRow, 'bytes'>[]),
      ...thinLog(this.live.all(reportId) as LogRow[]),
    ];
    for (const { userId, roots: written, startedAt, endedAt, added, removed } of rows) {
      if (userId === null) continue;
      for (const root of written.split(','))
        out.get(root)?.push({ userId, startedAt, endedAt, added, removed });
    }
    return out;
  }
}
