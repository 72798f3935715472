/**
 * Forwarding to the owner and its hop header: a node that does not own a report passes the WebSocket
 * and the REST call on to the owner, signed under CLUSTER_SECRET. A request whose hop header is forged,
 * stale or missing is not taken for a forwarded one (it is routed like any client's: a client cannot
 * pose as a node to skip routing), and a genuinely forwarded one is served where it lands, never sent
 * on again: on a node that is not the owner it is told to retry (WebSocket 1012, REST 503).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLIENT_IP_HEADER, HOP_HEADER, signHop } from '../../server/cluster/hop.ts';
import { type Account, addSection, api, createReport, registerAdmin } from '../helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from '../helpers/clients.ts';
import { CLUSTER_SECRET, type ClusterNode, startCluster, type TestCluster } from '../helpers/cluster.ts';
import { describePostgres } from '../helpers/postgres.ts';

describePostgres('forwarding to the owner', () => {
  let cluster: TestCluster;
  let a: ClusterNode;
  let b: ClusterNode;
  let leader: Account;
  let reportId: string;
  let sectionId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2 });
    [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    leader = await registerAdmin(a.base);
    reportId = await createReport(a.base, leader, '2026年度信访工作报告');
    sectionId = (await addSection(a.base, leader, reportId, '一、基本情况')).id;
    expect((await cluster.owner(reportId))?.id).toBe(a.id);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await cluster?.close();
  });

  const wsPath = () => `/ws/${reportId}?token=${leader.token}`;

  /** A raw upgrade to `node` with `headers`; resolves with the close code, or 'open' once synced frames flow. */
  const upgradeTo = (node: ClusterNode, headers: Record<string, string>) =>
    new Promise<number | 'open'>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${node.port}${wsPath()}`, { headers });
      let frames = 0;
      socket.on('message', () => {
        // The owner's first frames (sync step 1, awareness): the room loaded, so it was served by A.
        if (++frames === 1) {
          resolve('open');
          socket.close();
        }
      });
      socket.on('close', (code) => resolve(code));
      socket.on('error', reject);
    });

  const signed = (nodeId: string, method: string, path: string, now?: number) =>
    signHop(CLUSTER_SECRET, nodeId, '127.0.0.1', method, path, now);

  it('forwards a stock client’s socket on a non-owner to the owner, both ways', async () => {
    const viaB = connect(b.wsUrl, reportId, leader.token);
    const onA = connect(a.wsUrl, reportId, leader.token);
    clients.push(viaB, onA);
    await Promise.all([synced(viaB), synced(onA)]);
    typeInto(viaB.doc, sectionId, '全年受理信访事项X件。');
    await until(() => bodyText(onA.doc, sectionId) === '全年受理信访事项X件。', 'B → A');
    typeInto(onA.doc, sectionId, '办结率X%。', '全年受理信访事项X件。'.length);
    await until(() => bodyText(viaB.doc, sectionId).endsWith('办结率X%。'), 'A → B');
    expect((await cluster.lease(reportId))?.nodeId).toBe(a.id);
  });

  it('routes an upgrade with a forged, stale or missing hop signature like any client’s (to the owner)', async () => {
    const genuine = signed(b.id, 'GET', wsPath());
    const forged = {
      [HOP_HEADER]: genuine[HOP_HEADER]!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      [CLIENT_IP_HEADER]: '127.0.0.1',
    };
    const stale = signed(a.id, 'GET', wsPath(), Date.now() - 120_000);
    const otherSecret = signHop(
      'not-the-cluster-secret-0123456789abcdef',
      a.id,
      '127.0.0.1',
      'GET',
      wsPath(),
    );
    const otherPath = signed(a.id, 'GET', `/ws/${reportId}`);
    for (const headers of [
      forged,
      stale,
      otherSecret,
      otherPath,
      { [CLIENT_IP_HEADER]: '203.0.113.9' },
      {},
    ]) {
      expect(await upgradeTo(b, headers)).toBe('open');
    }
    expect((await cluster.lease(reportId))?.nodeId).toBe(a.id);
  });

  it('serves a genuinely forwarded upgrade where it lands: on a non-owner it is told 1012 (reconnect), never sent on', async () => {
    expect(await upgradeTo(b, signed(a.id, 'GET', wsPath()))).toBe(1012);
    // The owner serves a forwarded upgrade as its own.
    expect(await upgradeTo(a, signed(b.id, 'GET', wsPath()))).toBe('open');
    expect((await cluster.lease(reportId))?.nodeId).toBe(a.id);
  });

  it('forwards a REST call on the report to the owner, and answers a forwarded one where it lands', async () => {
    const path = `/api/reports/${reportId}`;
    const auth = { authorization: `Bearer ${leader.token}` };
    const viaB = await api(b.base, 'GET', path, { token: leader.token });
    expect(viaB.status).toBe(200);
    expect(viaB.body.sections.map((s: { id: string }) => s.id)).toEqual([sectionId]);
    // A change through B (made by A, which holds the live doc).
    const renamed = await api(b.base, 'PATCH', `${path}/sections/${sectionId}`, {
      token: leader.token,
      body: { title: '一、总体情况' },
    });
    expect(renamed.status).toBe(200);
    const forged: Record<string, string> = { ...signed(a.id, 'GET', path), ...auth };
    forged[HOP_HEADER] = forged[HOP_HEADER]!.replace(/\.[^.]+$/, '.AAAA');
    expect((await api(b.base, 'GET', path, { headers: forged })).status).toBe(200);
    const genuine = await api(b.base, 'GET', path, { headers: { ...signed(a.id, 'GET', path), ...auth } });
    expect(genuine.status).toBe(503);
    expect(genuine.body.error.code).toBe('report_moved');
    expect(genuine.headers.get('retry-after')).toBe('1');
    expect((await cluster.lease(reportId))?.nodeId).toBe(a.id);
  });
});
