import type { IncomingMessage, Server } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { ClusterConfig } from '../config.ts';
import { behindProxies } from '../http/client-ip.ts';
import { ownerOf } from '../storage/postgres/leases.ts';
import type { ClusterStorage } from '../storage/postgres/open.ts';
import { CLIENT_IP_HEADER, HOP_HEADER, signHop, verifyHop } from './hop.ts';
import { PipeWatch } from './pipe-watch.ts';

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

const WS_PATH = /^\/ws\/([^/?#]+)/;

const UNREACHABLE =
  'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

/**
 * Cluster mode: a WebSocket upgrade for a report another node owns is replayed to that node and the two
 * TCP sockets piped both ways (frames untouched, so the owner's checks see exactly what the client
 * sent). A forwarded upgrade is always served where it lands (never a second hop): if that node has
 * lost the report meanwhile, its load fails and the client is told 1013 and reconnects.
 * Everything else goes to the server's own upgrade listener (server/ws/route.ts), unchanged.
 */
export function routeUpgrades(
  server: Server,
  cluster: ClusterConfig,
  storage: ClusterStorage,
  trusted: (address: string) => boolean,
): void {
  const local = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('upgrade');
  const watch = new PipeWatch(storage.pool, cluster.leaseRenewMs);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const reportId = WS_PATH.exec(req.url ?? '')?.[1];
    const forwarded = signedHop(cluster, req) !== null;
    const serveHere = () => {
      for (const listener of local) listener.call(server, req, socket, head);
    };
    if (!reportId || forwarded) return serveHere();
    socket.on('error', () => socket.destroy());
    ownerOf(storage.pool, decodeURIComponent(reportId)).then(
      (owner) => {
        if (socket.destroyed) return;
        if (!owner || owner.nodeId === cluster.nodeId) return serveHere();
        const ip = clientAddress(cluster, trusted, req) ?? 'unknown';
        const cut = pipeTo(owner.url, req, socket, head, cluster, ip);
        const unwatch = watch.add(decodeURIComponent(reportId), owner.nodeId, cut);
        socket.once('close', unwatch);
      },
      // PostgreSQL unreachable: served here, where the report cannot load either (1013, retry).
      () => serveHere(),
    );
  });
}

/** Pipes the upgrade to `url`; returns the function that cuts both sockets. */
function pipeTo(
  url: string,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  cluster: ClusterConfig,
  ip: string,
): () => void {
  const target = new URL(url);
  const path = req.url ?? '/';
  const hop = signHop(cluster.secret, cluster.nodeId, ip, req.method ?? 'GET', path);
  const lines = [`${req.method} ${path} HTTP/1.1`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (lower === HOP_HEADER || lower === CLIENT_IP_HEADER) continue;
    lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
  }
  for (const [name, value] of Object.entries(hop)) lines.push(`${name}: ${value}`);
  const upstream = net.connect(Number(target.port || 80), target.hostname);
  upstream.setNoDelay(true);
  let answered = false;
  upstream.once('data', () => {
    answered = true;
  });
  const cut = () => {
    socket.destroy();
    upstream.destroy();
  };
  // The owner is unreachable (stopping, or just died): an HTTP answer rather than a dropped connection,
  // so a balancer does not take this node for a failed one; the client retries (the lease is released
  // or runs out, and the next node takes the report over).
  upstream.on('error', () => {});
  upstream.on('close', () => {
    if (!answered && !socket.destroyed && socket.writable) socket.end(UNREACHABLE);
    else cut();
  });
  socket.on('error', cut);
  socket.on('close', cut);
  upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (head.length > 0) upstream.write(head);
  socket.pipe(upstream);
  upstream.pipe(socket);
  return cut;
}

/** The client's address a forwarding node signed for, or null if `req` is not a valid forwarded request. */
export function signedHop(cluster: ClusterConfig, req: IncomingMessage): string | null {
  const header = req.headers[HOP_HEADER];
  const ip = req.headers[CLIENT_IP_HEADER];
  return verifyHop(
    cluster.secret,
    typeof header === 'string' ? header : undefined,
    typeof ip === 'string' ? ip : undefined,
    req.method ?? 'GET',
    req.url ?? '/',
  );
}

/**
 * The client's address for per-IP limits: the one a forwarding node signed for; else, behind a
 * TRUST_PROXY balancer, the one its X-Forwarded-For names; else the TCP peer's. (A forwarding node
 * signs what this returns on its side, so the owner counts the same address.)
 */
export function clientAddress(
  cluster: ClusterConfig | null,
  trusted: (address: string) => boolean,
  req: IncomingMessage | undefined,
): string | undefined {
  const own = req?.socket?.remoteAddress;
  if (!req || !own) return own;
  const signed = cluster ? signedHop(cluster, req) : null;
  if (signed !== null) return signed;
  const forwardedFor = req.headers['x-forwarded-for'];
  return behindProxies(own, typeof forwardedFor === 'string' ? forwardedFor : undefined, trusted);
}
