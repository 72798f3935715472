import * as Y from 'yjs';
import type { Role, SectionClosing, SectionInfo } from '../../shared/layout.ts';
import { writeRefusal } from '../../shared/workflow.ts';
import type { Room } from '../rooms/room.ts';
import { getSection, sectionsOf } from './doc-sections.ts';
import { writersOf } from './recent-writers.ts';

/**
 * Rights changes while someone types (issue 12). A status or assignment change that takes away the
 * right to write a section from someone writing it right now is announced in the doc first (the
 * section's `closing` field: who, what, until when, whom it stops), so their client can say "stop
 * typing"; the change is applied once that grace period is over and everything they sent by then is
 * stored, so nothing they saw saved is cut in half.
 */

/** Users (not the actor) writing `before` now who may write it now and may not after the change. */
export function writersCut(
  room: Room,
  before: SectionInfo,
  after: Pick<SectionInfo, 'status' | 'assignees'>,
  actorId: string,
  roleOf: (userId: string) => Role | null,
): string[] {
  return [...writersOf(room, before.id)].filter((userId) => {
    const role = roleOf(userId);
    if (userId === actorId || (role !== 'leader' && role !== 'writer')) return false;
    return writeRefusal(before, role, userId) === null && writeRefusal(after, role, userId) !== null;
  });
}

/**
 * Announces the change in the section's `closing` field, waits `ms`, then runs `recheck` on the
 * section as it is now (it throws to give up; the announcement is then removed). The caller applies
 * the change, removing the announcement in the same transaction (`clearClosing`).
 */
export async function graceFor(
  room: Room,
  sid: string,
  ms: number,
  change: Omit<SectionClosing, 'until'> & { recheck: (now: SectionInfo | null) => void },
): Promise<void> {
  const { recheck, ...announced } = change;
  const closing: SectionClosing = { ...announced, until: Date.now() + ms };
  try {
    room.change(closing.byId, (doc) => {
      const map = sectionsOf(doc).get(sid);
      if (map instanceof Y.Map) map.set('closing', closing);
    });
    await new Promise((resolve) => setTimeout(resolve, ms));
    recheck(getSection(room.doc, sid));
  } catch (err) {
    try {
      room.change(null, (doc) => clearClosing(doc, sid));
    } catch {
      // Storage failing: a stale announcement is ignored by clients once its `until` has passed.
    }
    throw err;
  }
}

/** Removes the announcement (in the transaction that applies the change, or after it failed). */
export function clearClosing(doc: Y.Doc, sid: string): void {
  const map = sectionsOf(doc).get(sid);
  if (map instanceof Y.Map && map.has('closing')) map.delete('closing');
}
