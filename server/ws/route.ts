import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol.ts';
import type { Deps } from '../context.ts';
import type { Room } from '../rooms/room.ts';
import { admit } from './authenticate.ts';
import { SocketConnection } from './socket-connection.ts';

/**
 * `GET /ws/:reportId`: adapts a socket to its room. Refusals are sent as close codes after the upgrade,
 * because browsers cannot read the status of a refused upgrade.
 */
export function wsRoutes(deps: Deps) {
  const app = new Hono();
  app.get(
    '/:reportId',
    upgradeWebSocket((c) => {
      const reportId = c.req.param('reportId') ?? '';
      const admission = admit(c, deps, reportId);
      const acks = c.req.query('acks') === '1';
      let conn: SocketConnection | null = null;
      let room: Room | null = null;
      return {
        onOpen(_event, ws) {
          if (!admission.ok) return ws.close(admission.code, admission.reason);
          const socket = ws.raw as WebSocket;
          const { maxBufferedBytes, pingIntervalMs } = deps.config;
          conn = new SocketConnection(
            socket,
            admission.user,
            admission.role,
            acks,
            maxBufferedBytes,
            pingIntervalMs,
          );
          room = deps.rooms.connect(reportId, conn);
        },
        onMessage(event, ws) {
          if (!conn || !room) return;
          if (typeof event.data === 'string')
            return ws.close(CloseCode.unsupportedData, 'binary frames only');
          room.receive(conn, new Uint8Array(event.data as ArrayBuffer));
        },
        onClose() {
          if (conn && room) deps.rooms.disconnect(room, conn);
          conn = null;
        },
      };
    }),
  );
  return app;
}
