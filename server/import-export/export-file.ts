/** One export call: read the doc once, render it in the asked format. */
import type * as Y from 'yjs';
import { toMarkdown, toPlainText } from './export-text.ts';
import { docxOffThread } from './parse-off-thread.ts';
import { readReport } from './read-report.ts';

/** What an export includes besides the text: comments; pending suggestions as tracked changes (.docx). */
export interface ExportIncludes {
  comments: boolean;
  suggestions: boolean;
}

export const EXPORT_FORMATS = ['docx', 'md', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (format: string): format is ExportFormat =>
  (EXPORT_FORMATS as readonly string[]).includes(format);

const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/**
 * The file bytes and content type of a report export. Comments only when asked for: Word 批注 in a
 * .docx, a list at the end of Markdown and text. Suggestions only in a .docx, when asked for. The doc
 * is read here (it lives on the event loop); the .docx is written in a worker thread, the text
 * formats here (tens of milliseconds at the import limits).
 */
export async function exportReport(
  doc: Y.Doc,
  format: ExportFormat,
  names: (userId: string) => string,
  include: ExportIncludes,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const docx = format === 'docx';
  const model = readReport(doc, names, {
    comments: include.comments,
    suggestions: docx && include.suggestions,
    anchored: docx,
  });
  const bytes =
    format === 'docx'
      ? await docxOffThread(model)
      : Buffer.from(format === 'md' ? toMarkdown(model) : toPlainText(model), 'utf8');
  return { bytes, contentType: CONTENT_TYPES[format] };
}
