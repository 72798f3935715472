import * as Y from 'yjs';
import { SECTIONS, sectionOfRoot } from '../../shared/layout.ts';
import type { Room } from '../rooms/room.ts';
import type { ActivityStore } from '../storage/activity.ts';
import type { User } from '../storage/types.ts';
import { getSection, setSectionFields } from './doc-sections.ts';

/** The first edit by an assignee moves a section from `todo` to `drafting`. */
export function autoDrafting(activity: ActivityStore) {
  return (room: Room, user: User, roots: string[]) => {
    const sections = room.doc.getMap<unknown>(SECTIONS);
    for (const root of roots) {
      const sid = sectionOfRoot(root);
      // Runs after every keystroke: look at the status alone before reading the whole section.
      const map = sid ? sections.get(sid) : null;
      if (!sid || !(map instanceof Y.Map) || map.get('status') !== 'todo') continue;
      const section = getSection(room.doc, sid);
      if (section?.status !== 'todo' || !section.assignees.includes(user.id)) continue;
      room.change(null, (doc) => setSectionFields(doc, sid, { status: 'drafting' }));
      activity.add(room.reportId, user.id, 'section.drafting', { sectionId: sid });
    }
  };
}
