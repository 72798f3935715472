import type { SectionInfo } from '../../shared/layout.ts';
import type { NotificationKind } from '../storage/notifications.ts';

export interface WorkflowNotice {
  kind: NotificationKind;
  userIds: string[];
  excerpt: string;
}

const EXCERPT_CHARS = 120;
const cut = (s: string) => (s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS - 1)}…` : s);

/**
 * Who hears about a section change made by `actorId`: newly added assignees (`assigned`), the
 * report's leaders when it is submitted, its assignees when it is approved or returned (with the
 * note). Never the actor themself.
 */
export function workflowNotices(
  before: SectionInfo,
  after: SectionInfo,
  actorId: string,
  leaderIds: string[],
): WorkflowNotice[] {
  const out: WorkflowNotice[] = [];
  const others = (ids: string[]) => [...new Set(ids)].filter((id) => id !== actorId);
  const title = after.title;
  const added = others(after.assignees.filter((id) => !before.assignees.includes(id)));
  if (added.length) out.push({ kind: 'assigned', userIds: added, excerpt: cut(title) });
  if (after.status !== before.status) {
    if (after.status === 'submitted') {
      out.push({ kind: 'submitted', userIds: others(leaderIds), excerpt: cut(title) });
    } else if (after.status === 'approved' || after.status === 'returned') {
      const note = after.status === 'returned' && after.note ? `：${after.note}` : '';
      out.push({ kind: after.status, userIds: others(after.assignees), excerpt: cut(`${title}${note}`) });
    }
  }
  return out.filter((n) => n.userIds.length > 0);
}
