import type { Role } from '../../shared/layout.ts';
import { CloseCode } from '../../shared/protocol.ts';
import { hashToken } from '../auth/tokens.ts';
import type { Deps } from '../context.ts';
import type { User } from '../storage/types.ts';
import type { UpgradeRequest } from './upgrade-request.ts';

export type Admission =
  | {
      ok: true;
      user: User;
      role: Role /** The session's, so logout can close the socket. */;
      tokenHash: string;
    }
  | { ok: false; code: number; reason: string };

/** Is the request's Origin this server itself or listed in ALLOWED_ORIGINS? */
function originAllowed({ origin, host }: UpgradeRequest, allowed: string[]): boolean {
  if (!origin) return false;
  const own = [`http://${host}`, `https://${host}`];
  return own.includes(origin) || allowed.includes(origin);
}

/**
 * Who may open `/ws/:reportId`: a valid token from `?token=`, or the session cookie when the upgrade
 * carries an allowed Origin (a cookie alone would let any web page open sockets as the user).
 */
export function admit(req: UpgradeRequest, { stores, config }: Deps): Admission {
  let token: string | undefined = req.token;
  if (!token && req.cookieToken) {
    if (!originAllowed(req, config.allowedOrigins)) {
      return { ok: false, code: CloseCode.notAuthenticated, reason: 'origin not allowed for cookie sign-in' };
    }
    token = req.cookieToken;
  }
  const tokenHash = token ? hashToken(token) : '';
  const user = token ? stores.accounts.sessionUser(tokenHash) : null;
  if (!user) return { ok: false, code: CloseCode.notAuthenticated, reason: 'not authenticated' };
  const role = stores.reports.role(req.reportId, user.id);
  if (!role) return { ok: false, code: CloseCode.notFound, reason: 'no such report' };
  return { ok: true, user, role, tokenHash };
}
