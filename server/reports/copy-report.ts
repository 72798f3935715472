/**
 * A copy of a report (POST /api/reports with `from`), built where heavy work runs (the import worker,
 * parse-worker.ts) from the source's stored bytes: at the import limits, reading the source and
 * building and encoding the copy held the event loop 267–335 ms; the event loop now only reads and
 * stores bytes (store-imported.ts).
 */
import * as Y from 'yjs';
import { type EncodedDoc, encodeDoc } from '../import-export/encoded-doc.ts';
import { fillFromReport } from './report-from.ts';

export interface CopyJob {
  /** The source as stored: its snapshot (if any), then its log entries. */
  blobs: Uint8Array[];
  title: string;
  createdAt: number;
  /** Members of the new report: the source's assignees among them stay assigned. */
  members: string[];
}

export function encodeCopy({ blobs, title, createdAt, members }: CopyJob): EncodedDoc {
  const source = new Y.Doc({ gc: true });
  source.transact(() => {
    for (const update of blobs) Y.applyUpdate(source, update);
  });
  const kept = new Set(members);
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => fillFromReport(doc, source, title, createdAt, (id) => kept.has(id)));
  source.destroy();
  return encodeDoc(doc);
}
