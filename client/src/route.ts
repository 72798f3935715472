/** Hash routes: `#/` (report list), `#/r/<id>` (one report) and `#/r/<id>?c=<thread>` (a thread in it). */
export type Route = { name: 'list' } | { name: 'report'; id: string; thread?: string };

/** Parse `location.hash` into a route; anything unknown is the list. */
export function parseRoute(hash: string): Route {
  const m = /^#\/r\/([^/?#]+)(?:\?c=([^&#]+))?/.exec(hash);
  if (!m) return { name: 'list' };
  return m[2]
    ? { name: 'report', id: decodeURIComponent(m[1]!), thread: decodeURIComponent(m[2]) }
    : { name: 'report', id: decodeURIComponent(m[1]!) };
}

/** Hash for a route, for links and `location.hash = …`. */
export function hrefOf(route: Route): string {
  if (route.name === 'list') return '#/';
  const base = `#/r/${encodeURIComponent(route.id)}`;
  return route.thread ? `${base}?c=${encodeURIComponent(route.thread)}` : base;
}
