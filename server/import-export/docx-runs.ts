/**
 * Runs of a .docx export: direct formatting on every run (so the look holds where styles are
 * replaced), `\n` as a line break, Word comment ranges and tracked changes (w:ins / w:del).
 */
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  InsertedTextRun,
  type ParagraphChild,
  TextRun,
} from 'docx';
import type { Run } from '../../shared/import/types.ts';
import { CONDENSE, runFont, SIZE } from './docx-style.ts';
import type { ExportRun } from './export-runs.ts';

/** Ids of w:ins / w:del, unique in the document (comments use the low ids, from 0). */
export class RevisionIds {
  constructor(private next: number) {}
  take = (): number => this.next++;
}

function commentMarks(run: ExportRun): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const id of run.commentEnd ?? []) {
    out.push(new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }));
  }
  for (const id of run.commentStart ?? []) out.push(new CommentRangeStart(id));
  return out;
}

/** The runs of a paragraph in `font` (an East Asian face; Latin text in Times New Roman). */
export function textRuns(runs: Run[], font: string, revisions: RevisionIds, bold = false): ParagraphChild[] {
  return (runs as ExportRun[]).flatMap((run) => [
    ...commentMarks(run),
    ...(run.text === ''
      ? []
      : run.text.split('\n').map((text, i) => {
          const options = {
            text,
            break: i > 0 ? 1 : undefined,
            font: runFont(font),
            size: SIZE.body,
            characterSpacing: CONDENSE,
            bold: bold || !!run.bold,
            italics: !!run.italic,
          };
          const change = run.deleted ?? run.inserted;
          if (!change) return new TextRun(options);
          const tracked = {
            ...options,
            id: revisions.take(),
            author: change.author,
            date: change.date.toISOString(),
          };
          return run.deleted ? new DeletedTextRun(tracked) : new InsertedTextRun(tracked);
        })),
  ]);
}
