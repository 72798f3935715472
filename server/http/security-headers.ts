/**
 * Security headers for the web app and the REST API (docs/reliability.md, Browser safety).
 *
 * The app's policy allows only what the built client needs: scripts and styles from our own
 * origin (Vite emits no inline script; Lit styles go through adoptedStyleSheets, which CSP does
 * not govern, and dynamic styles through CSSOM, never `style` attributes), `data:` images (the
 * favicon and CSS masks), same-origin fetch, EventSource and WebSocket (CSP3 `'self'` matches
 * ws/wss on the same host), and the offline service worker. Never applied to /ws: a 101
 * response's headers are immutable.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The web app's Content-Security-Policy, directive → sources. */
export const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** JSON and downloads: nothing in them may load or run anything, or be framed. */
export const API_CSP = {
  defaultSrc: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

const common = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'same-origin',
  // HSTS is the TLS terminator's business: on plain-HTTP intranet hosts it would only mislead.
  strictTransportSecurity: false,
} as const;

/** Headers for the web app (HTML, assets, the service worker script). */
export const appSecurityHeaders = (): MiddlewareHandler =>
  secureHeaders({ ...common, contentSecurityPolicy: APP_CSP });

/** Headers for /api responses. */
export const apiSecurityHeaders = (): MiddlewareHandler =>
  secureHeaders({ ...common, contentSecurityPolicy: API_CSP });
