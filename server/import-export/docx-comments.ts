/**
 * Comment threads as Word 批注 (word/comments.xml): one comment per thread and one per reply, the
 * replies threaded under it (`parentId`, commentsExtended.xml), resolved threads marked done. A
 * comment whose anchor text is gone sits on its section's heading and quotes what it was about.
 */
import { type ICommentOptions, Paragraph, TextRun } from 'docx';
import { runFont } from './docx-style.ts';
import type { ExportComment } from './read-report.ts';

const COMMENT_SIZE = 21; // 五号 (10.5 pt), Word's own size for comment text

const paragraph = (text: string) =>
  new Paragraph({ children: [new TextRun({ text, font: runFont('宋体'), size: COMMENT_SIZE })] });

/** The comments part, in thread order; `loose` are the ids placed on a heading. */
export function wordComments(comments: ExportComment[], loose: Set<number>): ICommentOptions[] {
  return comments.flatMap((c) => {
    const body = loose.has(c.wordId) ? `“${c.quote}”：${c.body}` : c.body;
    const thread: ICommentOptions = {
      id: c.wordId,
      author: c.author,
      initials: c.author.slice(0, 2),
      date: new Date(c.createdAt),
      resolved: c.resolved,
      children: [paragraph(body)],
    };
    const replies = c.replies.map(
      (r, i): ICommentOptions => ({
        id: c.wordId + 1 + i,
        parentId: c.wordId,
        author: r.author,
        initials: r.author.slice(0, 2),
        date: new Date(r.createdAt),
        resolved: c.resolved,
        children: [paragraph(r.body)],
      }),
    );
    return [thread, ...replies];
  });
}
