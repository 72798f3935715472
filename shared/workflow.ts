import type { SectionStatus } from './layout.ts';

/**
 * The section workflow: todo → drafting (first edit by an assignee) → submitted (by an assignee) →
 * approved (leader; locked) or returned (leader; editable again, resubmitted by an assignee).
 * One table for server (which enforces it) and client (which offers only moves the server accepts).
 */
const byLeader: Record<SectionStatus, SectionStatus[]> = {
  todo: ['drafting'],
  drafting: ['submitted'],
  submitted: ['approved', 'returned'],
  approved: ['returned'],
  returned: ['submitted'],
};

const byAssignee: Record<SectionStatus, SectionStatus[]> = {
  todo: [],
  drafting: ['submitted'],
  submitted: [],
  approved: [],
  returned: ['submitted'],
};

export type Actor = 'leader' | 'assignee';

/** Null when allowed, else why not (for a 409). */
export function transitionError(from: SectionStatus, to: SectionStatus, actor: Actor): string | null {
  if (from === to) return null;
  const allowed = (actor === 'leader' ? byLeader : byAssignee)[from];
  if (allowed.includes(to)) return null;
  const who = actor === 'leader' ? 'a leader' : 'an assignee';
  return `${who} cannot move a section from ${from} to ${to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
}

/** Statuses the user may move a section to from `from` (leaders and assignees differ). */
export function nextStatuses(from: SectionStatus, leader: boolean, assignee: boolean): SectionStatus[] {
  const out = new Set<SectionStatus>(assignee ? byAssignee[from] : []);
  if (leader) for (const s of byLeader[from]) out.add(s);
  return [...out];
}

/**
 * Why `userId` (a leader or writer) may not write a section in this state, or null when they may:
 * approved sections are locked for everyone, submitted ones for their writers (frozen under review
 * until a leader returns them), and a writer writes only the sections assigned to them.
 */
export function writeRefusal(
  section: { status: string; assignees: readonly unknown[] },
  role: 'leader' | 'writer',
  userId: string,
): string | null {
  if (section.status === 'approved') return 'is approved (locked)';
  if (role === 'leader') return null;
  if (!section.assignees.includes(userId)) return 'is assigned to someone else';
  if (section.status === 'submitted') return 'is submitted for review (frozen until a leader returns it)';
  return null;
}
