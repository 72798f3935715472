import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { createCommentSchema, replySchema, updateCommentSchema } from '../../shared/schemas.ts';
import { anchorInSection } from '../comments/anchors.ts';
import {
  addReply,
  addThread,
  deleteThread,
  readThread,
  setThreadFields,
  type Thread,
} from '../comments/doc-comments.ts';
import { recipients } from '../comments/recipients.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { getSection } from '../reports/doc-sections.ts';
import type { NotificationKind } from '../storage/notifications.ts';
import { membership } from './membership.ts';

const newId = () => `c${randomBytes(8).toString('base64url').replace(/[-_]/g, 'x')}`;
const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);
const COMMENTING = ['leader', 'writer', 'commenter'] as const;

/** Comment threads: written by the server into the `comments` map, so they travel live through Yjs. */
export function commentRoutes(deps: Deps) {
  const { stores, rooms, notifications } = deps;
  const app = new Hono<AppEnv>();
  // COMMENT_BURST (30) comment actions at once, then 20 a minute, per user.
  const limiter = new RateLimiter(deps.config.commentBurst, 20);

  const thread = (reportId: string, cid: string): Thread => {
    const found = readThread(rooms.get(reportId).doc, cid);
    if (!found) throw notFound('comment');
    return found;
  };

  const notify = (
    reportId: string,
    t: Thread,
    actorId: string,
    body: string,
    why: Map<string, NotificationKind>,
  ) =>
    notifications.notify(why.keys(), (userId) => ({
      userId,
      reportId,
      kind: why.get(userId)!,
      commentId: t.id,
      sectionId: t.sectionId,
      actorId,
      excerpt: excerpt(body),
    }));

  app.post('/:id/comments', async (c) => {
    const { report } = membership(c, deps, [...COMMENTING]);
    const body = await readJson(c, createCommentSchema);
    const user = c.get('user');
    const room = rooms.get(report.id);
    const section = getSection(room.doc, body.sectionId);
    if (!section) throw badRequest(`sectionId: no section ${body.sectionId}`);
    if (!anchorInSection(room.doc, body.sectionId, body.anchor)) {
      throw badRequest('anchor: start and end must be relative positions inside the section');
    }
    limiter.take(user.id);
    const t: Thread = {
      id: newId(),
      sectionId: body.sectionId,
      anchor: body.anchor,
      quote: body.quote,
      author: user.id,
      body: body.body,
      createdAt: Date.now(),
      resolved: false,
      replies: [],
    };
    room.change(user.id, (doc) => addThread(doc, t));
    stores.activity.add(report.id, user.id, 'comment.create', { commentId: t.id, sectionId: t.sectionId });
    const members = stores.reports.members(report.id);
    notify(
      report.id,
      t,
      user.id,
      t.body,
      recipients(user.id, t.body, members, { userIds: section.assignees, kind: 'thread' }),
    );
    return c.json({ comment: t }, 201);
  });

  app.post('/:id/comments/:cid/replies', async (c) => {
    const { report } = membership(c, deps, [...COMMENTING]);
    const { body } = await readJson(c, replySchema);
    const user = c.get('user');
    const t = thread(report.id, c.req.param('cid'));
    limiter.take(user.id);
    const reply = { id: newId(), author: user.id, body, createdAt: Date.now() };
    rooms.get(report.id).change(user.id, (doc) => addReply(doc, t.id, reply));
    const participants = [t.author, ...t.replies.map((r) => r.author)];
    const members = stores.reports.members(report.id);
    notify(
      report.id,
      t,
      user.id,
      body,
      recipients(user.id, body, members, { userIds: participants, kind: 'reply' }),
    );
    return c.json({ reply }, 201);
  });

  app.patch('/:id/comments/:cid', async (c) => {
    const { report, role } = membership(c, deps, [...COMMENTING]);
    const body = await readJson(c, updateCommentSchema);
    const user = c.get('user');
    // Edits and resolving share the writing budget: each one rewrites the thread in the doc.
    limiter.take(user.id);
    const room = rooms.get(report.id);
    const t = thread(report.id, c.req.param('cid'));
    if (body.resolved !== undefined) {
      const assignees = getSection(room.doc, t.sectionId)?.assignees ?? [];
      if (role !== 'leader' && !assignees.includes(user.id)) {
        throw forbidden('只有牵头人或章节负责人可以解决评论 (leader or the section’s assignees only)');
      }
    }
    if (body.body !== undefined && t.author !== user.id)
      throw forbidden('只能编辑自己的评论 (only your own comment)');
    room.change(user.id, (doc) => setThreadFields(doc, t.id, body));
    if (body.resolved !== undefined) {
      stores.activity.add(report.id, user.id, body.resolved ? 'comment.resolve' : 'comment.reopen', {
        commentId: t.id,
      });
    }
    return c.json({ comment: readThread(room.doc, t.id) });
  });

  app.delete('/:id/comments/:cid', (c) => {
    const { report, role } = membership(c, deps);
    const user = c.get('user');
    limiter.take(user.id);
    const t = thread(report.id, c.req.param('cid'));
    if (role !== 'leader' && t.author !== user.id)
      throw forbidden('只有作者或牵头人可以删除评论 (author or leader only)');
    rooms.get(report.id).change(user.id, (doc) => deleteThread(doc, t.id));
    stores.activity.add(report.id, user.id, 'comment.delete', { commentId: t.id });
    return c.body(null, 204);
  });

  return app;
}
