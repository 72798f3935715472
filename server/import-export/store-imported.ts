/**
 * Stores a new report's doc built off the event loop (an import, encode-report.ts; a copy,
 * copy-report.ts) as its first log entry, straight through the doc store, and its summary row: no
 * room is loaded for it, so the event loop never decodes the doc at creation, nor to list it (it is
 * read when someone opens the report, as any stored report is). The entry is the creator's, its
 * client id bound to them, as if they had written it; the audit credits them.
 */
import type { ReportSummaryStore } from '../storage/report-summaries.ts';
import type { DocStore } from '../storage/types.ts';
import type { EncodedDoc } from './encoded-doc.ts';

/** Resolves once committed; rejects (nothing stored) when the store refuses the write. */
export async function storeImported(
  { docs, summaries }: { docs: DocStore; summaries: ReportSummaryStore },
  reportId: string,
  userId: string,
  report: EncodedDoc,
): Promise<void> {
  // A fresh report: nothing to read, but in cluster mode loading claims it, which every write needs.
  docs.load(reportId);
  try {
    const entry = { update: report.state, userId, roots: report.roots, clients: [report.clientId] };
    await docs.append(reportId, [entry], 0);
  } finally {
    // Not kept: whoever opens it first loads it (and claims it) as any other report.
    docs.release?.(reportId);
  }
  try {
    summaries.write(reportId, report.totals, report.clock);
  } catch (err) {
    // Listed without progress until it is first opened (which writes the row).
    console.error(`coreport: report ${reportId}: writing its summary failed:`, err);
  }
}
