import { Hono } from 'hono';
import {
  changePasswordSchema,
  createResetLinkSchema,
  setPasswordSchema,
} from '../../shared/account-schemas.ts';
import { adminOnly } from '../auth/admin-only.ts';
import { issueLink } from '../auth/links.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { checkPassword } from '../auth/password-policy.ts';
import { endSessionsOf } from '../auth/sign-in.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { clientIp, trustedProxies } from '../http/client-ip.ts';
import { ApiError, badRequest, notFound } from '../http/errors.ts';

/**
 * Passwords after sign-up (mounted behind requireUser): a user changes their own (knowing the current
 * one); an admin sets a temporary one or issues a reset link. Each closes the sessions it must.
 */
export function passwordRoutes(deps: Deps, throttle: LoginThrottle) {
  const { stores } = deps;
  const app = new Hono<AppEnv>();
  const trusted = trustedProxies(deps.config.trustProxy);

  // The current password is guessed at no cheaper here than at login: same throttle, same counts.
  app.post('/me/password', async (c) => {
    const me = c.get('user');
    const body = await readJson(c, changePasswordSchema);
    const ip = clientIp(c, trusted);
    const wait = throttle.waitMs(me.username, ip);
    if (wait > 0)
      throw new ApiError(
        429,
        'too_many_attempts',
        '密码错误次数过多，请稍后再试 (too many failed attempts)',
        {
          'retry-after': String(Math.ceil(wait / 1000)),
        },
      );
    if (!(await verifyPassword(body.currentPassword, stores.accounts.passwordHash(me.id) ?? ''))) {
      throttle.failed(me.username, ip);
      throw new ApiError(403, 'wrong_password', '当前密码不正确 (current password is wrong)');
    }
    throttle.succeeded(me.username);
    checkPassword(body.newPassword, me.username);
    if (body.newPassword === body.currentPassword)
      throw badRequest('新密码不能与当前密码相同 (new password equals the current one)');
    stores.accounts.setPassword(me.id, await hashPassword(body.newPassword), false);
    stores.accountLinks.endResets(me.id, Date.now());
    endSessionsOf(deps, me.id, c.get('token'));
    return c.json({ user: stores.accounts.byId(me.id) });
  });

  const target = (id: string, adminId: string) => {
    const user = stores.accounts.byId(id);
    if (!user) throw notFound('user');
    if (user.id === adminId)
      throw badRequest('请在“账号”页修改自己的密码 (change your own password under Account)');
    return user;
  };

  app.put('/users/:id/password', adminOnly, async (c) => {
    const user = target(c.req.param('id'), c.get('user').id);
    const { password } = await readJson(c, setPasswordSchema);
    checkPassword(password, user.username);
    stores.accounts.setPassword(user.id, await hashPassword(password), true);
    stores.accountLinks.endResets(user.id, Date.now());
    endSessionsOf(deps, user.id);
    return c.body(null, 204);
  });

  app.post('/users/:id/reset-link', adminOnly, async (c) => {
    const user = target(c.req.param('id'), c.get('user').id);
    const { hours = 24 } = await readJson(c, createResetLinkSchema);
    stores.accountLinks.endResets(user.id, Date.now());
    const { link, token } = issueLink(deps, {
      kind: 'reset',
      userId: user.id,
      groupId: null,
      createdBy: c.get('user').id,
      hours,
    });
    endSessionsOf(deps, user.id);
    return c.json({ reset: { token, expiresAt: link.expiresAt } }, 201);
  });

  return app;
}
