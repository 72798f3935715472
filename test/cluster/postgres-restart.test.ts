/**
 * PostgreSQL crashes mid-typing (`pg_ctl stop -m immediate`, every connection cut) and comes back after
 * longer than the lease TTL. While it is down no edit is acknowledged or relayed (nothing is stored),
 * REST answers 503 (never a 44xx close or a 500), and once it is back every writer's edits are stored
 * and acknowledged within 5 s, exactly once.
 */
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type AckClient, connectWithAcks } from '../helpers/ack-client.ts';
import { api } from '../helpers/api.ts';
import { until } from '../helpers/clients.ts';
import { type ClusterNode, clusterSuite } from '../helpers/cluster.ts';
import { expectStoredAsTyped, reportWithWriters, untilAllAcked } from '../helpers/cluster-writers.ts';
import { readPgReport } from '../helpers/pg-stored-report.ts';
import { describePostgres } from '../helpers/postgres.ts';
import { figure } from '../helpers/scale.ts';
import { ownClock, startTyping } from '../helpers/token-typing.ts';

const TTL = 2000;
const DOWN_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describePostgres('PostgreSQL restart mid-typing', () => {
  const suite = clusterSuite({
    nodes: 2,
    leaseTtlMs: TTL,
    env: { WS_ATTEMPT_RATE: '1000', WS_ATTEMPT_BURST: '10000' },
  });
  const opened: AckClient[] = [];
  afterAll(() => {
    for (const c of opened) c.destroy();
  });

  it('acks and relays nothing while it is down, answers REST 503, and stores everything within 5 s of its return', async () => {
    const cluster = suite.get();
    const [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    const { leader, reportId, writers } = await reportWithWriters(a, '2026年防汛工作总结', [a, b], opened);
    const reader = connectWithAcks(b.wsUrl, reportId, leader.token);
    opened.push(reader);
    const clients = [...writers.map((w) => w.client), reader];
    await until(() => reader.provider.synced, 'reader synced', 20_000);

    const stopTyping = startTyping(writers, () => 10);
    await until(() => writers.every((w) => w.client.ackedClock() > 20), 'typing stored', 10_000);

    cluster.postgres.stopImmediate();
    // Acks and relays of commits made just before the crash may still be on their way.
    await sleep(300);
    const acked = writers.map((w) => w.client.ackedClock());
    const relayed = Y.encodeStateVector(reader.doc);
    const rest = await api(a.base, 'GET', `/api/reports/${reportId}/progress`, { token: leader.token });
    const change = await api(b.base, 'POST', `/api/reports/${reportId}/sections`, {
      token: leader.token,
      body: { title: '第三部分' },
    });
    await sleep(DOWN_MS - 300);
    const ackedWhileDown = writers.map((w) => w.client.ackedClock());
    const relayedWhileDown = Y.encodeStateVector(reader.doc);
    const typedWhileDown = writers.map((w) => ownClock(w.client));

    cluster.postgres.start();
    const upAt = Date.now();
    const due = writers.map((w) => ownClock(w.client));
    await until(
      () => writers.every((w, i) => w.client.ackedClock() >= due[i]!),
      'stored after the restart',
      20_000,
    ).catch(() => {});
    const recoveredMs = Date.now() - upAt;
    await stopTyping();
    await untilAllAcked(writers);
    figure('postgres-restart', { downMs: DOWN_MS, recoveredMs, restStatus: [rest.status, change.status] });

    expect(ackedWhileDown).toEqual(acked);
    expect(Buffer.from(relayedWhileDown).equals(Buffer.from(relayed))).toBe(true);
    expect(typedWhileDown.every((typed, i) => typed > acked[i]!)).toBe(true); // they kept typing
    expect(rest.status).toBe(503);
    expect(change.status).toBe(503);
    expect(recoveredMs).toBeLessThanOrEqual(5000);
    expect(clients.flatMap((c) => c.closes).filter((code) => code >= 4400 && code < 4500)).toEqual([]);
    const stored = await readPgReport(cluster.pool, reportId);
    expectStoredAsTyped(stored, writers);
    expect(JSON.stringify(stored.doc.getMap('sections').toJSON())).not.toContain('第三部分');
  });
});
