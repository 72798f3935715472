/**
 * Hash routes: `#/` (report list), `#/r/<id>` (one report), `#/r/<id>?c=<thread>` (a thread in it),
 * `#/admin` (users and groups), `#/account` (own password), `#/invite/<token>` and `#/reset/<token>`
 * (links an admin hands out: the token stays after `#`, so no request carries it in its URL).
 */
export type Route =
  | { name: 'list' }
  | { name: 'report'; id: string; thread?: string }
  | { name: 'admin' }
  | { name: 'account' }
  | { name: 'invite' | 'reset'; token: string };

/** Parse `location.hash` into a route; anything unknown is the list. */
export function parseRoute(hash: string): Route {
  if (hash === '#/admin') return { name: 'admin' };
  if (hash === '#/account') return { name: 'account' };
  const link = /^#\/(invite|reset)\/([A-Za-z0-9_-]+)$/.exec(hash);
  if (link) return { name: link[1] as 'invite' | 'reset', token: link[2]! };
  const m = /^#\/r\/([^/?#]+)(?:\?c=([^&#]+))?/.exec(hash);
  if (!m) return { name: 'list' };
  return m[2]
    ? { name: 'report', id: decodeURIComponent(m[1]!), thread: decodeURIComponent(m[2]) }
    : { name: 'report', id: decodeURIComponent(m[1]!) };
}

/** Hash for a route, for links and `location.hash = …`. */
export function hrefOf(route: Route): string {
  if (route.name === 'list') return '#/';
  if (route.name === 'admin' || route.name === 'account') return `#/${route.name}`;
  if (route.name !== 'report') return `#/${route.name}/${route.token}`;
  const base = `#/r/${encodeURIComponent(route.id)}`;
  return route.thread ? `${base}?c=${encodeURIComponent(route.thread)}` : base;
}
