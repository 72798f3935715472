import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { appSecurityHeaders } from './http/security-headers.ts';

/**
 * Built assets carry a content hash in their name (/assets/index-XSpVjMRh.js): a new build gets
 * new names, so browsers may keep them for a year without asking. Everything else (index.html,
 * sw.js) must be revalidated each time, or a deploy would not reach them.
 */
const HASHED = /^\/assets\/.+-[\w-]{8,}\.\w+$/;
export const LONG_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/**
 * Serves the built web app; unknown paths get index.html (the app routes by hash, but deep links
 * stay safe). The .br/.gz files written at build time (http/precompress.ts) are sent to browsers
 * that accept them, with Vary: Accept-Encoding.
 */
export function staticRoutes(clientDir: string) {
  const app = new Hono();
  const root = path.relative(process.cwd(), clientDir) || '.';
  app.use('*', appSecurityHeaders());
  app.use(
    '/*',
    serveStatic({
      root,
      precompressed: true,
      onFound: (_path, c) => {
        c.header('Cache-Control', HASHED.test(c.req.path) ? LONG_CACHE : REVALIDATE);
      },
    }),
  );
  app.get('*', (c) => {
    const index = path.join(clientDir, 'index.html');
    if (!fs.existsSync(index)) return c.text('client not built: run npm run build', 503);
    c.header('Cache-Control', REVALIDATE);
    return c.html(fs.readFileSync(index, 'utf8'));
  });
  return app;
}
