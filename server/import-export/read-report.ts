/** A report doc as exporters see it: title, sections in outline order with their blocks, comments. */
import type * as Y from 'yjs';
import type { Block } from '../../shared/import/types.ts';
import { bodyRoot, META, SUGGESTIONS } from '../../shared/layout.ts';
import { numbered } from '../../shared/numbering.ts';
import { currentRange, readSuggestions, resolveAnchor } from '../../shared/suggestions.ts';
import { commentsOf, readThread, type Thread } from '../comments/doc-comments.ts';
import { listSections } from '../reports/doc-sections.ts';
import { addSpan, type Change, type ExportRun, type Spans } from './export-runs.ts';
import { readBlocks } from './read-blocks.ts';

export interface ExportSection {
  id: string;
  title: string;
  level: number;
  blocks: Block[];
  /** Word comment ids whose anchor text is gone: the .docx puts them on the section's heading. */
  looseComments: number[];
}

/** A comment thread flattened for the list at the end of an export, or for Word's 批注. */
export interface ExportComment {
  /** The Word comment id (replies get the ids right after it). */
  wordId: number;
  section: string;
  quote: string;
  author: string;
  body: string;
  createdAt: number;
  resolved: boolean;
  replies: { author: string; body: string; createdAt: number }[];
}

export interface ExportModel {
  title: string;
  sections: ExportSection[];
  comments: ExportComment[];
}

export interface ExportOptions {
  comments: boolean;
  /** Pending suggestions as tracked changes (.docx only). */
  suggestions: boolean;
  /** Anchor comments and changes in the text (the .docx); the text formats list comments at the end. */
  anchored: boolean;
}

/** Threads in outline order, each with the Word ids of it and its replies. */
function threadsInOrder(doc: Y.Doc, order: Map<string, number>): Thread[] {
  const threads: Thread[] = [];
  commentsOf(doc).forEach((_, id) => {
    const thread = readThread(doc, id);
    if (thread && order.has(thread.sectionId)) threads.push(thread);
  });
  return threads.sort(
    (a, b) => order.get(a.sectionId)! - order.get(b.sectionId)! || a.createdAt - b.createdAt,
  );
}

/** Reads the report; `names` maps user ids to display names. */
export function readReport(
  doc: Y.Doc,
  names: (userId: string) => string,
  options: ExportOptions,
): ExportModel {
  const outline = numbered(listSections(doc));
  const order = new Map(outline.map((s, i) => [s.id, i]));
  const spans: Spans = new Map();
  const loose = new Map<string, number[]>();
  const appended = new Map<string, Block[]>();
  const comments: ExportComment[] = [];
  let wordId = 0;

  if (options.comments) {
    for (const t of threadsInOrder(doc, order)) {
      const ids = [wordId, ...t.replies.map((_, i) => wordId + 1 + i)];
      const range = options.anchored && t.anchor ? resolveAnchor(doc, t.sectionId, t.anchor) : null;
      if (range) addSpan(spans, range.text, { from: range.from, to: range.to, comments: ids });
      else loose.set(t.sectionId, [...(loose.get(t.sectionId) ?? []), ...ids]);
      const s = outline[order.get(t.sectionId)!]!;
      comments.push({
        wordId,
        section: s.number + s.title,
        quote: t.quote,
        author: names(t.author),
        body: t.body,
        createdAt: t.createdAt,
        resolved: t.resolved,
        replies: t.replies.map((r) => ({ author: names(r.author), body: r.body, createdAt: r.createdAt })),
      });
      wordId += ids.length;
    }
  }
  if (options.suggestions && options.anchored && doc.share.has(SUGGESTIONS)) {
    for (const s of readSuggestions(doc)) {
      if (!order.has(s.sectionId)) continue;
      const change: Change = { author: names(s.author), date: new Date(s.createdAt) };
      if (s.anchor === null) {
        // New paragraphs at the end of the section, tracked as inserted.
        const lines = s.replacement.split('\n').filter((line) => line.trim() !== '');
        const blocks = lines.map(
          (text): Block => ({ type: 'paragraph', runs: [{ text, inserted: change } as ExportRun] }),
        );
        appended.set(s.sectionId, [...(appended.get(s.sectionId) ?? []), ...blocks]);
        continue;
      }
      // An outdated suggestion (its quote changed) has no place in the text: left out.
      const range = currentRange(doc, s);
      if (range)
        addSpan(spans, range.text, { from: range.from, to: range.to, change, replacement: s.replacement });
    }
  }

  // Headings print the computed number (shared/numbering.ts), never a typed one.
  const sections = outline.map((s) => {
    const name = bodyRoot(s.id);
    const blocks = doc.share.has(name) ? readBlocks(doc.getXmlFragment(name), spans) : [];
    blocks.push(...(appended.get(s.id) ?? []));
    return {
      id: s.id,
      title: s.number + s.title,
      level: s.level,
      blocks,
      looseComments: loose.get(s.id) ?? [],
    };
  });
  return { title: String(doc.getMap(META).get('title') ?? ''), sections, comments };
}
