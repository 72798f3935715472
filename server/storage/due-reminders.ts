import type { Db } from './db.ts';

export interface DueReminder {
  reportId: string;
  sectionId: string;
  /** 'YYYY-MM-DD' */
  due: string;
}

/**
 * Section due dates, mirrored from the report docs so that one query finds the dates that have
 * passed without loading every report. A reminder fires once per due date (changing it re-arms it).
 */
export class DueReminderStore {
  constructor(private readonly db: Db) {}

  /** Records (or, for null, forgets) a section's due date; a changed date may fire again. */
  set(reportId: string, sectionId: string, due: string | null): void {
    if (due === null) {
      this.db
        .prepare('DELETE FROM due_reminders WHERE report_id = ? AND section_id = ?')
        .run(reportId, sectionId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO due_reminders (report_id, section_id, due, notified_at) VALUES (?, ?, ?, NULL)
         ON CONFLICT (report_id, section_id) DO UPDATE SET due = excluded.due,
           notified_at = CASE WHEN due_reminders.due = excluded.due THEN due_reminders.notified_at END`,
      )
      .run(reportId, sectionId, due);
  }

  /** Reminders not yet sent whose date is before `today` ('YYYY-MM-DD': the day after the due date has begun). */
  passed(today: string): DueReminder[] {
    return this.db
      .prepare(
        `SELECT report_id AS reportId, section_id AS sectionId, due FROM due_reminders
         WHERE notified_at IS NULL AND due < ? ORDER BY due LIMIT 500`,
      )
      .all(today) as DueReminder[];
  }

  markSent(r: DueReminder, at: number): void {
    this.db
      .prepare('UPDATE due_reminders SET notified_at = ? WHERE report_id = ? AND section_id = ? AND due = ?')
      .run(at, r.reportId, r.sectionId, r.due);
  }
}
