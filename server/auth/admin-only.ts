import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { forbidden } from '../http/errors.ts';

/** 403 for anyone but an admin (after requireUser). */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('user').isAdmin) throw forbidden('只有管理员可以执行此操作 (admins only)');
  await next();
};
