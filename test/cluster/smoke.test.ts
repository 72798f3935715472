/**
 * Three nodes on one PostgreSQL: a report is served by the node holding its lease, whichever node a
 * client or a REST call reaches. A stock y-websocket client on B edits a report A owns (its upgrade is
 * forwarded to A), a client on C sees the edit, and a REST change sent to C is made by A.
 */
import { afterAll, expect, it } from 'vitest';
import {
  type Account,
  addSection,
  api,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from '../helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from '../helpers/clients.ts';
import { clusterSuite, threeNodes } from '../helpers/cluster.ts';
import { readPgReport } from '../helpers/pg-stored-report.ts';
import { describePostgres } from '../helpers/postgres.ts';

describePostgres('cluster of three nodes', () => {
  const suite = clusterSuite({ nodes: 3 });
  const clients: Client[] = [];
  afterAll(() => {
    for (const c of clients) c.destroy();
  });

  it('serves a report from its owner through any node, WebSocket and REST', async () => {
    const cluster = suite.get();
    const [a, b, c] = threeNodes(cluster);
    const leader = await registerAdmin(a.base);
    // Accounts and sessions live in PostgreSQL: made on one node, valid on every other.
    const writer: Account = await createUser(b.base, leader, 'zhaolei', '赵磊');
    // Creating the report seeds its document on the node that got the call: A holds it.
    const reportId = await createReport(a.base, leader, '2026年第一季度安全生产报告');
    expect(await cluster.owner(reportId)).toBe(a);
    await setRole(c.base, leader, reportId, writer.id, 'writer');
    const onA = connect(a.wsUrl, reportId, leader.token);
    clients.push(onA);
    await synced(onA);

    const section = await addSection(c.base, leader, reportId, '一、总体情况', [writer.id]);
    const onB = connect(b.wsUrl, reportId, writer.token);
    const onC = connect(c.wsUrl, reportId, leader.token);
    clients.push(onB, onC);
    await Promise.all([synced(onB), synced(onC)]);
    typeInto(onB.doc, section.id, '本季度未发生较大事故。');
    await until(() => bodyText(onC.doc, section.id) === '本季度未发生较大事故。', 'the edit on C');
    await until(() => bodyText(onA.doc, section.id) === '本季度未发生较大事故。', 'the edit on A');
    // Still A's: B and C forwarded rather than loading the report themselves.
    expect((await cluster.lease(reportId))?.nodeId).toBe(a.id);
    const stored = await readPgReport(cluster.pool, reportId);
    expect(bodyText(stored.doc, section.id)).toBe('本季度未发生较大事故。');

    // REST through a node that does not own the report: made by the owner, seen live by every client.
    const added = await api(c.base, 'POST', `/api/reports/${reportId}/sections`, {
      token: leader.token,
      body: { title: '二、存在问题' },
    });
    expect(added.status).toBe(201);
    const titles = () => JSON.stringify(onB.doc.getMap('sections').toJSON());
    await until(() => titles().includes(added.body.section.id), 'the new section on B');
    const progress = await api(b.base, 'GET', `/api/reports/${reportId}/progress`, { token: leader.token });
    expect(progress.status).toBe(200);
    expect((await cluster.lease(reportId))?.nodeId).toBe(a.id);
    for (const client of clients) expect(client.provider.wsconnected).toBe(true);
  });
});
