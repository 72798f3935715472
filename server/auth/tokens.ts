import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'session';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** A fresh random session token (what the client holds). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What the server stores: a hash, so a leaked database does not leak live sessions. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** The token of a request: `Authorization: Bearer`, else the session cookie. */
export function tokenFrom(authorization: string | undefined, cookie: string | undefined): string | null {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? cookie ?? null;
}
