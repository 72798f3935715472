import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { NotOwner } from '../storage/postgres/doc-store.ts';
import { PgQueryError } from '../storage/postgres/sync-client.ts';

/** The one error type handlers throw; rendered as `{"error":{"code","message"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
export const unauthorized = () => new ApiError(401, 'unauthorized', '请先登录 (not signed in)');
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** What anything thrown in a handler is answered with: status, JSON body and extra headers. */
export function errorReply(err: Error): {
  status: ContentfulStatusCode;
  body: ReturnType<typeof errorBody>;
  headers?: Record<string, string>;
} {
  if (err instanceof ApiError)
    return { status: err.status, body: errorBody(err.code, err.message), headers: err.headers };
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'too_large' : status === 401 ? 'unauthorized' : 'http_error';
    return { status, body: errorBody(code, err.message || 'request refused') };
  }
  // Cluster mode: the report moved between routing and serving (a hop is never passed on): try again.
  if (err instanceof NotOwner)
    return {
      status: 503,
      body: errorBody('report_moved', 'the report moved to another node, try again'),
      headers: { 'retry-after': '1' },
    };
  // Cluster mode: PostgreSQL unreachable or restarting (no answer, a socket error such as ECONNREFUSED,
  // or a connection/shutdown/startup SQLSTATE): nothing was changed; try again.
  if (
    err instanceof PgQueryError &&
    (err.code === null || !/^[0-9A-Z]{5}$/.test(err.code) || /^(08|57P|53)/.test(err.code))
  )
    return {
      status: 503,
      body: errorBody('storage_unavailable', 'storage is unreachable, try again'),
      headers: { 'retry-after': '1' },
    };
  console.error('unhandled error', err);
  return { status: 500, body: errorBody('internal', 'internal server error') };
}

/** Maps anything thrown in a handler to the JSON error shape. */
export function onError(err: Error, c: Context) {
  const { status, body, headers } = errorReply(err);
  return c.json(body, status, headers);
}
