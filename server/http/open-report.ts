import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../context.ts';

/**
 * Loads the report a REST call names (`/reports/:id…`) before its route runs, over several turns when
 * it is large (RoomRegistry.open): routes read the live doc with `rooms.get`, which would otherwise
 * load a report at the import limits at once, holding the event loop 150–300 ms. Only for a member:
 * anyone else's call loads nothing (the route answers 404). A load that fails is left to the route,
 * whose own load fails the same way and answers as it always has.
 */
export function openReport({ stores, rooms }: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = c.req.param('id');
    if (id && !rooms.peek(id) && stores.reports.role(id, c.get('user').id)) {
      await rooms.open(id).catch(() => {});
    }
    await next();
  };
}
