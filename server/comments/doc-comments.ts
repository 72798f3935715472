import * as Y from 'yjs';
import { type Reply, readThreadEntry, type Thread } from '../../shared/comments.ts';
import { COMMENTS } from '../../shared/layout.ts';

/** The `comments` root: one Y.Map per thread (shared/comments.ts). The server's writes to it. */

export type { Reply, Thread };

export const commentsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(COMMENTS);

export const readThread = (doc: Y.Doc, id: string): Thread | null =>
  readThreadEntry(id, commentsOf(doc).get(id));

export function addThread(doc: Y.Doc, thread: Omit<Thread, 'replies' | 'resolved'>): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(thread)) if (key !== 'id') map.set(key, value);
  map.set('resolved', false);
  map.set('replies', new Y.Array<Reply>());
  commentsOf(doc).set(thread.id, map);
}

export function addReply(doc: Y.Doc, threadId: string, reply: Reply): void {
  const replies = commentsOf(doc).get(threadId)?.get('replies');
  if (replies instanceof Y.Array) replies.push([reply]);
}

export function setThreadFields(
  doc: Y.Doc,
  threadId: string,
  fields: { resolved?: boolean; body?: string },
): void {
  const map = commentsOf(doc).get(threadId);
  if (!map) return;
  if (fields.resolved !== undefined) map.set('resolved', fields.resolved);
  if (fields.body !== undefined) {
    map.set('body', fields.body);
    map.set('editedAt', Date.now());
  }
}

export function deleteThread(doc: Y.Doc, threadId: string): void {
  commentsOf(doc).delete(threadId);
}

/** Threads of a section, for removing them with the section. */
export function threadsOfSection(doc: Y.Doc, sectionId: string): string[] {
  const ids: string[] = [];
  commentsOf(doc).forEach((map, id) => {
    if (map instanceof Y.Map && map.get('sectionId') === sectionId) ids.push(id);
  });
  return ids;
}
