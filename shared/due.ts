/**
 * Due dates are calendar days ('YYYY-MM-DD'). A section is overdue once the day after its due
 * date has begun while it is still being written (not submitted, not approved), the same rule
 * as the server's overdue notice (server/notifications/due-check.ts).
 */
import type { SectionStatus } from './layout.ts';

/** The local calendar day of `at` as 'YYYY-MM-DD'. */
export function dayOf(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Whether a section due on `due` (or never) in `status` is late on `today` ('YYYY-MM-DD'). */
export function isOverdue(
  section: { due: string | null | undefined; status: SectionStatus },
  today: string,
): boolean {
  if (!section.due || section.status === 'submitted' || section.status === 'approved') return false;
  // ISO calendar days compare as strings.
  return section.due < today;
}
