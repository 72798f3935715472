/**
 * Deleting a report: it goes to a trash for `TRASH_MS` (30 days), where an admin can restore it,
 * then it is purged for good. While in the trash it does not exist for anyone (404 to REST, 4404
 * to sockets: reconnecting cannot help), so its open sockets are closed with 4404 at once.
 */
import { CloseCode } from '../../shared/close-codes.ts';
import type { Deps } from '../context.ts';

export const TRASH_MS = 30 * 24 * 60 * 60 * 1000;
/** How often the trash is checked for reports past their 30 days. */
export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** Trashes a report and closes its sockets. False when it was not a live report. */
export function trashReport(
  { stores, rooms }: Deps,
  reportId: string,
  userId: string,
  now = Date.now(),
): boolean {
  if (!stores.reports.trash(reportId, userId, now)) return false;
  const room = rooms.peek(reportId);
  for (const conn of [...(room?.connections ?? [])]) conn.close(CloseCode.notFound, 'report deleted');
  return true;
}

/** Purges what has been in the trash longer than `TRASH_MS`; the purged ids. */
export const purgeTrash = ({ stores }: Deps, now = Date.now()): string[] =>
  stores.reports.purge(now - TRASH_MS);
