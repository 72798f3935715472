import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { registerSchema } from '../../shared/schemas.ts';
import { hashPassword } from '../auth/password.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { ApiError, forbidden } from '../http/errors.ts';

/** `/api/me` and `/api/users` (mounted behind requireUser). */
export function userRoutes({ stores }: Deps) {
  const { accounts } = stores;
  const app = new Hono<AppEnv>();

  app.get('/me', (c) => c.json({ user: c.get('user') }));

  app.get('/users', (c) =>
    c.json({
      users: accounts.list().map(({ id, username, displayName }) => ({ id, username, displayName })),
    }),
  );

  app.post('/users', async (c) => {
    if (!c.get('user').isAdmin) throw forbidden('只有管理员可以创建用户 (admins only)');
    const body = await readJson(c, registerSchema);
    if (accounts.withPassword(body.username)) throw new ApiError(409, 'username_taken', '用户名已存在');
    const user = accounts.create(
      { id: randomUUID(), username: body.username, displayName: body.displayName, isAdmin: false },
      await hashPassword(body.password),
    );
    return c.json({ user }, 201);
  });

  return app;
}
