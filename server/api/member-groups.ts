import { Hono } from 'hono';
import { addGroupToReportSchema } from '../../shared/account-schemas.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { notFound } from '../http/errors.ts';
import { membership } from './membership.ts';

/**
 * A leader adds a whole group (科室) to a report: each of its users not yet a member joins with the
 * chosen role. Members already there keep their role (adding 科室 as readers must not demote its leader).
 */
export function memberGroupRoutes(deps: Deps) {
  const { stores, rooms } = deps;
  const app = new Hono<AppEnv>();

  app.post('/:id/members/by-group', async (c) => {
    const { report } = membership(c, deps, ['leader']);
    const { groupId, role } = await readJson(c, addGroupToReportSchema);
    const group = stores.groups.byId(groupId);
    if (!group) throw notFound('group');
    const added: { userId: string; username: string; displayName: string; role: typeof role }[] = [];
    const kept: string[] = [];
    stores.db.transaction(() => {
      for (const user of stores.groups.members(groupId)) {
        if (stores.reports.role(report.id, user.id)) kept.push(user.id);
        else {
          stores.reports.setRole(report.id, user.id, role);
          added.push({ userId: user.id, username: user.username, displayName: user.displayName, role });
        }
      }
    })();
    stores.activity.add(report.id, c.get('user').id, 'member.group', {
      groupId,
      name: group.name,
      role,
      added: added.map((m) => m.userId),
    });
    for (const m of added) rooms.forUser(report.id, (room) => room.setRole(m.userId, role));
    return c.json({ added, kept });
  });

  return app;
}
