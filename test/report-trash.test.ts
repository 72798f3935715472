/**
 * Rename and delete a report (issue 14.6): leaders rename and delete, a deleted report sits in a
 * 30-day trash an admin can restore from, then is purged. Real server, real SQLite file, stock
 * y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeTrash, TRASH_MS } from '../server/reports/trash.ts';
import { META } from '../shared/layout.ts';
import { type Account, api, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { connect, synced, until } from './helpers/clients.ts';
import { exportFile, importBody } from './helpers/import.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const TEXT = [
  'X县统计局2023年上半年工作总结',
  '一、主要工作',
  '完成第五次全国经济普查清查工作，共清查单位X个。',
  '二、下一步打算',
  '继续做好普查登记工作。',
].join('\n');

let server: TestServer;
let admin: Account;
let leader: Account;
let writer: Account;
let viewer: Account;

const call = (who: Account, method: string, path: string, body?: unknown) =>
  api(server.url, method, path, { token: who.token, body });
const newReport = async (title: string) => {
  const res = await importBody(server.url, leader.token, TEXT, `?title=${encodeURIComponent(title)}`);
  const id: string = res.body.report.id;
  await setRole(server.url, leader, id, writer.id, 'writer');
  await setRole(server.url, leader, id, viewer.id, 'viewer');
  return id;
};
const listed = async (who: Account) =>
  ((await call(who, 'GET', '/api/reports')).body.reports as { id: string; title: string }[]).map((r) => r.id);

beforeAll(async () => {
  server = await startServer();
  admin = await registerAdmin(server.url);
  leader = await createUser(server.url, admin, 'liming', '李明');
  writer = await createUser(server.url, admin, 'zhangsan', '张三');
  viewer = await createUser(server.url, admin, 'duzhe', '读者');
});
afterAll(() => server.stop());

describe('PATCH /api/reports/:id: rename', () => {
  it('lets a leader rename: the list, the report, the open editors and the export follow', async () => {
    const id = await newReport('X县统计局2023年工作总结');
    const live = connect(server.wsUrl, id, writer.token);
    await synced(live);
    const res = await call(leader, 'PATCH', `/api/reports/${id}`, {
      title: '  X县统计局2023年上半年工作总结 ',
    });
    expect(res.status).toBe(200);
    expect(res.body.report).toMatchObject({ id, title: 'X县统计局2023年上半年工作总结', role: 'leader' });
    expect((await call(viewer, 'GET', `/api/reports/${id}`)).body.report.title).toBe(
      'X县统计局2023年上半年工作总结',
    );
    await until(() => live.doc.getMap(META).get('title') === 'X县统计局2023年上半年工作总结', 'live title');
    live.destroy();
    const file = await exportFile(server.url, viewer.token, id, '?format=txt');
    expect(Buffer.from(file.bytes).toString('utf8').split('\n')[0]).toBe('X县统计局2023年上半年工作总结');
    const activity = (await call(leader, 'GET', `/api/reports/${id}/activity`)).body.activity;
    expect(activity.find((a: { action: string }) => a.action === 'report.rename').detail).toEqual({
      from: 'X县统计局2023年工作总结',
      to: 'X县统计局2023年上半年工作总结',
    });
  });

  it('refuses writers and viewers (403), non-members (404) and bad titles (400)', async () => {
    const id = await newReport('调研报告');
    for (const who of [writer, viewer]) {
      const res = await call(who, 'PATCH', `/api/reports/${id}`, { title: '改名' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/无权/);
    }
    const outsider = await createUser(server.url, admin, 'waibu', '外部人员');
    expect((await call(outsider, 'PATCH', `/api/reports/${id}`, { title: '改名' })).status).toBe(404);
    for (const body of [{ title: '   ' }, { title: '长'.repeat(201) }, {}, { title: '甲', extra: 1 }]) {
      expect((await call(leader, 'PATCH', `/api/reports/${id}`, body)).status).toBe(400);
    }
    expect((await call(viewer, 'GET', `/api/reports/${id}`)).body.report.title).toBe('调研报告');
  });
});

describe('DELETE /api/reports/:id: the trash', () => {
  it('refuses writers and viewers (403): nothing is deleted', async () => {
    const id = await newReport('述职报告');
    for (const who of [writer, viewer])
      expect((await call(who, 'DELETE', `/api/reports/${id}`)).status).toBe(403);
    expect(await listed(viewer)).toContain(id);
  });

  it('closes open sockets with 4404, hides the report from everyone, and an admin restores it', async () => {
    const id = await newReport('X县统计局2023年上半年工作总结（待删）');
    const live = connect(server.wsUrl, id, writer.token);
    await synced(live);
    const closed = live.nextClose();
    const res = await call(leader, 'DELETE', `/api/reports/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.purgeAt - res.body.deletedAt).toBe(TRASH_MS);
    expect(await closed).toEqual({ code: 4404, reason: 'report deleted' });
    live.destroy();

    for (const who of [leader, writer, viewer]) {
      expect(await listed(who)).not.toContain(id);
      expect((await call(who, 'GET', `/api/reports/${id}`)).status).toBe(404);
    }
    expect((await exportFile(server.url, leader.token, id, '?format=docx')).status).toBe(404);
    expect((await call(leader, 'PATCH', `/api/reports/${id}`, { title: '复活' })).status).toBe(404);
    expect((await call(leader, 'DELETE', `/api/reports/${id}`)).status).toBe(404);
    const again = connect(server.wsUrl, id, leader.token);
    expect((await again.nextClose()).code).toBe(4404);
    again.destroy();

    // Only admins see the trash and restore from it.
    expect((await call(leader, 'GET', '/api/trash')).status).toBe(403);
    expect((await call(leader, 'POST', `/api/trash/${id}/restore`)).status).toBe(403);
    const trash = (await call(admin, 'GET', '/api/trash')).body.reports;
    expect(trash.find((r: { id: string }) => r.id === id)).toMatchObject({
      title: 'X县统计局2023年上半年工作总结（待删）',
      deletedBy: leader.id,
      deletedByName: '李明',
      purgeAt: res.body.purgeAt,
    });
    expect((await call(admin, 'POST', `/api/trash/${id}/restore`)).status).toBe(200);
    expect((await call(admin, 'POST', `/api/trash/${id}/restore`)).status).toBe(404);
    expect(await listed(writer)).toContain(id);
    const back = await call(writer, 'GET', `/api/reports/${id}`);
    expect(back.body.sections.map((s: { title: string }) => s.title)).toEqual(['主要工作', '下一步打算']);
  });

  it('keeps the trash across a restart, and purges after 30 days', async () => {
    const id = await newReport('将被清除的报告');
    const kept = await newReport('留在回收站的报告');
    expect((await call(leader, 'DELETE', `/api/reports/${id}`)).status).toBe(200);
    await server.stop();
    server = await startServer({ DATA_DIR: server.dataDir });
    expect((await call(leader, 'GET', `/api/reports/${id}`)).status).toBe(404);
    expect((await call(admin, 'GET', '/api/trash')).body.reports.map((r: { id: string }) => r.id)).toContain(
      id,
    );

    // Not yet: one day short of 30 days.
    expect(purgeTrash(server.deps, Date.now() + TRASH_MS - 86_400_000)).toEqual([]);
    expect(purgeTrash(server.deps, Date.now() + TRASH_MS + 1000)).toEqual([id]);
    expect(
      (await call(admin, 'GET', '/api/trash')).body.reports.map((r: { id: string }) => r.id),
    ).not.toContain(id);
    expect((await call(admin, 'POST', `/api/trash/${id}/restore`)).status).toBe(404);
    const rows = server.deps.stores.db
      .prepare(
        'SELECT (SELECT COUNT(*) FROM updates WHERE report_id = ?) + (SELECT COUNT(*) FROM members WHERE report_id = ?) AS n',
      )
      .get(id, id) as { n: number };
    expect(rows.n).toBe(0);
    expect(await listed(writer)).toContain(kept);
  });
});
