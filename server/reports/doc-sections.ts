import * as Y from 'yjs';
import {
  bodyRoot,
  META,
  OUTLINE,
  SECTIONS,
  type SectionClosing,
  type SectionInfo,
  type SectionStatus,
} from '../../shared/layout.ts';
import { deleteThread, threadsOfSection } from '../comments/doc-comments.ts';
import { removeSuggestion, suggestionsOfSection } from '../suggestions/doc-suggestions.ts';

/** Reads and writes of the report structure inside the Y.Doc. Callers run them inside `room.change`. */

export const outlineOf = (doc: Y.Doc) => doc.getArray<string>(OUTLINE);
export const sectionsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(SECTIONS);

export function sectionInfo(id: string, map: Y.Map<unknown>): SectionInfo {
  const assignees = map.get('assignees');
  return {
    id,
    title: String(map.get('title') ?? ''),
    level: Number(map.get('level') ?? 1),
    assignees: Array.isArray(assignees) ? assignees.map(String) : [],
    status: (map.get('status') as SectionStatus) ?? 'todo',
    due: (map.get('due') as string | null) ?? null,
    ...(map.get('note') ? { note: String(map.get('note')) } : {}),
    ...(map.get('closing') ? { closing: map.get('closing') as SectionClosing } : {}),
  };
}

/** Sections in reading order. */
export function listSections(doc: Y.Doc): SectionInfo[] {
  const sections = sectionsOf(doc);
  return outlineOf(doc)
    .toArray()
    .flatMap((id) => {
      const map = sections.get(id);
      return map instanceof Y.Map ? [sectionInfo(id, map)] : [];
    });
}

export function getSection(doc: Y.Doc, id: string): SectionInfo | null {
  const map = sectionsOf(doc).get(id);
  return map instanceof Y.Map ? sectionInfo(id, map) : null;
}

/** Index in the outline just after `after` (null or undefined: at the end; '' never happens, ids are checked). */
function insertIndex(outline: Y.Array<string>, after: string | null | undefined): number {
  if (after === undefined) return outline.length;
  if (after === null) return 0;
  const at = outline.toArray().indexOf(after);
  return at < 0 ? -1 : at + 1;
}

export function initReport(doc: Y.Doc, title: string, createdAt: number): void {
  const meta = doc.getMap(META);
  meta.set('title', title);
  meta.set('createdAt', createdAt);
}

/** Adds a section after `after`; false when `after` is not a section. */
export function addSection(doc: Y.Doc, info: SectionInfo, after?: string | null): boolean {
  const outline = outlineOf(doc);
  const at = insertIndex(outline, after);
  if (at < 0) return false;
  const map = new Y.Map<unknown>();
  map.set('title', info.title);
  map.set('level', info.level);
  map.set('assignees', info.assignees);
  map.set('status', info.status);
  map.set('due', info.due);
  sectionsOf(doc).set(info.id, map);
  outline.insert(at, [info.id]);
  return true;
}

export function setSectionFields(
  doc: Y.Doc,
  id: string,
  fields: Partial<Omit<SectionInfo, 'id' | 'note' | 'closing'>> & { note?: string | null },
) {
  const map = sectionsOf(doc).get(id);
  if (!(map instanceof Y.Map)) return;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) map.set(key, value);
  }
}

/** Moves a section after `after` (null: first). False when `after` is unknown or the section itself. */
export function moveSection(doc: Y.Doc, id: string, after: string | null): boolean {
  const outline = outlineOf(doc);
  const from = outline.toArray().indexOf(id);
  if (from < 0 || after === id) return false;
  outline.delete(from, 1);
  const at = insertIndex(outline, after);
  if (at < 0) {
    outline.insert(from, [id]);
    return false;
  }
  outline.insert(at, [id]);
  return true;
}

/** Removes a section from the outline and the sections map, empties its body (root types cannot be removed) and drops its comment threads and suggestions. */
export function deleteSection(doc: Y.Doc, id: string): void {
  const outline = outlineOf(doc);
  const at = outline.toArray().indexOf(id);
  if (at >= 0) outline.delete(at, 1);
  sectionsOf(doc).delete(id);
  const body = doc.getXmlFragment(bodyRoot(id));
  if (body.length) body.delete(0, body.length);
  for (const threadId of threadsOfSection(doc, id)) deleteThread(doc, threadId);
  for (const sid of suggestionsOfSection(doc, id)) removeSuggestion(doc, sid);
}

/** Removes a user from every section's assignees. */
export function unassignEverywhere(doc: Y.Doc, userId: string): void {
  sectionsOf(doc).forEach((map) => {
    const assignees = map.get('assignees');
    if (Array.isArray(assignees) && assignees.includes(userId)) {
      map.set(
        'assignees',
        assignees.filter((id) => id !== userId),
      );
    }
  });
}
