/**
 * The comment ranges a section highlights: its unresolved threads, the selected one (even resolved)
 * and the draft being written, decoded from their anchors. `key` tells whether anything changed, so
 * the editor's decorations are rebuilt only then.
 */
import type { CommentRange } from '../editor/comment-highlight.ts';
import { decodeAnchor, type PlacedThread } from './comments.ts';

export function commentRanges(
  threads: readonly PlacedThread[],
  activeThread: string | null,
  draft: { start: string; end: string } | null,
): { key: string; ranges: CommentRange[] } {
  const shown = threads.filter((x) => !x.resolved || x.id === activeThread);
  const anchors = shown.map((x) => ({ id: x.id, ...x.anchor, draft: false }));
  if (draft) anchors.push({ id: 'draft', ...draft, draft: true });
  const key = JSON.stringify([anchors, activeThread]);
  const ranges = anchors.flatMap((a) => {
    const start = decodeAnchor(a.start);
    const end = decodeAnchor(a.end);
    return start && end ? [{ id: a.id, start, end, active: a.id === activeThread, draft: a.draft }] : [];
  });
  return { key, ranges };
}
