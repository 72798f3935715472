import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { cleanUsername } from '../../shared/names.ts';
import { loginSchema, registerSchema } from '../../shared/schemas.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { requireUser } from '../auth/middleware.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/password.ts';
import { checkPassword } from '../auth/password-policy.ts';
import { startSession as signIn } from '../auth/sign-in.ts';
import { hashToken, SESSION_COOKIE } from '../auth/tokens.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { clientIp, trustedProxies } from '../http/client-ip.ts';
import { ApiError, forbidden } from '../http/errors.ts';
import type { User } from '../storage/types.ts';

/** Registration, login and logout. */
export function authRoutes(deps: Deps, throttle: LoginThrottle) {
  const { stores, config, sessions } = deps;
  const { accounts } = stores;
  const app = new Hono<AppEnv>();
  const trusted = trustedProxies(config.trustProxy);

  const startSession = (c: Context<AppEnv>, user: User) => signIn(c, deps, trusted, user);

  app.post('/register', async (c) => {
    const body = await readJson(c, registerSchema);
    // Refused before hashing: a closed sign-up must not be a way to make the server run scrypt.
    const closed = () => forbidden('注册已关闭，请联系管理员 (sign-up is closed; ask an admin)');
    if (!config.allowSignup && accounts.count() > 0) throw closed();
    checkPassword(body.password, body.username);
    const passwordHash = await hashPassword(body.password);
    const fields = { id: randomUUID(), username: body.username, displayName: body.displayName };
    let user = accounts.createFirst({ ...fields, isAdmin: true }, passwordHash);
    if (!user) {
      if (!config.allowSignup) throw closed();
      if (accounts.withPassword(body.username)) throw new ApiError(409, 'username_taken', '用户名已存在');
      user = accounts.create({ ...fields, isAdmin: false }, passwordHash);
    }
    return c.json({ user, token: startSession(c, user) }, 201);
  });

  app.post('/login', async (c) => {
    const body = await readJson(c, loginSchema);
    const ip = clientIp(c, trusted);
    const wait = throttle.waitMs(body.username, ip);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new ApiError(
        429,
        'too_many_attempts',
        `登录失败次数过多，请 ${seconds > 90 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`}后再试 (too many failed sign-ins)`,
        { 'retry-after': String(seconds) },
      );
    }
    const found = accounts.withPassword(cleanUsername(body.username));
    const ok = await verifyPassword(body.password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok) {
      throttle.failed(body.username, ip);
      throw new ApiError(401, 'bad_credentials', '用户名或密码错误 (wrong username or password)');
    }
    throttle.succeeded(body.username);
    return c.json({ user: found.user, token: startSession(c, found.user) });
  });

  app.post('/logout', requireUser(accounts), (c) => {
    const tokenHash = hashToken(c.get('token'));
    accounts.deleteSession(tokenHash);
    sessions.closeAll(tokenHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  return app;
}
