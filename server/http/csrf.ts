/**
 * Cross-site request forgery guard for the REST API. The session cookie is SameSite=Lax, which a
 * page on another port of the same host (same *site*) or a sibling subdomain still gets sent with, so
 * every state-changing request (anything but GET/HEAD/OPTIONS), login and registration included:
 * - must come from this server's own origin or one in ALLOWED_ORIGINS: `Origin` when the browser sends
 *   it, else `Sec-Fetch-Site` must be `same-origin` or `none` (typed in, bookmarks); a request with
 *   neither is not from a browser (curl, scripts), where there is no ambient cookie to abuse;
 * - must carry its body as `application/json` (415 otherwise): a form or `fetch(…, {mode:'no-cors'})`
 *   can only send text/plain, urlencoded or multipart without a CORS preflight, which this server
 *   never grants. The import route also takes raw files and multipart uploads; the origin check
 *   alone guards it.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UPLOAD_TYPES = new Set([
  'multipart/form-data',
  'text/plain',
  'text/markdown',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

/** The origins this request would have if it came from our own pages (scheme left open: a TLS proxy may sit in front). */
function isOwnOrigin(c: Context, origin: string): boolean {
  const host = c.req.header('host');
  return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

const crossSite = () =>
  new ApiError(403, 'cross_site', '拒绝跨站请求：请在本系统的页面中操作 (cross-site request refused)');

/** `uploadPaths`: routes whose bodies may be files rather than JSON. */
export function csrfGuard(allowedOrigins: string[], uploadPaths: string[]): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      if (!isOwnOrigin(c, origin) && !allowedOrigins.includes(origin)) throw crossSite();
    } else {
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') throw crossSite();
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const hasBody =
      type !== '' || Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding');
    const upload = uploadPaths.includes(c.req.path);
    if (hasBody && type !== 'application/json' && !(upload && UPLOAD_TYPES.has(type))) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        upload
          ? '不支持的上传类型：请上传 .txt、.md 或 .docx 文件'
          : '请求体必须是 JSON（Content-Type: application/json）',
      );
    }
    return next();
  };
}
