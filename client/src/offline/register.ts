/**
 * Offline use: registers the service worker (client/public/sw.js) that keeps the app shell and
 * the last answers of GET /api/me and GET /api/reports/:id, so that a report visited online
 * reloads offline; its text comes from the browser's own copy (doc/local-copy.ts).
 *
 * Service workers need a secure context: https, or http on localhost/127.0.0.1. On plain-http
 * intranet hosts the app works as before, only without reloading offline.
 */

/** Same-origin paths of resources this page has fetched so far. */
function fetchedPaths(): string[] {
  const paths = performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name, location.href))
    .filter((u) => u.origin === location.origin)
    .map((u) => u.pathname);
  return [...new Set(paths)];
}

/** Register the worker; on its first activation, hand it the answers fetched before it was in charge. */
export function registerOffline(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const container = navigator.serviceWorker;
  if (!container.controller) {
    // The first visit's requests went to the network directly; the worker picks what it keeps.
    container.addEventListener(
      'controllerchange',
      () => container.controller?.postMessage({ type: 'warm', paths: fetchedPaths() }),
      { once: true },
    );
  }
  container.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
    // Offline use is a bonus: the app works without it.
    console.warn('coreport: offline use unavailable', err);
  });
}
