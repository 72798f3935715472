import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { WebSocket } from 'ws';
import { clientAddress } from '../cluster/forward-upgrade.ts';
import type { Deps } from '../context.ts';
import { trustedProxies } from '../http/client-ip.ts';
import { admit } from './authenticate.ts';
import { Heartbeat } from './heartbeat.ts';
import { SocketGate } from './socket-limits.ts';
import { SocketSession } from './socket-session.ts';
import { upgrade } from './upgrade.ts';

type WsEnv = { Bindings: HttpBindings };

/**
 * `GET /ws/:reportId`: adapts a socket to its room. Everything is decided before the 101: attempt
 * throttling and socket caps answer HTTP 429 (a stock client retries with backoff); the token and
 * membership are checked too, but their refusals are sent as close codes 4401/4404 after the upgrade,
 * because browsers cannot read the status of a refused upgrade.
 */
export function wsRoutes(deps: Deps) {
  const app = new Hono<WsEnv>();
  const gate = new SocketGate(deps.config.sockets);
  const heartbeat = new Heartbeat<WebSocket>(deps.config.pingIntervalMs);
  const trusted = trustedProxies(deps.config.trustProxy);
  app.get('/:reportId', (c, next) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return next();
    const socket = c.env?.incoming?.socket;
    // Behind a forwarding node the address it signed for, behind a TRUST_PROXY balancer the one it names.
    const ip = clientAddress(deps.config.cluster, trusted, c.env?.incoming) ?? 'unknown';
    if (!gate.attempt(ip)) return tooMany(c, 'too many connection attempts');
    const reportId = c.req.param('reportId');
    const admission = admit(c, deps, reportId);
    const release = gate.acquire(ip, admission.ok ? admission.user.id : null);
    if (!release) return tooMany(c, 'too many open connections');
    const acks = c.req.query('acks') === '1';
    return upgrade(c, new SocketSession(deps, heartbeat, reportId, admission, acks, release, socket ?? null));
  });
  return app;
}

function tooMany(c: Context<WsEnv>, reason: string) {
  return c.body(reason, 429, { 'retry-after': '1' });
}
