/**
 * Section status transitions, mirroring server/reports/workflow.ts so the UI offers only moves
 * the server accepts. (Both sides would be better served by one copy in shared/.)
 */
import type { SectionStatus } from '../../../shared/layout.ts';

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

/** Statuses the user may move a section to from `from` (leaders and assignees differ). */
export function nextStatuses(from: SectionStatus, leader: boolean, assignee: boolean): SectionStatus[] {
  const out = new Set<SectionStatus>(assignee ? byAssignee[from] : []);
  if (leader) for (const s of byLeader[from]) out.add(s);
  return [...out];
}
