import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { AppEnv, Deps } from '../context.ts';
import { isHttps } from '../http/client-ip.ts';
import type { User } from '../storage/types.ts';
import { hashToken, newToken, SESSION_COOKIE, SESSION_TTL_MS } from './tokens.ts';

/** A new session for `user`: stored (as a hash), set as the HttpOnly cookie, and returned as the bearer token. */
export function startSession(
  c: Context<AppEnv>,
  { stores }: Deps,
  trusted: (address: string) => boolean,
  user: User,
): string {
  const token = newToken();
  stores.accounts.createSession(hashToken(token), user.id, SESSION_TTL_MS);
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
    secure: isHttps(c, trusted),
  });
  return token;
}

/**
 * Ends every session of the user except `keepToken`'s (a password changed or reset): deleted, and their
 * open sockets (4401) and notification streams closed, as a logout would.
 */
export function endSessionsOf({ stores, sessions }: Deps, userId: string, keepToken?: string): void {
  const ended = stores.accounts.endSessions(userId, keepToken ? hashToken(keepToken) : '');
  for (const tokenHash of ended) sessions.closeAll(tokenHash);
}
