import { findMentions, type Mentionable } from '../../shared/mentions.ts';
import type { NotificationKind } from '../storage/notifications.ts';

/**
 * Who hears about a new comment, and why — each user once. A mention outranks the other reasons,
 * and the author never notifies themself.
 */
export function recipients(
  authorId: string,
  body: string,
  members: Mentionable[],
  others: { userIds: string[]; kind: NotificationKind },
): Map<string, NotificationKind> {
  const out = new Map<string, NotificationKind>();
  const memberIds = new Set(members.map((m) => m.userId));
  for (const id of others.userIds) if (memberIds.has(id)) out.set(id, others.kind);
  for (const m of findMentions(body, members)) out.set(m.userId, 'mention');
  out.delete(authorId);
  return out;
}
