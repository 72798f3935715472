/**
 * Comment threads as stored in the `comments` root: one Y.Map per thread, written only by the
 * server (REST) and read live by clients. Shared so that both read an entry the same way.
 */
import * as Y from 'yjs';

/** One reply of a thread. */
export interface Reply {
  id: string;
  author: string;
  body: string;
  createdAt: number;
}

/** One thread, as stored under `comments/<id>` (docs/api.md, Comments). */
export interface Thread {
  id: string;
  sectionId: string;
  /** Base64 `Y.encodeRelativePosition`s of the commented range. */
  anchor: { start: string; end: string };
  quote: string;
  author: string;
  body: string;
  createdAt: number;
  editedAt?: number;
  resolved: boolean;
  replies: Reply[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function readReply(v: unknown): Reply | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  return { id: str(r.id), author: str(r.author), body: str(r.body), createdAt: Number(r.createdAt) || 0 };
}

/** A stored thread entry; null when it is not a thread (malformed fields read as empty). */
export function readThreadEntry(id: string, map: unknown): Thread | null {
  if (!(map instanceof Y.Map)) return null;
  const anchor = map.get('anchor') as { start?: unknown; end?: unknown } | undefined;
  const replies = map.get('replies');
  const editedAt = Number(map.get('editedAt'));
  return {
    id,
    sectionId: str(map.get('sectionId')),
    anchor: { start: str(anchor?.start), end: str(anchor?.end) },
    quote: str(map.get('quote')),
    author: str(map.get('author')),
    body: str(map.get('body')),
    createdAt: Number(map.get('createdAt')) || 0,
    ...(editedAt ? { editedAt } : {}),
    resolved: map.get('resolved') === true,
    replies: replies instanceof Y.Array ? replies.toArray().flatMap((r) => readReply(r) ?? []) : [],
  };
}
