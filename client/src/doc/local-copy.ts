/**
 * The browser's own copy of a report (IndexedDB via y-indexeddb), per user and report: edits
 * made offline survive closing the tab and are sent on the next connection. The copy is
 * dropped when the server refuses our writes (only once what it refused is kept for the user, see
 * refused-text.ts) or the report is gone, so refused edits are not replayed forever.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

const nameOf = (userId: string, reportId: string) => `coreport:${userId}:${reportId}`;

/** Keep `doc` in IndexedDB; the copy closes itself when the doc is destroyed. */
export const keepLocally = (doc: Y.Doc, userId: string, reportId: string): IndexeddbPersistence =>
  new IndexeddbPersistence(nameOf(userId, reportId), doc);

/** Delete the local copy (after every doc using it was destroyed); resolves when it is gone. */
export function forgetLocally(userId: string, reportId: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.deleteDatabase(nameOf(userId, reportId));
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    } catch {
      resolve(); // IndexedDB unavailable (private mode): nothing to forget.
    }
  });
}

/** Delete every local copy of `userId` (sign-out: a shared computer must not keep their reports). */
export async function forgetAllLocally(userId: string): Promise<void> {
  const prefix = `coreport:${userId}:`;
  let names: string[] = [];
  try {
    names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(prefix));
  } catch {
    return; // IndexedDB unavailable, or no databases() in this browser: nothing we can list.
  }
  await Promise.all(names.map((name) => forgetLocally(userId, name.slice(prefix.length))));
  try {
    // Refused texts (refused-text.ts) are shown on every visit until dismissed; a shared computer
    // must not keep them after sign-out either.
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(`coreport:refused:${userId}:`)) localStorage.removeItem(key);
    }
  } catch {
    // Storage blocked: nothing was kept there.
  }
}
