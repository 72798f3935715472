import pg from 'pg';
import type { NotificationHub } from '../notifications/hub.ts';

/** The channel the `notifications` insert trigger announces on (storage/postgres/migrate.ts). */
export const NOTIFICATION_CHANNEL = 'coreport_notifications';

/** How long to wait before connecting again after the listening connection was lost. */
const RECONNECT_MS = 500;

/**
 * Cluster mode: listens for notifications stored by any node (PostgreSQL LISTEN/NOTIFY; a trigger
 * announces each insert when it commits, so the edit path and the notifying request pay nothing
 * extra) and hands them to the hub, which pushes those of users with a stream open here. NOTIFY is
 * delivered only to connections listening at the time: after a reconnect the hub re-queries what was
 * stored meanwhile.
 */
export function fanOutNotifications(
  databaseUrl: string,
  nodeId: string,
  hub: NotificationHub,
): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const later = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, RECONNECT_MS);
    timer.unref();
  };

  const connect = async () => {
    const fresh = new pg.Client({
      connectionString: databaseUrl,
      application_name: `coreport-notify ${nodeId}`,
      connectionTimeoutMillis: 3000,
      keepAlive: true,
    });
    fresh.on('notification', ({ channel, payload }) => {
      if (channel !== NOTIFICATION_CHANNEL || !payload) return;
      const [userId, id] = payload.split(' ');
      if (userId && id) safely(() => hub.stored(userId, Number(id)));
    });
    const lost = () => {
      if (client === fresh) client = null;
      fresh.end().catch(() => {});
      later();
    };
    fresh.on('error', lost);
    fresh.on('end', lost);
    try {
      await fresh.connect();
      await fresh.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    if (closed) {
      await fresh.end().catch(() => {});
      return;
    }
    client = fresh;
    // Whatever was stored while nobody here listened (first start included: streams may be open already).
    safely(() => hub.catchUp());
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    // PostgreSQL unreachable: the next reconnect catches up.
    console.error('coreport: pushing a notification failed:', err instanceof Error ? err.message : err);
  }
}
