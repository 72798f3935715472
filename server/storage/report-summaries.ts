import type { ReportProgress } from '../../shared/progress.ts';
import type { Db } from './db.ts';

export type ReportTotals = ReportProgress['totals'];

/** Parameters: report id, totals (JSON), clock, time. Writes arriving out of order keep the newest. */
export const WRITE_SUMMARY = `INSERT INTO report_summaries (report_id, totals, clock, updated_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (report_id) DO UPDATE SET totals = excluded.totals, clock = excluded.clock,
    updated_at = excluded.updated_at
  WHERE report_summaries.clock <= excluded.clock`;

/**
 * Per report, the totals the report list shows, written by the node serving the report. `clock` is
 * how much of the document they describe (the sum of its state vector, which only grows as edits
 * arrive): a write describing less than the stored row (a former owner's late write) changes nothing.
 */
export class ReportSummaryStore {
  constructor(private readonly db: Db) {}

  write(reportId: string, totals: ReportTotals, clock: number, at = Date.now()): void {
    this.db.prepare(WRITE_SUMMARY).run(reportId, JSON.stringify(totals), clock, at);
  }

  /** The stored totals of each of `reportIds` that has them. */
  totalsOf(reportIds: string[]): Map<string, ReportTotals> {
    const found = new Map<string, ReportTotals>();
    if (reportIds.length === 0) return found;
    const rows = this.db
      .prepare(
        `SELECT report_id AS reportId, totals FROM report_summaries
         WHERE report_id IN (${reportIds.map(() => '?').join(', ')})`,
      )
      .all(...reportIds) as { reportId: string; totals: string }[];
    for (const row of rows) found.set(row.reportId, JSON.parse(row.totals) as ReportTotals);
    return found;
  }
}
