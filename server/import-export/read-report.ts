/** A report doc as exporters see it: title, sections in outline order with their blocks, comments. */
import type * as Y from 'yjs';
import type { Block } from '../../shared/import/types.ts';
import { bodyRoot, META } from '../../shared/layout.ts';
import { numbered } from '../../shared/numbering.ts';
import { commentsOf, readThread, type Thread } from '../comments/doc-comments.ts';
import { listSections } from '../reports/doc-sections.ts';
import { readBlocks } from './read-blocks.ts';

export interface ExportSection {
  id: string;
  title: string;
  level: number;
  blocks: Block[];
}

/** A comment thread flattened for the list at the end of an export. */
export interface ExportComment {
  section: string;
  quote: string;
  author: string;
  body: string;
  resolved: boolean;
  replies: { author: string; body: string }[];
}

export interface ExportModel {
  title: string;
  sections: ExportSection[];
  comments: ExportComment[];
}

/** Reads the report; `names` maps user ids to display names; comments only when asked for. */
export function readReport(
  doc: Y.Doc,
  names: (userId: string) => string,
  withComments: boolean,
): ExportModel {
  // Headings print the computed number (shared/numbering.ts), never a typed one.
  const sections = numbered(listSections(doc)).map((s) => {
    const name = bodyRoot(s.id);
    const blocks = doc.share.has(name) ? readBlocks(doc.getXmlFragment(name)) : [];
    return { id: s.id, title: s.number + s.title, level: s.level, blocks };
  });
  const comments: ExportComment[] = [];
  if (withComments) {
    const order = new Map(sections.map((s, i) => [s.id, i]));
    const threads: Thread[] = [];
    commentsOf(doc).forEach((_, id) => {
      const thread = readThread(doc, id);
      if (thread && order.has(thread.sectionId)) threads.push(thread);
    });
    threads.sort((a, b) => order.get(a.sectionId)! - order.get(b.sectionId)! || a.createdAt - b.createdAt);
    for (const t of threads) {
      comments.push({
        section: sections[order.get(t.sectionId)!]!.title,
        quote: t.quote,
        author: names(t.author),
        body: t.body,
        resolved: t.resolved,
        replies: t.replies.map((r) => ({ author: names(r.author), body: r.body })),
      });
    }
  }
  return { title: String(doc.getMap(META).get('title') ?? ''), sections, comments };
}
