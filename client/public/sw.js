/**
 * coreport's service worker: enough of the app to reload a report while offline.
 *
 * - The app shell: pages are fetched from the network first, and the last good index.html
 *   answers when the network fails. Built assets have content hashes in their names, so they
 *   are served from the cache first; only those the current index.html names are kept.
 * - GET /api/me and GET /api/reports/:id: network first, the last good answer when the network
 *   fails. A 401/403/404 drops the stored answer; signing in, signing up or out drops them all.
 * - The report itself comes from IndexedDB (y-indexeddb), never from here. WebSockets and
 *   EventSource streams do not pass through service workers.
 *
 * Registered by client/src/offline/register.ts. Plain JS: Vite copies client/public as is.
 */
const SHELL = 'coreport-shell-v1';
const API = 'coreport-api-v1';
const INDEX = '/';
const CACHED_API = [/^\/api\/me$/, /^\/api\/reports\/[^/]+$/];
const SESSION_CHANGES = /^\/api\/auth\/(login|logout|register)$/;

const isAsset = (path) => path.startsWith('/assets/');
const isCachedApi = (path) => CACHED_API.some((re) => re.test(path));

/** The /assets/… files an index.html loads. */
const assetsOf = (html) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

/** Store a fresh index.html and the assets it names; drop assets no longer named. */
async function keepShell(html) {
  const cache = await caches.open(SHELL);
  const wanted = new Set(assetsOf(html));
  await cache.put(INDEX, new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
  const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  const missing = [...wanted].filter((p) => !have.has(p));
  if (missing.length) await cache.addAll(missing);
  for (const p of have) if (isAsset(p) && !wanted.has(p)) await cache.delete(p);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const res = await fetch(INDEX, { cache: 'no-store' });
      if (res.ok) await keepShell(await res.text());
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== SHELL && name !== API) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** Network first; on success keep a copy (via `keep`), on failure answer from `cache`. */
async function networkFirst(request, cacheName, key, keep) {
  try {
    const res = await fetch(request);
    await keep(res);
    return res;
  } catch (err) {
    const cached = await (await caches.open(cacheName)).match(key);
    if (cached) return cached;
    throw err;
  }
}

async function page(event) {
  return networkFirst(event.request, SHELL, INDEX, async (res) => {
    const type = res.headers.get('content-type') ?? '';
    // Stored after the page is answered: new assets are fetched without delaying it.
    if (res.ok && type.startsWith('text/html'))
      event.waitUntil(
        res
          .clone()
          .text()
          .then(keepShell)
          .catch(() => undefined),
      );
  });
}

async function asset(request, path) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(path);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(path, res.clone());
  return res;
}

async function api(request, path) {
  return networkFirst(request, API, path, async (res) => {
    const cache = await caches.open(API);
    if (res.ok) await cache.put(path, res.clone());
    else if ([401, 403, 404].includes(res.status)) await cache.delete(path);
  });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && SESSION_CHANGES.test(url.pathname)) {
    // Whoever signs in next must not see the previous user's answers.
    event.waitUntil(caches.delete(API));
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') event.respondWith(page(event));
  else if (isAsset(url.pathname)) event.respondWith(asset(request, url.pathname));
  else if (isCachedApi(url.pathname)) event.respondWith(api(request, url.pathname));
});

// The page asks for answers it fetched before this worker controlled it (first visit).
self.addEventListener('message', (event) => {
  const { type, paths } = event.data ?? {};
  if (type !== 'warm' || !Array.isArray(paths)) return;
  const wanted = paths.filter((p) => typeof p === 'string' && isCachedApi(p));
  event.waitUntil(Promise.all(wanted.map((p) => api(new Request(p), p).catch(() => undefined))));
});
