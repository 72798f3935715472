/**
 * Who may write which section body, mirroring the server's rule (DESIGN.md, server-side
 * enforcement): leader — any section not approved; writer — assigned sections not approved and
 * not submitted (a section under review is frozen for its writers until a leader returns it).
 * The server is the authority; this only keeps the UI from offering edits it would refuse.
 */
import type { Role, SectionInfo } from '../../../shared/layout.ts';

/** Why an editor is read-only, or `null` when the user may write. */
export type ReadOnlyReason =
  | { kind: 'role' }
  | { kind: 'approved' }
  | { kind: 'submitted' }
  | { kind: 'unassigned' }
  | { kind: 'owned'; by: string[] }
  | null;

/** Decide whether `userId` with `role` may write `section` now. */
export function writeBlock(section: SectionInfo, role: Role | null, userId: string | null): ReadOnlyReason {
  if (role !== 'leader' && role !== 'writer') return { kind: 'role' };
  if (section.status === 'approved') return { kind: 'approved' };
  if (role === 'leader') return null;
  if (userId !== null && section.assignees.includes(userId))
    return section.status === 'submitted' ? { kind: 'submitted' } : null;
  return section.assignees.length === 0 ? { kind: 'unassigned' } : { kind: 'owned', by: section.assignees };
}
