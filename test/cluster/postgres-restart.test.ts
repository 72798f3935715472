/**
 * PostgreSQL crashes mid-typing (`pg_ctl stop -m immediate`, every connection cut) and comes back after
 * longer than the lease TTL. While it is down no edit is acknowledged or relayed (nothing is stored),
 * REST answers 503 (never a 44xx close or a 500), and once it is back every writer's edits are stored
 * and acknowledged within 5 s, exactly once.
 */
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SectionInfo } from '../../shared/layout.ts';
import { type AckClient, connectWithAcks } from '../helpers/ack-client.ts';
import { addSection, api, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { bodyText, typeInto, until } from '../helpers/clients.ts';
import { clusterSuite } from '../helpers/cluster.ts';
import { readPgReport } from '../helpers/pg-stored-report.ts';
import { describePostgres } from '../helpers/postgres.ts';
import { figure } from '../helpers/scale.ts';

const TTL = 2000;
const DOWN_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describePostgres('PostgreSQL restart mid-typing', () => {
  const suite = clusterSuite({
    nodes: 2,
    leaseTtlMs: TTL,
    env: { WS_ATTEMPT_RATE: '1000', WS_ATTEMPT_BURST: '10000' },
  });
  const clients: AckClient[] = [];
  afterAll(() => {
    for (const c of clients) c.destroy();
  });

  it('acks and relays nothing while it is down, answers REST 503, and stores everything within 5 s of its return', async () => {
    const cluster = suite.get();
    const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const leader = await registerAdmin(a.base);
    const reportId = await createReport(a.base, leader, '2026年防汛工作总结');
    const sections: SectionInfo[] = [];
    const writers: AckClient[] = [];
    for (const [i, node] of [a, b].entries()) {
      const account = await createUser(a.base, leader, `writer${i}`, `撰稿人${i}`);
      await setRole(a.base, leader, reportId, account.id, 'writer');
      sections.push(await addSection(a.base, leader, reportId, `第${i + 1}部分`, [account.id]));
      writers.push(connectWithAcks(node.wsUrl, reportId, account.token));
    }
    const reader = connectWithAcks(b.wsUrl, reportId, leader.token);
    clients.push(...writers, reader);
    await until(() => clients.every((c) => c.provider.synced), 'clients synced', 20_000);

    const tokens: string[][] = [[], []];
    let typing = true;
    const loops = writers.map(async (w, i) => {
      for (let n = 0; typing; n++) {
        const token = `w${i}-${n}。`;
        typeInto(w.doc, sections[i]!.id, token, bodyText(w.doc, sections[i]!.id).length);
        tokens[i]!.push(token);
        await sleep(10);
      }
    });
    const clock = (c: AckClient) => Y.getState(c.doc.store, c.doc.clientID);
    await until(() => writers.every((w) => w.ackedClock() > 20), 'typing stored', 10_000);

    cluster.postgres.stopImmediate();
    // Acks and relays of commits made just before the crash may still be on their way.
    await sleep(300);
    const acked = writers.map((w) => w.ackedClock());
    const relayed = Y.encodeStateVector(reader.doc);
    const rest = await api(a.base, 'GET', `/api/reports/${reportId}/progress`, { token: leader.token });
    const change = await api(b.base, 'POST', `/api/reports/${reportId}/sections`, {
      token: leader.token,
      body: { title: '第三部分' },
    });
    await sleep(DOWN_MS - 300);
    const ackedWhileDown = writers.map((w) => w.ackedClock());
    const relayedWhileDown = Y.encodeStateVector(reader.doc);
    const typedWhileDown = writers.map((w) => clock(w));

    cluster.postgres.start();
    const upAt = Date.now();
    const due = writers.map((w) => clock(w));
    await until(
      () => writers.every((w, i) => w.ackedClock() >= due[i]!),
      'stored after the restart',
      20_000,
    ).catch(() => {});
    const recoveredMs = Date.now() - upAt;
    typing = false;
    await Promise.all(loops);
    await until(() => writers.every((w) => w.ackedClock() >= clock(w)), 'everything acknowledged', 30_000);
    figure('postgres-restart', { downMs: DOWN_MS, recoveredMs, restStatus: [rest.status, change.status] });

    expect(ackedWhileDown).toEqual(acked);
    expect(Buffer.from(relayedWhileDown).equals(Buffer.from(relayed))).toBe(true);
    expect(typedWhileDown.every((typed, i) => typed > acked[i]!)).toBe(true); // they kept typing
    expect(rest.status).toBe(503);
    expect(change.status).toBe(503);
    expect(recoveredMs).toBeLessThanOrEqual(5000);
    expect(clients.flatMap((c) => c.closes).filter((code) => code >= 4400 && code < 4500)).toEqual([]);
    const stored = await readPgReport(cluster.pool, reportId);
    expect(stored.pending).toBe(false);
    for (const [i, w] of writers.entries()) {
      const text = bodyText(stored.doc, sections[i]!.id);
      expect(text).toBe(bodyText(w.doc, sections[i]!.id));
      expect(tokens[i]!.filter((t) => text.split(t).length !== 2)).toEqual([]);
    }
    expect(JSON.stringify(stored.doc.getMap('sections').toJSON())).not.toContain('第三部分');
  });
});
