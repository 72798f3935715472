/**
 * Who may do what with a comment thread, mirroring the server (docs/api.md, Comments), and
 * which threads each filter of the comments panel shows. The server stays the authority.
 */
import type { Role } from '../../../shared/layout.ts';
import { findMentions } from '../../../shared/mentions.ts';
import type { Member } from '../api.ts';
import type { ThreadView } from './comments.ts';
import type { SectionView } from './outline.ts';

/** The panel's filters. */
export type CommentFilter = 'open' | 'resolved' | 'mine';

/** What the rules need to know about the user and the report. */
export interface CommentContext {
  userId: string;
  role: Role | null;
  outline: SectionView[];
  members: Member[];
}

const COMMENTING: (Role | null)[] = ['leader', 'writer', 'commenter'];

/** May this role start threads and reply? */
export const canComment = (role: Role | null): boolean => COMMENTING.includes(role);

const assigneesOf = (thread: ThreadView, ctx: CommentContext): string[] =>
  ctx.outline.find((s) => s.id === thread.sectionId)?.assignees ?? [];

/** Reply, resolve/reopen, edit (own thread body) and delete rights on `thread`. */
export function rightsOn(thread: ThreadView, ctx: CommentContext) {
  const commenting = canComment(ctx.role);
  const leader = ctx.role === 'leader';
  return {
    reply: commenting,
    resolve: commenting && (leader || assigneesOf(thread, ctx).includes(ctx.userId)),
    edit: commenting && thread.author === ctx.userId,
    delete: leader || thread.author === ctx.userId,
  };
}

/** "Mine": threads I started or answered, on my sections, or mentioning me. */
export function concernsMe(thread: ThreadView, ctx: CommentContext): boolean {
  if (thread.author === ctx.userId || thread.replies.some((r) => r.author === ctx.userId)) return true;
  if (assigneesOf(thread, ctx).includes(ctx.userId)) return true;
  const texts = [thread.body, ...thread.replies.map((r) => r.body)];
  return texts.some((text) => findMentions(text, ctx.members).some((m) => m.userId === ctx.userId));
}

/** Does `thread` show under `filter`? */
export function matchesFilter(thread: ThreadView, filter: CommentFilter, ctx: CommentContext): boolean {
  if (filter === 'open') return !thread.resolved;
  if (filter === 'resolved') return thread.resolved;
  return concernsMe(thread, ctx);
}
