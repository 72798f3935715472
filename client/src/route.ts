/** Hash routes: `#/` (report list) and `#/r/<id>` (one report). */
export type Route = { name: 'list' } | { name: 'report'; id: string };

/** Parse `location.hash` into a route; anything unknown is the list. */
export function parseRoute(hash: string): Route {
  const m = /^#\/r\/([^/?#]+)/.exec(hash);
  return m ? { name: 'report', id: decodeURIComponent(m[1]) } : { name: 'list' };
}

/** Hash for a route, for links and `location.hash = …`. */
export const hrefOf = (route: Route): string =>
  route.name === 'report' ? `#/r/${encodeURIComponent(route.id)}` : '#/';
