import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { appSecurityHeaders } from './http/security-headers.ts';

/** Serves the built web app; unknown paths get index.html (the app routes by hash, but deep links stay safe). */
export function staticRoutes(clientDir: string) {
  const app = new Hono();
  const root = path.relative(process.cwd(), clientDir) || '.';
  app.use('*', appSecurityHeaders());
  app.use('/*', serveStatic({ root }));
  app.get('*', (c) => {
    const index = path.join(clientDir, 'index.html');
    if (!fs.existsSync(index)) return c.text('client not built: run npm run build', 503);
    return c.html(fs.readFileSync(index, 'utf8'));
  });
  return app;
}
