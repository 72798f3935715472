/**
 * The report list on a node that does not serve a report shows the owner's latest state (from the
 * summary row the owner keeps), without loading the report there: text typed and a section approved
 * through the owner are listed on the other node within a few seconds, and the owner keeps the report.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Account, addSection, api, createReport, registerAdmin } from '../helpers/api.ts';
import { type Client, connect, synced, typeInto } from '../helpers/clients.ts';
import { type ClusterNode, startCluster, type TestCluster } from '../helpers/cluster.ts';
import { describePostgres } from '../helpers/postgres.ts';

describePostgres('report list across nodes', () => {
  let cluster: TestCluster;
  let a: ClusterNode;
  let b: ClusterNode;
  let leader: Account;
  let client: Client | undefined;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2 });
    [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    leader = await registerAdmin(a.base);
  });
  afterAll(async () => {
    client?.destroy();
    await cluster?.close();
  });

  const listedOn = async (node: ClusterNode, reportId: string) => {
    const res = await api(node.base, 'GET', '/api/reports', { token: leader.token });
    expect(res.status).toBe(200);
    return res.body.reports.find((r: { id: string }) => r.id === reportId)?.progress;
  };

  /** Polls the list on `node` until `check` holds (the owner writes its summary a moment after a change). */
  const eventually = async (node: ClusterNode, reportId: string, check: (p: any) => boolean) => {
    const deadline = Date.now() + 5000;
    let last: unknown;
    while (Date.now() < deadline) {
      last = await listedOn(node, reportId);
      if (last && check(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`list on ${node.id} still shows ${JSON.stringify(last)}`);
  };

  it('shows on node B what the owner A has now: text typed and a section approved', async () => {
    const reportId = await createReport(a.base, leader, '2026年第一季度安全生产报告');
    const first = await addSection(a.base, leader, reportId, '一、总体情况');
    await addSection(a.base, leader, reportId, '二、存在问题');
    expect((await cluster.owner(reportId))?.id).toBe(a.id);
    await eventually(b, reportId, (p) => p.sections === 2 && p.chars === 0);

    client = connect(a.wsUrl, reportId, leader.token);
    await synced(client);
    const text = '本季度开展检查X次，整改隐患X处。';
    typeInto(client.doc, first.id, text);
    await eventually(b, reportId, (p) => p.chars === text.length && p.placeholders === 2);

    // Through B: the REST call is forwarded to A, which changes its live doc.
    for (const status of ['drafting', 'submitted', 'approved']) {
      const res = await api(b.base, 'PATCH', `/api/reports/${reportId}/sections/${first.id}`, {
        token: leader.token,
        body: { status },
      });
      expect(res.status).toBe(200);
    }
    await eventually(b, reportId, (p) => p.approved === 1 && p.sections === 2);
    // B listed it from A's row all along: A still holds the report.
    expect((await cluster.lease(reportId))?.nodeId).toBe(a.id);
    expect(await listedOn(a, reportId)).toEqual(await listedOn(b, reportId));
  });
});
