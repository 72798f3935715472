import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../context.ts';
import { unauthorized } from '../http/errors.ts';
import type { AccountStore } from '../storage/accounts.ts';
import { hashToken, SESSION_COOKIE, tokenFrom } from './tokens.ts';

/** Resolves the caller from a bearer token or the session cookie; 401 otherwise. */
export function requireUser(accounts: AccountStore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = tokenFrom(c.req.header('authorization'), getCookie(c, SESSION_COOKIE));
    const user = token ? accounts.sessionUser(hashToken(token)) : null;
    if (!user || !token) throw unauthorized();
    c.set('user', user);
    c.set('token', token);
    await next();
  };
}
