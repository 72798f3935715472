import type { Db } from './db.ts';

export interface Activity {
  id: number;
  userId: string | null;
  action: string;
  detail: Record<string, unknown>;
  createdAt: number;
}

/** The per-report activity log: who changed what in the report's structure, and when. */
export class ActivityStore {
  constructor(private readonly db: Db) {}

  add(reportId: string, userId: string | null, action: string, detail: Record<string, unknown>): void {
    this.db
      .prepare('INSERT INTO activity (report_id, user_id, action, detail, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(reportId, userId, action, JSON.stringify(detail), Date.now());
  }

  /** Newest first; `before` pages backwards by id. */
  list(reportId: string, limit: number, before?: number): Activity[] {
    const rows = this.db
      .prepare(
        `SELECT id, user_id AS userId, action, detail, created_at AS createdAt FROM activity
         WHERE report_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
      )
      .all(reportId, before ?? Number.MAX_SAFE_INTEGER, limit) as (Omit<Activity, 'detail'> & {
      detail: string;
    })[];
    return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) }));
  }
}
