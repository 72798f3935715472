import type { HttpBindings, WebSocketLike } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { WSEvents } from 'hono/ws';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol.ts';
import type { Deps } from '../context.ts';
import type { Room } from '../rooms/room.ts';
import { type Admission, admit } from './authenticate.ts';
import { Heartbeat } from './heartbeat.ts';
import { SocketConnection } from './socket-connection.ts';
import { SocketGate } from './socket-limits.ts';
import { upgrade } from './upgrade.ts';

type WsEnv = { Bindings: HttpBindings };

/** WebSocket readyState OPEN. */
const OPEN = 1;

/** How long a refused socket may take to answer the close handshake before it is cut. */
const REFUSED_CLOSE_MS = 1000;

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
  app.get('/:reportId', (c, next) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return next();
    const socket = c.env?.incoming?.socket;
    const ip = socket?.remoteAddress ?? 'unknown';
    if (!gate.attempt(ip)) return tooMany(c, 'too many connection attempts');
    const reportId = c.req.param('reportId');
    const admission = admit(c, deps, reportId);
    const release = gate.acquire(ip, admission.ok ? admission.user.id : null);
    if (!release) return tooMany(c, 'too many open connections');
    // The TCP socket closes however the upgrade ends (refused, aborted, closed later); `on`, not `once`:
    // release is idempotent, and a once-wrapper costs heap for the socket's whole life.
    if (socket) socket.on('close', release);
    else release();
    return upgrade(c, socketEvents(deps, heartbeat, reportId, admission, c.req.query('acks') === '1'));
  });
  return app;
}

/** The socket's side of the route: hands frames to the room, and leaves it on close. */
function socketEvents(
  deps: Deps,
  heartbeat: Heartbeat<WebSocket>,
  reportId: string,
  admission: Admission,
  acks: boolean,
): WSEvents<WebSocketLike> {
  let conn: SocketConnection | null = null;
  let room: Room | null = null;
  return {
    onOpen(_event, ws) {
      const socket = ws.raw as WebSocket;
      if (!admission.ok) {
        socket.close(admission.code, admission.reason);
        setTimeout(() => socket.terminate(), REFUSED_CLOSE_MS).unref();
        return;
      }
      conn = new SocketConnection(socket, admission.user, admission.role, acks, deps.config.maxBufferedBytes);
      heartbeat.watch(socket);
      try {
        room = deps.rooms.connect(reportId, conn);
      } catch (err) {
        // The report could not be loaded (storage failing): say so, rather than leave a silent socket.
        console.error(`coreport: report ${reportId} could not be loaded:`, err);
        conn.close(CloseCode.tryAgainLater, 'report unavailable, try again later');
        conn = null;
      }
    },
    onMessage(event, ws) {
      // Frames still arriving on a socket the room has refused (closing) are not processed.
      if (!conn || !room || ws.readyState !== OPEN) return;
      if (typeof event.data === 'string') return conn.close(CloseCode.unsupportedData, 'binary frames only');
      room.receive(conn, new Uint8Array(event.data as ArrayBuffer));
    },
    onClose(_event, ws) {
      heartbeat.forget(ws.raw as WebSocket);
      if (conn && room) deps.rooms.disconnect(room, conn);
      conn = null;
    },
  };
}

function tooMany(c: Context<WsEnv>, reason: string) {
  return c.body(reason, 429, { 'retry-after': '1' });
}
