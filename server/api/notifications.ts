import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { markReadSchema } from '../../shared/schemas.ts';
import { hashToken } from '../auth/tokens.ts';
import type { AppEnv, Deps } from '../context.ts';
import { readJson } from '../http/body.ts';
import { StreamSlots } from '../http/quotas.ts';

/** The signed-in user's inbox, and a live stream of new notifications (Server-Sent Events). */
export function notificationRoutes({ stores, notifications, sessions }: Deps) {
  const app = new Hono<AppEnv>();
  const streams = new StreamSlots();

  app.get('/', (c) => {
    const userId = c.get('user').id;
    return c.json({
      notifications: stores.notifications.list(userId, c.req.query('unread') === '1'),
      unread: stores.notifications.unreadCount(userId),
    });
  });

  app.post('/read', async (c) => {
    const { ids } = await readJson(c, markReadSchema);
    stores.notifications.markRead(c.get('user').id, ids);
    return c.body(null, 204);
  });

  app.get('/stream', (c) => {
    const release = streams.start(c.get('user').id);
    return streamSSE(c, async (stream) => {
      stream.onAbort(release);
      const userId = c.get('user').id;
      const unsubscribe = notifications.subscribe(userId, (n) => {
        void stream.writeSSE({ event: 'notification', id: String(n.id), data: JSON.stringify(n) });
      });
      // Logout ends the stream at once (the loop below notices on its next wake-up).
      const tokenHash = hashToken(c.get('token'));
      const holder = {
        endSession() {
          unsubscribe();
          void stream.close();
        },
      };
      sessions.hold(tokenHash, holder);
      const forget = () => sessions.forget(tokenHash, holder);
      stream.onAbort(forget);
      await stream.writeSSE({
        event: 'ready',
        data: JSON.stringify({ unread: stores.notifications.unreadCount(userId) }),
      });
      // Comments keep proxies from closing an idle stream.
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(25_000);
        if (!stream.aborted) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
      forget();
      release();
    });
  });

  return app;
}
