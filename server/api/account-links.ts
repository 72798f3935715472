import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { acceptInviteSchema, acceptResetSchema, linkTokenSchema } from '../../shared/account-schemas.ts';
import { claimLink, invalidLink, openLink } from '../auth/links.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { hashPassword } from '../auth/password.ts';
import { checkPassword } from '../auth/password-policy.ts';
import { endSessionsOf, startSession } from '../auth/sign-in.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { trustedProxies } from '../http/client-ip.ts';
import { ApiError } from '../http/errors.ts';
import type { User } from '../storage/types.ts';

const taken = () => new ApiError(409, 'username_taken', '用户名已存在，请换一个 (username taken)');

/**
 * What a link's holder may do without an account (mounted under /api/auth): look at an invite or reset
 * link, and use it. Tokens travel in JSON bodies, never in URLs, so they stay out of access logs.
 */
export function accountLinkRoutes(deps: Deps, throttle: LoginThrottle) {
  const { stores } = deps;
  const app = new Hono<AppEnv>();
  const trusted = trustedProxies(deps.config.trustProxy);
  const signIn = (c: Context<AppEnv>, user: User) => startSession(c, deps, trusted, user);

  app.post('/invite/check', async (c) => {
    const { token } = await readJson(c, linkTokenSchema);
    const link = openLink(deps, token, 'invite');
    const group = link.groupId ? stores.groups.byId(link.groupId) : null;
    return c.json({
      invite: { expiresAt: link.expiresAt, group: group && { id: group.id, name: group.name } },
    });
  });

  app.post('/invite/accept', async (c) => {
    const body = await readJson(c, acceptInviteSchema);
    const link = openLink(deps, body.token, 'invite');
    checkPassword(body.password, body.username);
    if (stores.accounts.withPassword(body.username)) throw taken();
    const passwordHash = await hashPassword(body.password);
    const user: User = {
      id: randomUUID(),
      username: body.username,
      displayName: body.displayName,
      isAdmin: false,
    };
    try {
      stores.db.transaction(() => {
        claimLink(deps, body.token, 'invite', user.id);
        stores.accounts.create(user, passwordHash);
        if (link.groupId && stores.groups.byId(link.groupId)) stores.groups.addMember(link.groupId, user.id);
      })();
    } catch (err) {
      // The same name chosen by someone else while this password was hashed (the UNIQUE index said so).
      if (!(err instanceof ApiError) && stores.accounts.withPassword(body.username)) throw taken();
      throw err;
    }
    return c.json({ user, token: signIn(c, user) }, 201);
  });

  app.post('/reset/check', async (c) => {
    const { token } = await readJson(c, linkTokenSchema);
    const link = openLink(deps, token, 'reset');
    const user = link.userId ? stores.accounts.byId(link.userId) : null;
    if (!user) throw invalidLink();
    return c.json({
      reset: { expiresAt: link.expiresAt, user: { username: user.username, displayName: user.displayName } },
    });
  });

  app.post('/reset/accept', async (c) => {
    const body = await readJson(c, acceptResetSchema);
    const link = openLink(deps, body.token, 'reset');
    const user = link.userId ? stores.accounts.byId(link.userId) : null;
    if (!user) throw invalidLink();
    checkPassword(body.password, user.username);
    const passwordHash = await hashPassword(body.password);
    stores.db.transaction(() => {
      claimLink(deps, body.token, 'reset', user.id);
      stores.accounts.setPassword(user.id, passwordHash, false);
      stores.accountLinks.endResets(user.id, Date.now());
    })();
    endSessionsOf(deps, user.id);
    throttle.succeeded(user.username);
    const fresh = stores.accounts.byId(user.id)!;
    return c.json({ user: fresh, token: signIn(c, fresh) });
  });

  return app;
}
