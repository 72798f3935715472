import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { clientAddress } from '../cluster/forward-upgrade.ts';
import type { Deps } from '../context.ts';
import { trustedProxies } from '../http/client-ip.ts';
import { errorReply } from '../http/errors.ts';
import { admit } from './authenticate.ts';
import { Heartbeat } from './heartbeat.ts';
import { SocketGate } from './socket-limits.ts';
import { type SocketDeps, SocketSession } from './socket-session.ts';
import { ignoreSocketError, refuseUpgrade } from './upgrade.ts';
import { readUpgradeRequest } from './upgrade-request.ts';

/**
 * The server's `upgrade` listener for `GET /ws/:reportId`: adapts a socket to its room. Everything is
 * decided before the 101: attempt throttling and socket caps answer HTTP 429 (a stock client retries with
 * backoff); the token and membership are checked too, but their refusals are sent as close codes
 * 4401/4404 after the upgrade, because browsers cannot read the status of a refused upgrade.
 *
 * Upgrades are handled here rather than through Hono's `upgradeWebSocket`: its per-socket context,
 * closures and URL stayed alive for each connection's whole life (≈ 1.9 KB per idle socket), and every
 * upgrade built a Fetch Request and ran the router for a route that needs neither.
 */
export function wsUpgrades(deps: Deps, wss: WebSocketServer) {
  const gate = new SocketGate(deps.config.sockets);
  const shared: SocketDeps = {
    app: deps,
    heartbeat: new Heartbeat<WebSocket>(deps.config.pingIntervalMs),
    gate,
  };
  const trusted = trustedProxies(deps.config.trustProxy);
  const tooMany: Refusal = { status: 429, headers: { 'retry-after': '1' } };
  /** The session for an admitted upgrade (whose admission may still be a close code), or the refusal. */
  const decide = (req: IncomingMessage): SocketSession | Refusal => {
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') return { status: 400 };
    const request = readUpgradeRequest(req);
    if (!request) return { status: 404 };
    // Behind a forwarding node the address it signed for, behind a TRUST_PROXY balancer the one it names.
    const ip = clientAddress(deps.config.cluster, trusted, req) ?? 'unknown';
    if (!gate.attempt(ip)) return tooMany;
    const admission = admit(request, deps);
    if (!gate.acquire(ip, admission.ok ? admission.user.id : null)) return tooMany;
    return new SocketSession(shared, request.reportId, admission, request.acks, ip, req.socket);
  };
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', ignoreSocketError);
    let session: SocketSession | Refusal;
    try {
      session = decide(req);
    } catch (err) {
      // Storage failing while checking the session (PostgreSQL unreachable: 503, try again), or a bug
      // (500, logged): answered like any request, never thrown out of the server's upgrade event.
      session = errorReply(err as Error);
    }
    if (!(session instanceof SocketSession)) {
      refuseUpgrade(socket, session.status, session.headers);
      return;
    }
    const admitted = session;
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', ignoreSocketError);
      try {
        admitted.open(ws);
      } catch (err) {
        console.error('coreport: opening a WebSocket session failed', err);
        ws.terminate();
      }
    });
  };
}

/** An upgrade answered with an HTTP status instead of the 101. */
interface Refusal {
  status: number;
  headers?: Record<string, string>;
}
