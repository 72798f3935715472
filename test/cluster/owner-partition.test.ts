/**
 * The owner loses PostgreSQL to a partition: its database connections go through a TCP proxy that
 * turns into a black hole (nothing answers, nothing is refused). Another node must serve the writers on
 * the other nodes meanwhile, the old owner closes its room with 1012/1013 (never 44xx) before its lease
 * can run out (it self-fences: nothing on its event loop may wait on the silent connection past that
 * point), what was acknowledged is in PostgreSQL at that moment, and once the partition heals nothing
 * acknowledged is lost. (Before the bridge's waits were bounded it closed its room after 11 s.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RECONNECT_WAIT_MS } from '../../server/storage/postgres/sync-client.ts';
import type { AckClient } from '../helpers/ack-client.ts';
import { api } from '../helpers/api.ts';
import { until } from '../helpers/clients.ts';
import { startCluster, type TestCluster, threeNodes } from '../helpers/cluster.ts';
import { expectStoredAsTyped, reportWithWriters, untilAllAcked } from '../helpers/cluster-writers.ts';
import { readPgReport } from '../helpers/pg-stored-report.ts';
import { describePostgres, startPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { figure } from '../helpers/scale.ts';
import { TcpBlackhole } from '../helpers/tcp-blackhole.ts';
import { startTyping } from '../helpers/token-typing.ts';

const TTL = 2000;
/** Beyond the TTL, what the close may take to reach the client here: timers firing late on a loaded machine. */
const CLOSE_SLACK_MS = 1000;
/**
 * A REST call on the cut-off node: the owner look-up on the pool (a pool slot and a connection, up to its
 * 3 s connect timeout, or a 1 s query timeout), then a synchronous session check that gives up after
 * RECONNECT_WAIT_MS (the node has self-fenced: PostgreSQL is suspect), and slack. (Before: 10 s.)
 */
const REST_BOUND_MS = 4000 + RECONNECT_WAIT_MS + 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describePostgres('owner partitioned from PostgreSQL', () => {
  let postgres: TestPostgres | null = null;
  let proxy: TcpBlackhole | null = null;
  let starting: Promise<TestCluster> | null = null;
  const opened: AckClient[] = [];
  beforeAll(async () => {
    postgres = await startPostgres();
    proxy = await TcpBlackhole.start(postgres.port);
    const port = proxy.port;
    starting = startCluster({
      nodes: 3,
      leaseTtlMs: TTL,
      postgres,
      env: { WS_ATTEMPT_RATE: '1000', WS_ATTEMPT_BURST: '10000' },
      // Node A reaches PostgreSQL only through the proxy.
      nodeEnv: (i, url): Record<string, string> =>
        i === 0 ? { DATABASE_URL: url.replace(/:\d+\//, `:${port}/`) } : {},
    });
    await starting;
  }, 240_000);
  afterAll(async () => {
    for (const c of opened) c.destroy();
    await (await starting?.catch(() => null))?.close();
    await proxy?.close();
    await postgres?.close();
  }, 60_000);

  it('is replaced by another node, closes its room 1012/1013, and nothing acknowledged is lost', async () => {
    const cluster = await starting!;
    const [a, b, c] = threeNodes(cluster);
    // A writer on the owner itself and one on each other node (their sockets are piped to it).
    const { leader, reportId, writers } = await reportWithWriters(
      a,
      '2026年基层治理调研报告',
      [a, b, c],
      opened,
    );
    expect(await cluster.owner(reportId)).toBe(a);
    const clients = writers.map((w) => w.client);
    const stopTyping = startTyping(writers, () => 10);
    await until(() => clients.every((w) => w.ackedClock() > 20), 'typing stored', 10_000);

    const closesBefore = clients[0]!.closes.length;
    let closedAt = 0;
    clients[0]!.provider.once('connection-close', () => {
      closedAt = Date.now();
    });
    const leaseAtCut = await cluster.lease(reportId);
    proxy!.blackhole();
    const cutAt = Date.now();
    const ackedAtFence = clients.map((w) => w.ackedClock());
    const newOwner = await cluster.waitForOwner(reportId, { not: a, timeoutMs: 15_000 });
    await until(
      () => [1, 2].every((i) => clients[i]!.ackedClock() > ackedAtFence[i]!),
      'the other writers served by the new owner',
      15_000,
    );
    const servedMs = Date.now() - cutAt;
    await until(
      () => clients[0]!.closes.length > closesBefore,
      'the partitioned owner closes its room',
      30_000,
    );
    const fencedMs = closedAt - cutAt;
    // What the old owner's client had acknowledged when it was cut off is stored (read past the proxy).
    const ackedAtClose = clients[0]!.ackedClock();
    const storedAtClose = await readPgReport(cluster.pool, reportId);
    const lease = await cluster.lease(reportId);
    // A REST call on the cut-off node gets a clear 503 in bounded time (its session check cannot reach
    // PostgreSQL), not a hang or a 500.
    const restStart = Date.now();
    const rest = await api(a.base, 'GET', `/api/reports/${reportId}/progress`, { token: leader.token });
    const restMs = Date.now() - restStart;

    proxy!.heal();
    await sleep(500);
    await stopTyping();
    await untilAllAcked(writers);
    figure('owner-partition', { ttlMs: TTL, fencedMs, servedMs, restMs, newOwner: newOwner.id });

    // Self-fenced: closed (1012/1013, so the client reconnects) before the lease could run out.
    expect([1012, 1013]).toContain(clients[0]!.closes[closesBefore]);
    expect(fencedMs).toBeLessThan(TTL + CLOSE_SLACK_MS);
    expect(Y.getState(storedAtClose.doc.store, clients[0]!.doc.clientID)).toBeGreaterThanOrEqual(
      ackedAtClose,
    );
    // Fenced: the report went to another node under a new epoch; the old owner's writes cannot pass it.
    expect(leaseAtCut?.nodeId).toBe(a.id);
    expect(lease?.nodeId).not.toBe(a.id);
    expect(lease!.epoch).toBeGreaterThan(leaseAtCut!.epoch);
    expect(rest.status).toBe(503);
    expect(rest.body.error.code).toBe('storage_unavailable');
    expect(restMs).toBeLessThan(REST_BOUND_MS);
    expect(clients.flatMap((w) => w.closes).filter((code) => code >= 4400 && code < 4500)).toEqual([]);
    const stored = await readPgReport(cluster.pool, reportId);
    expectStoredAsTyped(stored, writers);
  });
});
