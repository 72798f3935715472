import { getSection } from '../reports/doc-sections.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import type { Stores } from '../storage/index.ts';
import type { NotificationHub } from './hub.ts';

/** The local calendar day of `at` as 'YYYY-MM-DD' (due dates are calendar days of the server's zone). */
export function dayOf(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Sends one `overdue` notice to the assignees and leaders of every section whose due date has
 * passed (the day after it has begun) while it is neither submitted nor approved. Each due date
 * fires once; the section is read from the live doc, so a date changed meanwhile is not reported.
 */
export function checkDue(
  deps: { stores: Stores; rooms: RoomRegistry; notifications: NotificationHub },
  now = Date.now(),
): number {
  const { stores, rooms, notifications } = deps;
  let sent = 0;
  for (const reminder of stores.dueReminders.passed(dayOf(now))) {
    stores.dueReminders.markSent(reminder, now);
    if (!stores.reports.byId(reminder.reportId)) continue;
    const section = getSection(rooms.get(reminder.reportId).doc, reminder.sectionId);
    if (!section || section.due !== reminder.due) continue;
    if (section.status === 'submitted' || section.status === 'approved') continue;
    const leaders = stores.reports
      .members(reminder.reportId)
      .filter((m) => m.role === 'leader')
      .map((m) => m.userId);
    notifications.notify([...section.assignees, ...leaders], (userId) => ({
      userId,
      reportId: reminder.reportId,
      kind: 'overdue',
      commentId: '',
      sectionId: section.id,
      actorId: null,
      excerpt: `${section.title}（截止 ${section.due}）`,
    }));
    sent++;
  }
  return sent;
}
