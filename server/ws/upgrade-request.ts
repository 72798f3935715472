import type { IncomingMessage } from 'node:http';
import { parse as parseCookies } from 'hono/utils/cookie';
import { getPath, getQueryParam, tryDecodeURIComponent } from 'hono/utils/url';
import { SESSION_COOKIE } from '../auth/tokens.ts';

/** What admission reads from a WebSocket upgrade request (authenticate.ts). */
export interface UpgradeRequest {
  reportId: string;
  /** `?token=`, decoded. */
  token: string | undefined;
  /** The session cookie's value. */
  cookieToken: string | undefined;
  origin: string | undefined;
  host: string | undefined;
  /** `?acks=1`: the client wants durable acks. */
  acks: boolean;
}

/** `/ws/:reportId`, matched on the decoded path as Hono's router matched it (strict: no trailing slash). */
const WS_ROUTE = /^\/ws\/([^/]+)$/;

/**
 * Reads an upgrade request for `/ws/:reportId`; null when it asks for another path. Any method reads as
 * one (@hono/node-server handed every upgrade to the app as a GET; ws then refuses all but GET with
 * 405, after the checks, as before). The URL, path,
 * query and cookie are decoded with Hono's own helpers, as when this route was a Hono route, so the
 * same request names the same report, token and cookie.
 */
export function readUpgradeRequest(req: IncomingMessage): UpgradeRequest | null {
  const url = absoluteUrl(req.url ?? '/');
  if (!url) return null;
  const match = WS_ROUTE.exec(getPath({ url } as Request));
  if (!match) return null;
  const cookie = header(req, 'cookie');
  return {
    reportId: tryDecodeURIComponent(match[1]!),
    token: getQueryParam(url, 'token') as string | undefined,
    cookieToken: cookie ? parseCookies(cookie, SESSION_COOKIE)[SESSION_COOKIE] : undefined,
    origin: header(req, 'origin'),
    host: header(req, 'host'),
    acks: getQueryParam(url, 'acks') === '1',
  };
}

/** The request target as a normalised absolute URL (dot segments resolved), as @hono/node-server built it. */
function absoluteUrl(target: string): string | null {
  const query = target.indexOf('?');
  const backslash = target.indexOf('\\');
  if (backslash !== -1 && (query === -1 || backslash < query)) return null; // node-server: 400
  try {
    if (target.startsWith('/')) return new URL(`http://localhost${target}`).href;
    if (/^https?:\/\//.test(target)) return new URL(target).href;
  } catch {
    // not a URL
  }
  return null;
}

/** A header's first value (node joins repeated ones, or gives an array for set-cookie). */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
