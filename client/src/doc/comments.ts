/**
 * Comment threads as the client reads them from the `comments` root (written only by the
 * server), placed in reading order through their Yjs relative-position anchors.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { readThreadEntry, type Thread } from '../../../shared/comments.ts';
import { COMMENTS } from '../../../shared/layout.ts';

/** One thread, as stored under `comments/<id>` (shared/comments.ts). */
export type ThreadView = Thread;

/** A thread with its place in the report: reading-order key, and whether its text is gone. */
export interface PlacedThread extends ThreadView {
  /** Outline index, then child indices from the section body down to the anchor's start. */
  order: number[];
  /** The anchored text was deleted (the range collapsed or no longer resolves). */
  detached: boolean;
}

/** Every thread in the doc, in no particular order; malformed entries are left out. */
export function readThreads(doc: Y.Doc): ThreadView[] {
  const out: ThreadView[] = [];
  doc.getMap<unknown>(COMMENTS).forEach((map, id) => {
    const thread = readThreadEntry(id, map);
    if (thread) out.push(thread);
  });
  return out;
}

/** Base64 form of a relative position, as the API takes it. */
export const encodeAnchor = (pos: Y.RelativePosition): string => toBase64(Y.encodeRelativePosition(pos));

/** A relative position from its base64 form; null when it is not one. */
export function decodeAnchor(encoded: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(fromBase64(encoded));
  } catch {
    return null;
  }
}

/** Position of `item` among its parent's live children. */
function indexOf(item: Y.Item): number {
  let index = 0;
  for (let n = item.left; n !== null; n = n.left) if (!n.deleted && n.countable) index += n.length;
  return index;
}

/**
 * Where `pos` sits in document order, as child indices from its root type down (the last one
 * an offset in text). Null when it does not resolve or lies inside deleted content.
 */
export function positionPath(doc: Y.Doc, pos: Y.RelativePosition): number[] | null {
  const abs = Y.createAbsolutePositionFromRelativePosition(pos, doc);
  if (!abs) return null;
  const path = [abs.index];
  // biome-ignore lint/suspicious/noExplicitAny: Yjs types are invariant in their event type
  let type: Y.AbstractType<any> = abs.type;
  while (type._item) {
    const item = type._item;
    if (item.deleted) return null;
    path.unshift(indexOf(item));
    type = item.parent as typeof type;
  }
  return path;
}

/** Lexicographic order of index paths; a prefix comes first. */
export function comparePaths(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Threads in reading order (outline, then position in the section); detached ones by their last place. */
export function placeThreads(doc: Y.Doc, threads: ThreadView[], outline: string[]): PlacedThread[] {
  const sectionAt = new Map(outline.map((id, i) => [id, i]));
  const placed = threads.map((t): PlacedThread => {
    const start = decodeAnchor(t.anchor.start);
    const end = decodeAnchor(t.anchor.end);
    const from = start && positionPath(doc, start);
    const to = end && positionPath(doc, end);
    const detached = !from || !to || comparePaths(from, to) >= 0;
    return { ...t, order: [sectionAt.get(t.sectionId) ?? outline.length, ...(from ?? [])], detached };
  });
  return placed.sort((a, b) => comparePaths(a.order, b.order) || a.createdAt - b.createdAt);
}
