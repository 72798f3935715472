import { Hono } from 'hono';
import { createInviteSchema } from '../../shared/account-schemas.ts';
import { adminOnly } from '../auth/admin-only.ts';
import { issueLink } from '../auth/links.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { notFound } from '../http/errors.ts';

/** Invites listed: those of the last 30 days, at most this many. */
const LISTED_DAYS = 30;
const LISTED_MAX = 200;

/** Admins make, list and revoke invite links (under /api/invites); using one: api/account-links.ts. */
export function inviteRoutes(deps: Deps) {
  const { stores } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', adminOnly);

  app.post('/', async (c) => {
    const { hours = 72, groupId = null } = await readJson(c, createInviteSchema);
    if (groupId && !stores.groups.byId(groupId)) throw notFound('group');
    const { link, token } = issueLink(deps, {
      kind: 'invite',
      userId: null,
      groupId,
      createdBy: c.get('user').id,
      hours,
    });
    return c.json({ invite: { ...link, token } }, 201);
  });

  app.get('/', (c) => {
    const since = Date.now() - LISTED_DAYS * 24 * 3600_000;
    return c.json({ invites: stores.accountLinks.invites(since, LISTED_MAX) });
  });

  app.delete('/:id', (c) => {
    if (!stores.accountLinks.revoke(c.req.param('id'), Date.now())) throw notFound('open invite');
    return c.body(null, 204);
  });

  return app;
}
