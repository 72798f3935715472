import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../shared/protocol.ts';
import { createApp } from './app.ts';
import { SessionClosers } from './auth/session-closers.ts';
import { routeUpgrades } from './cluster/forward-upgrade.ts';
import type { Config } from './config.ts';
import type { Deps } from './context.ts';
import { History } from './history/history.ts';
import { trustedProxies } from './http/client-ip.ts';
import { checkDue } from './notifications/due-check.ts';
import { NotificationHub } from './notifications/hub.ts';
import { autoDrafting } from './reports/auto-drafting.ts';
import { noteWrites } from './reports/recent-writers.ts';
import { summaryKeeper } from './reports/summary-keeper.ts';
import { PURGE_INTERVAL_MS, purgeTrash } from './reports/trash.ts';
import { RoomRegistry } from './rooms/registry.ts';
import { openStores, type Stores } from './storage/index.ts';
import { wsUpgrades } from './ws/route.ts';

export interface RunningServer {
  port: number;
  url: string;
  deps: Deps;
  /** Stop accepting, close sockets with 1001, flush and compact rooms, close the database. */
  close(): Promise<void>;
}

/** Starts coreport: HTTP + WebSocket on one port, storage in `config.dataDir`. */
export async function startServer(config: Config, clientDir?: string): Promise<RunningServer> {
  const stores: Stores = config.cluster
    ? // Loaded only in cluster mode: a node on SQLite never needs the PostgreSQL client (≈ 3 MB of heap).
      (await import('./storage/postgres/open.ts')).openPostgresStores(config.cluster)
    : openStores(config.dataDir, config.durability);
  const drafting = autoDrafting(stores.activity);
  const history = new History(stores.versions, { idleMs: config.historyIdleMs, maxMs: config.historyMaxMs });
  const summaries = summaryKeeper(stores.summaries, (room) => rooms.peek(room.reportId) === room);
  const rooms: RoomRegistry = new RoomRegistry(stores, config, {
    onLoad: (room) => {
      history.attach(room);
      summaries.attach(room);
    },
    beforeUnload: (room) => {
      history.detach(room);
      summaries.detach(room);
    },
    afterClientWrite: (room, user, roots) => {
      noteWrites(room, user.id, roots);
      drafting(room, user, roots);
    },
  });
  const deps: Deps = {
    config,
    stores,
    rooms,
    notifications: new NotificationHub(stores.notifications, config.cluster ? 'database' : 'local'),
    sessions: new SessionClosers(),
    history,
  };
  const fanOut = config.cluster
    ? (await import('./cluster/notification-fanout.ts')).fanOutNotifications(
        config.cluster.databaseUrl,
        config.cluster.nodeId,
        deps.notifications,
      )
    : null;
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxUpdateBytes });
  const app = createApp(deps, clientDir);
  const dueTimer = setInterval(() => {
    try {
      checkDue(deps);
    } catch (err) {
      console.error('coreport: due date check failed', err); // tried again next interval
    }
  }, config.dueCheckMs);
  dueTimer.unref();
  const purge = () => {
    try {
      purgeTrash(deps);
    } catch (err) {
      console.error('coreport: purging the trash failed', err); // tried again next interval
    }
  };
  purge();
  const purgeTimer = setInterval(purge, PURGE_INTERVAL_MS);
  purgeTimer.unref();

  const server = createAdaptorServer({
    fetch: app.fetch,
    hostname: config.host,
    // Pre-auth time cap: a client that never finishes its request headers (slowloris, half-open
    // upgrade) is dropped after HEADERS_TIMEOUT_MS, checked a few times within it.
    serverOptions: {
      headersTimeout: config.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(config.headersTimeoutMs / 4)),
    },
  }) as Server;
  // WebSocket upgrades go to `ws` straight from node's upgrade event, not through Hono (ws/route.ts).
  server.on('upgrade', wsUpgrades(deps, wss));
  if (config.cluster && stores.cluster) {
    routeUpgrades(server, config.cluster, stores.cluster, trustedProxies(config.trustProxy));
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      clearInterval(dueTimer);
      clearInterval(purgeTimer);
      await fanOut?.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      if (stores.cluster) {
        // Clients first (1001: they reconnect through the next node, resending what was not acknowledged),
        // so that nothing new arrives while what is in flight commits (PostgreSQL stores asynchronously);
        // then the rooms unload and their leases are released: the reports are served elsewhere at once.
        for (const client of wss.clients) client.close(CloseCode.goingAway, 'server shutting down');
        // Bounded so that handover stays under a second: what is not stored by then was not acknowledged
        // either, and its clients resend it to the next owner.
        await storedOrTimeout(rooms.all(), 500);
      }
      rooms.closeAll(!stores.cluster); // flushes (and on SQLite compacts) every report, closes its sockets with 1001
      for (const client of wss.clients) client.close(CloseCode.goingAway, 'server shutting down');
      await closedOrTimeout(wss, 1500);
      for (const client of wss.clients) client.terminate();
      // Cluster mode: leases released here, so other nodes take the reports over at once.
      await stores.cluster?.close();
      stores.db.close();
      if ('closeAllConnections' in server) server.closeAllConnections();
      await stopped;
    })();
    return closing;
  };
  return { port, url: `http://${config.host}:${port}`, deps, close };
}

async function storedOrTimeout(rooms: { whenStored(): Promise<void> }[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.all(rooms.map((room) => room.whenStored())), timeout]);
  clearTimeout(timer);
}

/** Waits until every socket has finished its close handshake, or `ms` have passed. */
async function closedOrTimeout(wss: WebSocketServer, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** Shuts down cleanly on SIGTERM/SIGINT: stop accepting, flush, close sockets with 1001, exit 0. */
export function exitOnSignals(server: RunningServer): void {
  const stop = async () => {
    console.log('coreport: shutting down');
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
