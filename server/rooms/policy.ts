import * as Y from 'yjs';
import { type Role, SECTIONS, sectionOfRoot } from '../../shared/layout.ts';
import { writeRefusal } from '../../shared/workflow.ts';

export type Verdict = { ok: true } | { ok: false; reason: string };

const ok: Verdict = { ok: true };

/** May `userId` with `role` write the section now? Read live from the doc, so reassignment applies at once. */
export function maySection(doc: Y.Doc, role: Role, userId: string, sectionId: string): Verdict {
  if (role !== 'leader' && role !== 'writer') return { ok: false, reason: `role ${role} is read-only` };
  const section = doc.getMap<Y.Map<unknown>>(SECTIONS).get(sectionId);
  if (!(section instanceof Y.Map)) return { ok: false, reason: `section ${sectionId} does not exist` };
  const assignees = section.get('assignees');
  const reason = writeRefusal(
    { status: section.get('status') as string, assignees: Array.isArray(assignees) ? assignees : [] },
    role,
    userId,
  );
  return reason === null ? ok : { ok: false, reason: `section ${sectionId} ${reason}` };
}

/** May the user write every one of these roots? Clients write only `body:<sid>` roots. */
export function mayWriteRoots(doc: Y.Doc, role: Role, userId: string, roots: Iterable<string>): Verdict {
  for (const root of roots) {
    const sectionId = sectionOfRoot(root);
    if (sectionId === null) return { ok: false, reason: `${root} is written by the server only` };
    const verdict = maySection(doc, role, userId, sectionId);
    if (!verdict.ok) return verdict;
  }
  return ok;
}

/** Roles that may send document updates at all. */
export const canEdit = (role: Role): boolean => role === 'leader' || role === 'writer';
