import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { Deps } from './context.ts';
import { autoDrafting } from './reports/auto-drafting.ts';
import { RoomRegistry } from './rooms/registry.ts';
import { openStores } from './storage/index.ts';

export interface RunningServer {
  port: number;
  url: string;
  deps: Deps;
  /** Stop accepting, close sockets with 1001, flush and compact rooms, close the database. */
  close(): Promise<void>;
}

/** Starts coreport: HTTP + WebSocket on one port, storage in `config.dataDir`. */
export async function startServer(config: Config, clientDir?: string): Promise<RunningServer> {
  const stores = openStores(config.dataDir, config.durability);
  const rooms = new RoomRegistry(stores, config, { afterClientWrite: autoDrafting(stores.activity) });
  const deps: Deps = { config, stores, rooms };
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
  const app = createApp(deps, clientDir);

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      { fetch: app.fetch, port: config.port, hostname: config.host, websocket: { server: wss } },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      rooms.closeAll();
      for (const client of wss.clients) client.terminate();
      stores.db.close();
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
    return closing;
  };
  return { port, url: `http://${config.host}:${port}`, deps, close };
}
