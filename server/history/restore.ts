import { updateYFragment } from '@tiptap/y-tiptap';
import { bodyRoot } from '../../shared/layout.ts';
import type { Room } from '../rooms/room.ts';
import { sectionNode } from './section-content.ts';

/**
 * Puts a section's body back to `json` (a stored version) as one forward server write under `userId`:
 * y-tiptap's updateYFragment (unstable API; y-tiptap is pinned) rewrites only the paragraphs that
 * differ, so unchanged ones keep their identity and the comment anchors in them. Every client gets it
 * as a normal update; nothing outside this section's fragment is touched.
 */
export function restoreSection(room: Room, sectionId: string, json: unknown, userId: string): void {
  const node = sectionNode(json);
  room.change(userId, (doc) => {
    updateYFragment(doc, doc.getXmlFragment(bodyRoot(sectionId)), node, {
      mapping: new Map(),
      isOMark: new Map(),
    });
  });
}
