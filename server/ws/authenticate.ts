import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '../../shared/layout.ts';
import { CloseCode } from '../../shared/protocol.ts';
import { hashToken, SESSION_COOKIE } from '../auth/tokens.ts';
import type { Deps } from '../context.ts';
import type { User } from '../storage/types.ts';

export type Admission =
  | {
      ok: true;
      user: User;
      role: Role /** The session's, so logout can close the socket. */;
      tokenHash: string;
    }
  | { ok: false; code: number; reason: string };

/** Is `origin` this server itself or listed in ALLOWED_ORIGINS? */
function originAllowed(c: Context, allowed: string[]): boolean {
  const origin = c.req.header('origin');
  if (!origin) return false;
  const host = c.req.header('host');
  const own = [`http://${host}`, `https://${host}`];
  return own.includes(origin) || allowed.includes(origin);
}

/**
 * Who may open `/ws/:reportId`: a valid token from `?token=`, or the session cookie when the upgrade
 * carries an allowed Origin (a cookie alone would let any web page open sockets as the user).
 */
export function admit(c: Context, { stores, config }: Deps, reportId: string): Admission {
  const queryToken = c.req.query('token');
  const cookieToken = getCookie(c, SESSION_COOKIE);
  let token: string | undefined = queryToken;
  if (!token && cookieToken) {
    if (!originAllowed(c, config.allowedOrigins)) {
      return { ok: false, code: CloseCode.notAuthenticated, reason: 'origin not allowed for cookie sign-in' };
    }
    token = cookieToken;
  }
  const tokenHash = token ? hashToken(token) : '';
  const user = token ? stores.accounts.sessionUser(tokenHash) : null;
  if (!user) return { ok: false, code: CloseCode.notAuthenticated, reason: 'not authenticated' };
  const role = stores.reports.role(reportId, user.id);
  if (!role) return { ok: false, code: CloseCode.notFound, reason: 'no such report' };
  return { ok: true, user, role, tokenHash };
}
