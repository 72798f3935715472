import { reportProgress } from '../../shared/progress.ts';
import type { Deps } from '../context.ts';
import { NotOwner } from '../storage/postgres/doc-store.ts';
import type { ReportTotals } from '../storage/report-summaries.ts';

/**
 * The totals the report list shows for each report: from the live doc where this node has it loaded
 * (exact), else from the summary row its last server keeps (storage/report-summaries.ts), so listing
 * does not load every report. A report with no row yet (never opened since summaries were added) is
 * loaded once, here, which writes its row; in cluster mode that is left to its owner when another node
 * holds it (no progress shown meanwhile).
 */
export function listedProgress({ stores, rooms }: Deps, reportIds: string[]): Map<string, ReportTotals> {
  const stored = stores.summaries.totalsOf(reportIds.filter((id) => !rooms.peek(id)));
  const found = new Map<string, ReportTotals>();
  for (const id of reportIds) {
    const live = rooms.peek(id);
    const totals = live ? reportProgress(live.doc).totals : (stored.get(id) ?? loaded(rooms, id));
    if (totals) found.set(id, totals);
  }
  return found;
}

function loaded(rooms: Deps['rooms'], reportId: string): ReportTotals | null {
  try {
    return reportProgress(rooms.get(reportId).doc).totals;
  } catch (err) {
    if (err instanceof NotOwner) return null;
    throw err;
  }
}
