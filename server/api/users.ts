import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { registerSchema } from '../../shared/schemas.ts';
import { hashPassword } from '../auth/password.ts';
import { checkPassword } from '../auth/password-policy.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { ApiError, forbidden } from '../http/errors.ts';
import type { User } from '../storage/types.ts';

/** `/api/me` and `/api/users` (mounted behind requireUser). */
export function userRoutes({ stores }: Deps) {
  const { accounts } = stores;
  const app = new Hono<AppEnv>();

  app.get('/me', (c) => c.json({ user: c.get('user') }));

  // Only the people the caller works with (admins: everyone), so no account can list every username.
  // `?username=` finds one account by its exact name, to add someone new to a report.
  app.get('/users', (c) => {
    const me = c.get('user');
    const asked = c.req.query('username');
    let users: User[];
    if (asked !== undefined) {
      const found = accounts.withPassword(asked.trim())?.user;
      users = found ? [found] : [];
    } else users = me.isAdmin ? accounts.list() : accounts.listSharingWith(me.id);
    // Admins also learn who else is an admin (the admin page marks them).
    return c.json({
      users: users.map(({ id, username, displayName, isAdmin }) =>
        me.isAdmin && isAdmin ? { id, username, displayName, isAdmin } : { id, username, displayName },
      ),
    });
  });

  app.post('/users', async (c) => {
    if (!c.get('user').isAdmin) throw forbidden('只有管理员可以创建用户 (admins only)');
    const body = await readJson(c, registerSchema);
    checkPassword(body.password, body.username);
    if (accounts.withPassword(body.username)) throw new ApiError(409, 'username_taken', '用户名已存在');
    const user = accounts.create(
      { id: randomUUID(), username: body.username, displayName: body.displayName, isAdmin: false },
      await hashPassword(body.password),
    );
    return c.json({ user }, 201);
  });

  return app;
}
