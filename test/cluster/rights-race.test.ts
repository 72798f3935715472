/**
 * A rights race across nodes: a leader approves one section and unassigns the only writer of another
 * through node X while their writers hammer them through Y and Z (the owner). The stored log is then
 * replayed entry by entry from PostgreSQL alone: from the entry that approved (or unassigned) a
 * section on, no later entry changes that section's text. The check runs where the report lives (the
 * owner), whichever node the leader's call and the writers' sockets arrived on.
 */
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionInfo } from '../../server/reports/doc-sections.ts';
import { SECTIONS, type SectionInfo } from '../../shared/layout.ts';
import { type AckClient, connectWithAcks } from '../helpers/ack-client.ts';
import { addSection, api, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { bodyText, typeInto, until } from '../helpers/clients.ts';
import { clusterSuite, threeNodes } from '../helpers/cluster.ts';
import { describePostgres } from '../helpers/postgres.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describePostgres('rights race across nodes', () => {
  const suite = clusterSuite({ nodes: 3 });
  const writers: AckClient[] = [];
  afterAll(() => {
    for (const w of writers) w.destroy();
  });

  it('stores no client write to a section after the entry that approved or unassigned it', async () => {
    const cluster = suite.get();
    const [x, y, z] = threeNodes(cluster);
    const leader = await registerAdmin(z.base);
    const reportId = await createReport(z.base, leader, '2026年营商环境调研报告');
    expect(await cluster.owner(reportId)).toBe(z);

    const w1 = await createUser(z.base, leader, 'zhangwei', '张伟');
    const w2 = await createUser(z.base, leader, 'liqiang', '李强');
    for (const w of [w1, w2]) await setRole(z.base, leader, reportId, w.id, 'writer');
    const approved = await addSection(z.base, leader, reportId, '一、基本情况', [w1.id]);
    const unassigned = await addSection(z.base, leader, reportId, '二、存在的问题', [w2.id]);
    // One writer through a forwarding node, one on the owner itself.
    writers.push(connectWithAcks(y.wsUrl, reportId, w1.token), connectWithAcks(z.wsUrl, reportId, w2.token));
    await until(() => writers.every((w) => w.provider.synced), 'writers synced', 20_000);

    let typing = true;
    const targets = [approved, unassigned];
    const loops = writers.map(async (w, i) => {
      const section = targets[i]!;
      for (let n = 0; typing; n++) {
        // Refused once the section is closed to this writer (4403): it keeps typing into its copy.
        typeInto(w.doc, section.id, `第${n}条。`, bodyText(w.doc, section.id).length);
        await sleep(5);
      }
    });
    await sleep(800);

    // Through node X, at the same moment: 提交 then 定稿 one section, take the other from its writer.
    const patch = (sid: string, body: object) =>
      api(x.base, 'PATCH', `/api/reports/${reportId}/sections/${sid}`, { token: leader.token, body });
    const approve = (async () => {
      expect((await patch(approved.id, { status: 'submitted' })).status).toBe(200);
      return patch(approved.id, { status: 'approved', force: true });
    })();
    const unassign = patch(unassigned.id, { assignees: [] });
    const [approvedRes, unassignedRes] = await Promise.all([approve, unassign]);
    expect(approvedRes.status).toBe(200);
    expect(unassignedRes.status).toBe(200);
    await sleep(1500); // the writers hammer on past the change
    typing = false;
    await Promise.all(loops);

    // Replay the stored log one entry at a time.
    const { rows } = await cluster.pool.query(
      'SELECT seq::int AS seq, bytes FROM updates WHERE report_id = $1 ORDER BY seq',
      [reportId],
    );
    const snapshots = await cluster.pool.query('SELECT 1 FROM snapshots WHERE report_id = $1', [reportId]);
    expect(snapshots.rowCount).toBe(0); // the whole history is in the log: nothing folded away unseen
    const doc = new Y.Doc();
    const info = (id: string): SectionInfo | null => {
      const map = doc.getMap(SECTIONS).get(id);
      return map instanceof Y.Map ? sectionInfo(id, map as Y.Map<unknown>) : null;
    };
    const closedAt = new Map<string, { seq: number; text: string }>();
    const changedAfter: string[] = [];
    let writesBefore = 0;
    for (const row of rows as { seq: number; bytes: Buffer }[]) {
      Y.applyUpdate(doc, new Uint8Array(row.bytes));
      for (const [section, isClosed] of [
        [approved, (s: SectionInfo) => s.status === 'approved'],
        [unassigned, (s: SectionInfo) => !s.assignees.includes(w2.id)],
      ] as const) {
        const now = info(section.id);
        const text = bodyText(doc, section.id);
        const closed = closedAt.get(section.id);
        if (closed && text !== closed.text) changedAfter.push(`${section.title} at seq ${row.seq}`);
        if (!closed && now && isClosed(now) && text.length > 0) {
          closedAt.set(section.id, { seq: row.seq, text });
          writesBefore += text.split('。').length - 1;
        }
      }
    }
    expect([...closedAt.keys()].sort()).toEqual([approved.id, unassigned.id].sort());
    expect(changedAfter).toEqual([]);
    // The race was real: both writers had text stored before the change, and kept sending after it.
    expect(writesBefore).toBeGreaterThan(10);
    for (const [i, w] of writers.entries()) {
      expect(bodyText(w.doc, targets[i]!.id).length).toBeGreaterThan(
        closedAt.get(targets[i]!.id)!.text.length,
      );
    }
    // Every node serves the same stored text.
    for (const node of [x, y, z]) {
      const res = await api(node.base, 'GET', `/api/reports/${reportId}/progress`, { token: leader.token });
      expect(res.status).toBe(200);
      const row = res.body.sections.find((s: { id: string }) => s.id === approved.id);
      expect(row.status).toBe('approved');
    }
  });
});
