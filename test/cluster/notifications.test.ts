/**
 * Notifications across nodes: a mention made through one node reaches the mentioned user's live inbox
 * (SSE) open on another node within a second (PostgreSQL LISTEN/NOTIFY), and one stored while that
 * node's listening connection was down arrives once it is back (re-queried on reconnect).
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { anchorFor } from '../helpers/anchors.ts';
import {
  type Account,
  addSection,
  api,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from '../helpers/api.ts';
import { type Client, connect, synced, typeInto, until } from '../helpers/clients.ts';
import { type ClusterNode, startCluster, type TestCluster } from '../helpers/cluster.ts';
import { describePostgres } from '../helpers/postgres.ts';
import { openNoticeStream } from '../helpers/sse.ts';

describePostgres('notifications across nodes', () => {
  let cluster: TestCluster;
  let a: ClusterNode;
  let b: ClusterNode;
  let leader: Account;
  let writer: Account;
  let reportId: string;
  let sectionId: string;
  let typist: Client;
  const quote = '民主协商活动X次';

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2 });
    [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
    leader = await registerAdmin(a.base);
    writer = await createUser(a.base, leader, 'lisi', '李四');
    reportId = await createReport(a.base, leader);
    await setRole(a.base, leader, reportId, writer.id, 'writer');
    sectionId = (await addSection(a.base, leader, reportId, '一、主要工作', [writer.id])).id;
    typist = connect(a.wsUrl, reportId, leader.token);
    await synced(typist);
    typeInto(typist.doc, sectionId, `组织开展${quote}，形成协商成果X项。`);
    await until(() => typist.provider.synced, 'typed');
    expect((await cluster.owner(reportId))?.id).toBe(a.id);
  });
  afterAll(async () => {
    typist?.destroy();
    await cluster?.close();
  });

  /** A comment by the leader through node A mentioning the writer. */
  const mention = async (body: string) => {
    const res = await api(a.base, 'POST', `/api/reports/${reportId}/comments`, {
      token: leader.token,
      body: { sectionId, anchor: anchorFor(typist.doc, sectionId, quote), quote, body },
    });
    expect(res.status).toBe(201);
    return res.body.comment.id as string;
  };

  it('pushes a mention made on node A to an inbox open on node B within a second', async () => {
    const stream = await openNoticeStream(b.base, writer.token);
    try {
      const sent = Date.now();
      const commentId = await mention('@李四 请核实次数');
      await until(() => stream.notices.length > 0, 'the mention on B', 1000);
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(stream.notices).toHaveLength(1);
      expect(stream.notices[0]).toMatchObject({ kind: 'mention', reportId, commentId, actorId: leader.id });
      // Once, though both nodes heard the announcement and node A stored it.
      await new Promise((r) => setTimeout(r, 300));
      expect(stream.notices).toHaveLength(1);
    } finally {
      stream.close();
    }
  });

  it('re-queries after its listening connection was lost: what was stored meanwhile still arrives', async () => {
    const stream = await openNoticeStream(b.base, writer.token);
    const admin = new pg.Client({ connectionString: cluster.databaseUrl });
    await admin.connect();
    try {
      // Cut node B's LISTEN connection (as a PostgreSQL restart or a network blip would), and wait until
      // it is gone: a NOTIFY sent now reaches nobody on B.
      const pids = async () =>
        (
          await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
            `coreport-notify ${b.id}`,
          ])
        ).rows.map((r) => r.pid as number);
      const before = await pids();
      expect(before).toHaveLength(1);
      await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);
      const gone = Date.now() + 5000;
      while ((await pids()).length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 10));
      const commentId = await mention('@李四 断线期间的提醒');
      // Stored (and announced) before B listened again: only the re-query can bring it.
      expect(await pids()).toEqual([]);
      await until(() => stream.notices.some((n) => n.commentId === commentId), 'the missed mention', 5000);
      expect(stream.notices.filter((n) => n.commentId === commentId)).toHaveLength(1);
    } finally {
      await admin.end();
      stream.close();
    }
  });
});
