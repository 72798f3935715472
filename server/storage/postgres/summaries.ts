import type pg from 'pg';
import type { Db } from '../db.ts';
import { ReportSummaryStore, type ReportTotals, WRITE_SUMMARY } from '../report-summaries.ts';
import { statementForPostgres } from './sqlite-dialect.ts';

const WRITE = statementForPostgres(WRITE_SUMMARY);

/**
 * Cluster mode: summary rows are written through the asynchronous pool, not the synchronous bridge.
 * The write is not needed by anything on the event loop (the list on other nodes reads it later), and
 * against a silent PostgreSQL a synchronous one held the loop until it timed out, so an owner cut off
 * closed its rooms late. Writes may land out of order; the row keeps the one describing the most of the
 * document (its clock). Reads stay synchronous.
 */
export class PgReportSummaryStore extends ReportSummaryStore {
  private readonly writing = new Set<Promise<void>>();

  constructor(
    db: Db,
    private readonly pool: pg.Pool,
  ) {
    super(db);
  }

  override write(reportId: string, totals: ReportTotals, clock: number, at = Date.now()): void {
    const done = this.pool.query(WRITE, [reportId, JSON.stringify(totals), clock, at]).then(
      () => {},
      (err: unknown) => {
        // The list shows the previous summary until the next change is written.
        console.error(
          `coreport: report ${reportId}: writing its summary failed:`,
          err instanceof Error ? err.message : err,
        );
      },
    );
    this.writing.add(done);
    void done.then(() => this.writing.delete(done));
  }

  /** Resolves once the writes sent so far are done (shutdown waits for them before closing the pool). */
  async settled(): Promise<void> {
    await Promise.all([...this.writing]);
  }
}
