import { Hono } from 'hono';
import { CloseCode } from '../../shared/protocol.ts';
import { memberRoleSchema } from '../../shared/schemas.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { conflict, notFound } from '../http/errors.ts';
import { unassignEverywhere } from '../reports/doc-sections.ts';
import { membership } from './membership.ts';

/** Leaders add members, change roles and remove members; open sockets follow at once. */
export function memberRoutes(deps: Deps) {
  const { stores, rooms } = deps;
  const app = new Hono<AppEnv>();

  const keepOneLeader = (reportId: string, userId: string) => {
    if (stores.reports.role(reportId, userId) === 'leader' && stores.reports.leaderCount(reportId) === 1) {
      throw conflict('报告至少需要一位牵头人 (a report needs at least one leader)');
    }
  };

  app.put('/:id/members/:userId', async (c) => {
    const { report } = membership(c, deps, ['leader']);
    const { role } = await readJson(c, memberRoleSchema);
    const userId = c.req.param('userId');
    const user = stores.accounts.byId(userId);
    if (!user) throw notFound('user');
    if (role !== 'leader') keepOneLeader(report.id, userId);
    stores.reports.setRole(report.id, userId, role);
    stores.activity.add(report.id, c.get('user').id, 'member.role', { userId, role });
    rooms.forUser(report.id, (room) => room.setRole(userId, role));
    return c.json({ member: { userId, username: user.username, displayName: user.displayName, role } });
  });

  app.delete('/:id/members/:userId', (c) => {
    const { report } = membership(c, deps, ['leader']);
    const userId = c.req.param('userId');
    keepOneLeader(report.id, userId);
    if (!stores.reports.removeMember(report.id, userId)) throw notFound('member');
    stores.activity.add(report.id, c.get('user').id, 'member.remove', { userId });
    // A removed member no longer owns sections; leaders see them unassigned and can reassign.
    rooms.get(report.id).change(c.get('user').id, (doc) => unassignEverywhere(doc, userId));
    rooms.forUser(report.id, (room) => room.closeUser(userId, CloseCode.notFound, 'removed from report'));
    return c.body(null, 204);
  });

  return app;
}
