import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { Deps } from '../context.ts';
import { trustedProxies } from '../http/client-ip.ts';
import { errorBody } from '../http/errors.ts';
import { ownerOf } from '../storage/postgres/leases.ts';
import { clientAddress, signedHop } from './forward-upgrade.ts';
import { CLIENT_IP_HEADER, HOP_HEADER, signHop } from './hop.ts';

const REPORT_PATH = /^\/api\/reports\/([^/]+)/;

/** Hop-by-hop headers (RFC 9110 §7.6.1) and what fetch sets itself: not passed on. */
const SKIP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'te',
]);

/** A REST change waits at most this long for its append to commit before it answers 503. */
const STORE_WAIT_MS = 5000;

/**
 * Serves the call on this node; a change it made to the live doc is answered only once committed
 * (PostgreSQL appends asynchronously, SQLite before `change` returns), so a client that got its answer
 * finds the change stored and relayed.
 */
async function serveHere(
  deps: Deps,
  reportId: string,
  c: Context,
  next: Next,
): Promise<Response | undefined> {
  await next();
  const room = deps.rooms.peek(reportId);
  if (!room || room.stored) return;
  let timer: NodeJS.Timeout | undefined;
  const stored = await Promise.race([
    room.whenStored().then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), STORE_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!stored) {
    c.res = c.json(
      errorBody('storage_unavailable', 'storage is failing; the change is kept and saved on recovery'),
      503,
    );
  }
}

/**
 * Cluster mode: a REST call on a report another node owns is passed to that node (which holds the live
 * doc the call reads or changes) and its answer returned as is. A forwarded call is served where it
 * lands: never a second hop.
 */
export function forwardReportCalls(deps: Deps): MiddlewareHandler<{ Bindings: HttpBindings }> {
  const cluster = deps.config.cluster!;
  const storage = deps.stores.cluster!;
  const trusted = trustedProxies(deps.config.trustProxy);
  return async (c, next) => {
    const reportId = REPORT_PATH.exec(c.req.path)?.[1];
    const incoming = c.env?.incoming;
    if (!reportId || !incoming) return next();
    const here = () => serveHere(deps, decodeURIComponent(reportId), c, next);
    if (signedHop(cluster, incoming) !== null) return here(); // forwarded here: served here
    const ip = clientAddress(cluster, trusted, incoming);
    let owner: Awaited<ReturnType<typeof ownerOf>>;
    try {
      owner = await ownerOf(storage.pool, decodeURIComponent(reportId));
    } catch {
      return here(); // PostgreSQL unreachable: answered here (503)
    }
    if (!owner || owner.nodeId === cluster.nodeId) return here();
    const path = incoming.url ?? c.req.path;
    const headers = new Headers();
    for (const [name, value] of c.req.raw.headers) {
      if (!SKIP.has(name) && name !== HOP_HEADER && name !== CLIENT_IP_HEADER) headers.set(name, value);
    }
    const hop = signHop(cluster.secret, cluster.nodeId, ip ?? 'unknown', c.req.method, path);
    for (const [name, value] of Object.entries(hop)) headers.set(name, value);
    const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    const answer = await fetch(`${owner.url}${path}`, {
      method: c.req.method,
      headers,
      body: hasBody ? await c.req.arrayBuffer() : undefined,
      redirect: 'manual',
    });
    const out = new Headers(answer.headers);
    out.delete('content-encoding'); // fetch has decoded the body
    out.delete('content-length');
    out.delete('transfer-encoding');
    return new Response(answer.body, { status: answer.status, headers: out });
  };
}
