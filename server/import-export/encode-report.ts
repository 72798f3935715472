/**
 * The new report of an import, built as a Y.Doc and encoded where the upload was parsed (the import
 * worker), with what the import's answer shows. Building and encoding a report at the import limits
 * took 250–500 ms of CPU on the event loop (docs/reliability.md); here the event loop only stores the
 * bytes, and the doc is read again only when someone opens the report.
 */
import * as Y from 'yjs';
import type { ParsedReport } from '../../shared/import/types.ts';
import type { SectionInfo } from '../../shared/layout.ts';
import { reportProgress } from '../../shared/progress.ts';
import { listSections } from '../reports/doc-sections.ts';
import { buildReport } from './build-report.ts';
import { type EncodedDoc, encodeDoc } from './encoded-doc.ts';

/** Title of an import whose file names none and whose request gave none. */
export const FALLBACK_TITLE = '导入的报告';

export interface ImportedSection extends SectionInfo {
  chars: number;
  placeholders: number;
}

export interface EncodedReport extends EncodedDoc {
  title: string;
  sections: ImportedSection[];
  placeholders: number;
}

/** `title` when the request gave one, else the file's own, else FALLBACK_TITLE. */
export function encodeReport(parsed: ParsedReport, title: string | null, createdAt: number): EncodedReport {
  const doc = new Y.Doc({ gc: true });
  const chosen = title || parsed.title || FALLBACK_TITLE;
  doc.transact(() => buildReport(doc, parsed, chosen, createdAt));
  const progress = reportProgress(doc);
  const counts = new Map(progress.sections.map((s) => [s.id, s]));
  const sections = listSections(doc).map((s) => ({
    ...s,
    chars: counts.get(s.id)?.chars ?? 0,
    placeholders: counts.get(s.id)?.placeholders ?? 0,
  }));
  return {
    ...encodeDoc(doc, progress.totals),
    title: chosen,
    sections,
    placeholders: progress.totals.placeholders,
  };
}
