/**
 * A new report's doc built off the event loop (an import, a copy) as what the event loop stores: its
 * update, the client id its structs are under, the roots it writes, and the summary the report list
 * shows, so that nothing on the loop decodes the doc before someone opens the report.
 */
import * as Y from 'yjs';
import { reportProgress } from '../../shared/progress.ts';
import type { ReportTotals } from '../storage/report-summaries.ts';

export interface EncodedDoc {
  /** The whole doc, as one update (the report's first log entry). */
  state: Uint8Array;
  /** The Yjs client id its structs are under (bound to the creating user when stored). */
  clientId: number;
  /** Root types it writes (the log entry's `roots`). */
  roots: string[];
  /** The report list's totals, and how much of the doc they describe (as summary-keeper.ts counts it). */
  totals: ReportTotals;
  clock: number;
}

export function encodeDoc(doc: Y.Doc, totals: ReportTotals = reportProgress(doc).totals): EncodedDoc {
  let clock = 0;
  for (const n of Y.decodeStateVector(Y.encodeStateVector(doc)).values()) clock += n;
  return {
    state: Y.encodeStateAsUpdate(doc),
    clientId: doc.clientID,
    roots: [...doc.share.keys()],
    totals,
    clock,
  };
}
