import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { groupNameSchema } from '../../shared/account-schemas.ts';
import { adminOnly } from '../auth/admin-only.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { ApiError, notFound } from '../http/errors.ts';

/** Most groups one server keeps. */
export const MAX_GROUPS = 1000;

const nameTaken = () => new ApiError(409, 'group_exists', '已有同名科室 (a group with this name exists)');

/**
 * Groups of users (科室), under /api/groups. Everyone signed in sees their names and sizes (to add one
 * to a report); only admins see who is in them and change them.
 */
export function groupRoutes({ stores }: Deps) {
  const { groups, accounts } = stores;
  const app = new Hono<AppEnv>();

  app.get('/', (c) => {
    const list = groups.list();
    if (!c.get('user').isAdmin) return c.json({ groups: list });
    const byGroup = new Map<string, string[]>();
    for (const { groupId, userId } of groups.allMemberships()) {
      byGroup.set(groupId, [...(byGroup.get(groupId) ?? []), userId]);
    }
    return c.json({ groups: list.map((g) => ({ ...g, members: byGroup.get(g.id) ?? [] })) });
  });

  app.post('/', adminOnly, async (c) => {
    const { name } = await readJson(c, groupNameSchema);
    if (groups.count() >= MAX_GROUPS)
      throw new ApiError(403, 'quota_groups', `科室数量已达上限（${MAX_GROUPS} 个）(group quota reached)`);
    if (groups.byName(name)) throw nameTaken();
    const group = groups.create({ id: randomUUID(), name, createdAt: Date.now() });
    return c.json({ group: { ...group, memberCount: 0, members: [] } }, 201);
  });

  app.patch('/:id', adminOnly, async (c) => {
    const { name } = await readJson(c, groupNameSchema);
    const id = c.req.param('id');
    if (!groups.byId(id)) throw notFound('group');
    const other = groups.byName(name);
    if (other && other.id !== id) throw nameTaken();
    groups.rename(id, name);
    return c.json({ group: groups.byId(id) });
  });

  app.delete('/:id', adminOnly, (c) => {
    if (!groups.delete(c.req.param('id'))) throw notFound('group');
    return c.body(null, 204);
  });

  app.put('/:id/members/:userId', adminOnly, (c) => {
    const id = c.req.param('id');
    if (!groups.byId(id)) throw notFound('group');
    const user = accounts.byId(c.req.param('userId'));
    if (!user) throw notFound('user');
    groups.addMember(id, user.id);
    return c.body(null, 204);
  });

  app.delete('/:id/members/:userId', adminOnly, (c) => {
    if (!groups.removeMember(c.req.param('id'), c.req.param('userId'))) throw notFound('group member');
    return c.body(null, 204);
  });

  return app;
}
