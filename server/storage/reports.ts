import type { Role } from '../../shared/layout.ts';
import type { Db } from './db.ts';
import type { Member, ReportRow, TrashedReport } from './types.ts';

/**
 * Reports and who belongs to them with which role. A deleted report stays in the table, marked
 * `deleted_at`, until it is purged: to every read here but the trash's it does not exist.
 */
export class ReportStore {
  constructor(private readonly db: Db) {}

  create(report: ReportRow, leaderId: string): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO reports (id, title, created_by, created_at) VALUES (?, ?, ?, ?)')
        .run(report.id, report.title, report.createdBy, report.createdAt);
      this.setRole(report.id, leaderId, 'leader');
    })();
  }

  byId(id: string): ReportRow | null {
    return (
      (this.db
        .prepare(
          'SELECT id, title, created_by AS createdBy, created_at AS createdAt FROM reports WHERE id = ? AND deleted_at IS NULL',
        )
        .get(id) as ReportRow | undefined) ?? null
    );
  }

  setTitle(id: string, title: string): void {
    this.db.prepare('UPDATE reports SET title = ? WHERE id = ?').run(title, id);
  }

  /** Reports the user is a member of, newest first, with their role: at most `limit`, created before `before` (a page). */
  listFor(userId: string, limit = -1, before = Number.MAX_SAFE_INTEGER): (ReportRow & { role: Role })[] {
    return this.db
      .prepare(
        `SELECT r.id, r.title, r.created_by AS createdBy, r.created_at AS createdAt, m.role
         FROM reports r JOIN members m ON m.report_id = r.id
         WHERE m.user_id = ? AND r.created_at < ? AND r.deleted_at IS NULL
         ORDER BY r.created_at DESC LIMIT ?`,
      )
      .all(userId, before, limit) as (ReportRow & { role: Role })[];
  }

  /** How many reports the user created (the report quota). */
  countCreatedBy(userId: string): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM reports WHERE created_by = ?').get(userId) as { n: number }
    ).n;
  }

  role(reportId: string, userId: string): Role | null {
    const row = this.db
      .prepare(
        `SELECT m.role FROM members m JOIN reports r ON r.id = m.report_id
         WHERE m.report_id = ? AND m.user_id = ? AND r.deleted_at IS NULL`,
      )
      .get(reportId, userId) as { role: Role } | undefined;
    return row?.role ?? null;
  }

  setRole(reportId: string, userId: string, role: Role): void {
    this.db
      .prepare(
        `INSERT INTO members (report_id, user_id, role) VALUES (?, ?, ?)
         ON CONFLICT (report_id, user_id) DO UPDATE SET role = excluded.role`,
      )
      .run(reportId, userId, role);
  }

  removeMember(reportId: string, userId: string): boolean {
    return (
      this.db.prepare('DELETE FROM members WHERE report_id = ? AND user_id = ?').run(reportId, userId)
        .changes > 0
    );
  }

  members(reportId: string): Member[] {
    return this.db
      .prepare(
        `SELECT u.id AS userId, u.username, u.display_name AS displayName, m.role
         FROM members m JOIN users u ON u.id = m.user_id WHERE m.report_id = ? ORDER BY u.created_at`,
      )
      .all(reportId) as Member[];
  }

  leaderCount(reportId: string): number {
    return (
      this.db
        .prepare("SELECT COUNT(*) AS n FROM members WHERE report_id = ? AND role = 'leader'")
        .get(reportId) as { n: number }
    ).n;
  }

  /** Moves a report to the trash. False when there is no such live report. */
  trash(id: string, userId: string, at: number): boolean {
    return (
      this.db
        .prepare('UPDATE reports SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL')
        .run(at, userId, id).changes > 0
    );
  }

  /** Takes a report out of the trash. False when it is not there (never deleted, or purged). */
  restore(id: string): boolean {
    return (
      this.db
        .prepare(
          'UPDATE reports SET deleted_at = NULL, deleted_by = NULL WHERE id = ? AND deleted_at IS NOT NULL',
        )
        .run(id).changes > 0
    );
  }

  /** The trash, most recently deleted first. */
  trashed(): TrashedReport[] {
    return this.db
      .prepare(
        `SELECT id, title, created_by AS createdBy, created_at AS createdAt, deleted_at AS deletedAt,
                deleted_by AS deletedBy
         FROM reports WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC`,
      )
      .all() as TrashedReport[];
  }

  /** Deletes for good what was trashed before `cutoff` (its doc, members, history go with it); the ids. */
  purge(cutoff: number): string[] {
    return this.db.transaction(() => {
      const ids = (
        this.db.prepare('SELECT id FROM reports WHERE deleted_at < ?').all(cutoff) as { id: string }[]
      ).map((r) => r.id);
      const remove = this.db.prepare('DELETE FROM reports WHERE id = ?');
      for (const id of ids) remove.run(id);
      return ids;
    })();
  }
}
