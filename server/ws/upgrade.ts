import { type HttpBindings, upgradeWebSocket, type WebSocketLike } from '@hono/node-server';
import type { Context } from 'hono';
import type { WSEvents } from 'hono/ws';

/** The stand-in's header lookup: only ever called for `upgrade`, already checked to be `websocket`. */
const websocketHeader = (name: string) => (name.toLowerCase() === 'upgrade' ? 'websocket' : undefined);

/**
 * Upgrades `c` (a request already checked to carry `Upgrade: websocket`) with @hono/node-server's helper,
 * handing it a minimal stand-in for the request context. The helper's socket listeners keep the context
 * and env they were given alive for as long as the socket is open; the real context holds the Request,
 * its headers, the router match and a Response, and the env the IncomingMessage: about 6 KB per idle
 * connection, for nothing.
 *
 * Relies on what @hono/node-server 2.x does with the context: it reads `req.header('upgrade')`, `env`
 * (the upgrade waiter and `incoming`) and later `req.url`, and marks `env` with the connection's symbol
 * before it returns. The mark is copied to the real env (where the upgrade listener looks for it) and
 * the copy is cleared. If that changed, upgrades would fail outright (every WebSocket test).
 */
export function upgrade(
  c: Context<{ Bindings: HttpBindings }>,
  events: WSEvents<WebSocketLike>,
): Promise<Response> {
  if (!c.env?.incoming) return upgradeWebSocket(c, events); // not served by node-server: its own 500
  const env: Record<string | symbol, unknown> = { ...c.env };
  // Path only: the query holds the token, which has no reason to stay in memory (nothing reads this URL).
  const url = `${new URL(c.req.url).origin}${c.req.path}`;
  const stand = { env, req: { url, header: websocketHeader } };
  const response = upgradeWebSocket(stand as unknown as Context, events);
  Object.assign(c.env, env);
  // Cleared, not deleted: an object that lost properties switches to a larger dictionary layout.
  for (const key of Reflect.ownKeys(env)) env[key] = undefined;
  return response;
}
