/**
 * Stores an imported report's encoded doc (encode-report.ts) as its first log entry, straight through
 * the doc store: no room is loaded for it, so the event loop never decodes the doc at import time (it
 * is read when someone opens the report, as any stored report is). The entry is the importer's, its
 * client id bound to them, as if they had written it; the audit credits them.
 */
import type { DocStore } from '../storage/types.ts';
import type { EncodedReport } from './encode-report.ts';

/** Resolves once committed; rejects (nothing stored) when the store refuses the write. */
export async function storeImported(
  docs: DocStore,
  reportId: string,
  userId: string,
  report: EncodedReport,
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
}
