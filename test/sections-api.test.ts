import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, addSection, api, createUser, reportWithCast, setRole } from './helpers/api.ts';
import { type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let writer: Account;
let other: Account;
let commenter: Account;
let viewer: Account;
let outsider: Account;
let reportId: string;

beforeAll(async () => {
  server = await startServer();
  ({ leader, writer, other, commenter, viewer, outsider, reportId } = await reportWithCast(
    server.url,
    '政协主席2026年度述职述廉述学报告',
  ));
});
afterAll(() => server.stop());

const call = (who: Account, method: string, path: string, body?: unknown) =>
  api(server.url, method, `/api/reports/${reportId}${path}`, { token: who.token, body });

describe('reports', () => {
  it('lists a report with the caller’s role and progress, and hides it from non-members', async () => {
    const mine = await api(server.url, 'GET', '/api/reports', { token: writer.token });
    expect(mine.body.reports).toHaveLength(1);
    expect(mine.body.reports[0]).toMatchObject({
      id: reportId,
      role: 'writer',
      progress: { sections: expect.any(Number) },
    });
    expect((await api(server.url, 'GET', '/api/reports', { token: outsider.token })).body.reports).toEqual(
      [],
    );
    expect((await call(outsider, 'GET', '')).status).toBe(404);
    const full = await call(viewer, 'GET', '');
    expect(full.body.report).toMatchObject({ title: '政协主席2026年度述职述廉述学报告', role: 'viewer' });
    expect(full.body.members.map((m: { displayName: string }) => m.displayName)).toContain('李四');
  });

  it('lets only leaders manage members, and keeps one leader', async () => {
    expect((await call(writer, 'PUT', `/members/${outsider.id}`, { role: 'viewer' })).status).toBe(403);
    expect((await call(leader, 'PUT', `/members/${outsider.id}`, { role: 'boss' })).status).toBe(400);
    expect((await call(leader, 'PUT', '/members/nobody', { role: 'viewer' })).status).toBe(404);
    expect((await call(leader, 'PUT', `/members/${leader.id}`, { role: 'writer' })).status).toBe(409);
    expect((await call(leader, 'DELETE', `/members/${leader.id}`)).status).toBe(409);
  });
});

describe('sections', () => {
  it('creates, renames, moves and deletes sections (leaders only), visible live in the doc', async () => {
    const live: Client = connect(server.wsUrl, reportId, viewer.token);
    await synced(live);
    try {
      const a = await addSection(server.url, leader, reportId, '一、履职尽责情况');
      const b = await addSection(server.url, leader, reportId, '二、廉洁自律情况');
      expect((await call(writer, 'POST', '/sections', { title: '三、' })).status).toBe(403);
      expect((await call(leader, 'POST', '/sections', { title: '' })).status).toBe(400);
      expect((await call(leader, 'POST', '/sections', { title: '三、', after: 'nope' })).status).toBe(400);
      const renamed = await call(leader, 'PATCH', `/sections/${a.id}`, { title: '一、履职尽责', level: 1 });
      expect(renamed.body.section).toMatchObject({ title: '一、履职尽责', status: 'todo' });
      const moved = await call(leader, 'POST', `/sections/${b.id}/move`, { after: null });
      expect(moved.body.outline.slice(0, 2)).toEqual([b.id, a.id]);
      await until(() => live.doc.getArray('outline').toArray()[0] === b.id, 'live outline');
      const title = () => (live.doc.getMap('sections').get(a.id) as any)?.get('title');
      await until(() => title() === '一、履职尽责', 'live rename');
      expect((await call(leader, 'DELETE', `/sections/${b.id}`)).status).toBe(204);
      await until(() => !live.doc.getArray('outline').toArray().includes(b.id), 'live delete');
      expect((await call(leader, 'DELETE', `/sections/${b.id}`)).status).toBe(404);
    } finally {
      live.destroy();
    }
  });

  it('assigns only writers and leaders of the report', async () => {
    const s = await addSection(server.url, leader, reportId, '三、学习情况');
    expect((await call(leader, 'PATCH', `/sections/${s.id}`, { assignees: [viewer.id] })).status).toBe(400);
    expect((await call(leader, 'PATCH', `/sections/${s.id}`, { assignees: [outsider.id] })).status).toBe(400);
    const ok = await call(leader, 'PATCH', `/sections/${s.id}`, { assignees: [writer.id, writer.id] });
    expect(ok.body.section.assignees).toEqual([writer.id]);
  });

  it('runs the workflow: first edit → drafting, submit, return with a note, approve; bad moves → 409', async () => {
    const s = await addSection(server.url, leader, reportId, '四、存在的不足', [writer.id]);
    expect((await call(writer, 'PATCH', `/sections/${s.id}`, { status: 'submitted' })).status).toBe(409);
    const c = connect(server.wsUrl, reportId, writer.token);
    await synced(c);
    typeInto(c.doc, s.id, '一是学习不够深入。');
    const status = async () =>
      (await call(leader, 'GET', '')).body.sections.find((x: any) => x.id === s.id).status;
    await until(() => (c.doc.getMap('sections').get(s.id) as any)?.get('status') === 'drafting', 'drafting');
    expect(await status()).toBe('drafting');
    c.destroy();
    expect((await call(other, 'PATCH', `/sections/${s.id}`, { status: 'submitted' })).status).toBe(403);
    expect((await call(writer, 'PATCH', `/sections/${s.id}`, { title: '改标题' })).status).toBe(403);
    expect((await call(writer, 'PATCH', `/sections/${s.id}`, { status: 'approved' })).status).toBe(409);
    expect((await call(writer, 'PATCH', `/sections/${s.id}`, { status: 'submitted' })).status).toBe(200);
    const returned = await call(leader, 'PATCH', `/sections/${s.id}`, {
      status: 'returned',
      note: '请补充具体数据',
    });
    expect(returned.body.section).toMatchObject({ status: 'returned', note: '请补充具体数据' });
    expect((await call(leader, 'PATCH', `/sections/${s.id}`, { status: 'approved' })).status).toBe(409);
    expect((await call(writer, 'PATCH', `/sections/${s.id}`, { status: 'submitted' })).status).toBe(200);
    const approved = await call(leader, 'PATCH', `/sections/${s.id}`, { status: 'approved' });
    expect(approved.body.section.status).toBe('approved');
    expect(approved.body.section.note).toBeUndefined();
    const conflict = await call(leader, 'PATCH', `/sections/${s.id}`, { status: 'drafting' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toMatch(/approved to drafting/);
  });

  it('records every change in the activity log', async () => {
    const res = await call(viewer, 'GET', '/activity');
    const actions = res.body.activity.map((a: { action: string }) => a.action);
    for (const a of ['report.create', 'section.create', 'section.update', 'section.move', 'section.delete']) {
      expect(actions).toContain(a);
    }
    for (const a of ['section.drafting', 'section.submitted', 'section.returned', 'section.approved']) {
      expect(actions).toContain(a);
    }
    expect(res.body.activity[0].createdAt).toBeGreaterThan(0);
  });

  it('reports progress per section with placeholders and characters', async () => {
    const s = await addSection(server.url, leader, reportId, '五、下一步打算', [other.id]);
    const c = connect(server.wsUrl, reportId, other.token);
    await synced(c);
    typeInto(c.doc, s.id, '计划于X年X月前完成调研X次。');
    const progress = async () => (await call(commenter, 'GET', '/progress')).body;
    await until(
      () =>
        c.provider.synced && server.deps.rooms.get(reportId).doc.getXmlFragment(`body:${s.id}`).length > 0,
    );
    const body = await progress();
    c.destroy();
    const row = body.sections.find((x: any) => x.id === s.id);
    expect(row).toMatchObject({
      title: '五、下一步打算',
      status: 'drafting',
      assignees: [other.id],
      placeholders: 3,
    });
    expect(row.chars).toBe('计划于X年X月前完成调研X次。'.length);
    expect(body.totals).toMatchObject({ approved: 1, sections: body.sections.length });
    expect(body.totals.placeholders).toBeGreaterThanOrEqual(3);
  });
});

describe('member removal', () => {
  it('unassigns a removed member from their sections', async () => {
    const temp = await createUser(server.url, leader, 'linshi', '临时撰稿人');
    await setRole(server.url, leader, reportId, temp.id, 'writer');
    const s = await addSection(server.url, leader, reportId, '六、附件', [temp.id, writer.id]);
    expect((await call(leader, 'DELETE', `/members/${temp.id}`)).status).toBe(204);
    const after = (await call(leader, 'GET', '')).body.sections.find((x: any) => x.id === s.id);
    expect(after.assignees).toEqual([writer.id]);
  });
});
