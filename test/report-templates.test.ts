/**
 * New reports that do not start empty, through the REST API: from a template (sections, text
 * with X, the author's parts assigned to the creator) and from an existing report (its sections,
 * formatted text and team; not its statuses, due dates or comments). Copying needs membership of
 * the source; bad requests are refused and create nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { templateById } from '../shared/templates.ts';
import {
  type Account,
  addSection,
  api,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from './helpers/api.ts';
import { bodyText, connect, synced, typeParagraph } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let writer: Account;
let outsider: Account;

beforeAll(async () => {
  server = await startServer();
  leader = await registerAdmin(server.url);
  writer = await createUser(server.url, leader, 'lisi', '李四');
  outsider = await createUser(server.url, leader, 'zhaoliu', '赵六');
});
afterAll(() => server.stop());

const create = (who: Account, body: unknown) =>
  api(server.url, 'POST', '/api/reports', { token: who.token, body });
const detail = async (who: Account, id: string) =>
  (await api(server.url, 'GET', `/api/reports/${id}`, { token: who.token })).body;
const reportCount = async (who: Account) =>
  (await api(server.url, 'GET', '/api/reports', { token: who.token })).body.reports.length;

/** Each section's body text, read over a stock y-websocket client. */
async function bodies(who: Account, id: string, sids: string[]): Promise<string[]> {
  const client = connect(server.wsUrl, id, who.token);
  await synced(client);
  const out = sids.map((sid) => bodyText(client.doc, sid));
  client.destroy();
  return out;
}

/** The formatting runs of a section's first paragraph. */
async function firstRuns(who: Account, id: string, sid: string): Promise<unknown[]> {
  const client = connect(server.wsUrl, id, who.token);
  await synced(client);
  const para = client.doc.getXmlFragment(`body:${sid}`).get(0) as Y.XmlElement | undefined;
  const runs = para ? (para.get(0) as Y.XmlText).toDelta() : [];
  client.destroy();
  return runs;
}

const BOLD_RUNS = [{ insert: '全年完成', attributes: { bold: {} } }, { insert: '重点任务X项。' }];

describe('reports from templates', () => {
  it('creates the 年度工作总结 template with its text and the creator on her parts', async () => {
    const res = await create(leader, { title: '市政协办公室2026年度工作总结', template: 'nianzhong' });
    expect(res.status).toBe(201);
    const id = res.body.report.id;
    const { sections } = await detail(leader, id);
    const template = templateById('nianzhong')!;
    expect(sections.map((s: { title: string }) => s.title)).toEqual(template.sections.map((s) => s.title));
    expect(sections.map((s: { level: number }) => s.level)).toEqual(template.sections.map((s) => s.level));
    expect(sections.map((s: { assignees: string[] }) => s.assignees)).toEqual(
      template.sections.map((s) => (s.owner === 'me' ? [leader.id] : [])),
    );
    expect(sections.every((s: { status: string }) => s.status === 'todo')).toBe(true);
    const texts = await bodies(
      leader,
      id,
      sections.map((s: { id: string }) => s.id),
    );
    expect(texts).toEqual(template.sections.map((s) => s.paragraphs.join('\n')));
    const progress = await api(server.url, 'GET', `/api/reports/${id}/progress`, { token: leader.token });
    expect(progress.body.totals.placeholders).toBeGreaterThan(10);
  });

  it('refuses an unknown template, or a template and a source together, creating nothing', async () => {
    const before = await reportCount(leader);
    expect((await create(leader, { title: '报告', template: 'nope' })).status).toBe(400);
    const other = await createReport(server.url, leader, '旧报告');
    expect((await create(leader, { title: '报告', template: 'shuzhi', from: other })).status).toBe(400);
    expect(await reportCount(leader)).toBe(before + 1);
  });
});

describe('reports from an existing report', () => {
  it('copies sections, formatted text and the team, but not statuses, dues or comments', async () => {
    const old = await createReport(server.url, leader, '2025年度工作总结');
    await setRole(server.url, leader, old, writer.id, 'writer');
    const a = await addSection(server.url, leader, old, '主要工作', [writer.id]);
    const b = await addSection(server.url, leader, old, '下步打算', [leader.id]);
    const patched = await api(server.url, 'PATCH', `/api/reports/${old}/sections/${a.id}`, {
      token: leader.token,
      body: { due: '2025-12-20' },
    });
    expect(patched.status).toBe(200);
    // Text with a bold run, written by the writer.
    const client = connect(server.wsUrl, old, writer.token);
    await synced(client);
    typeParagraph(client.doc, a.id, '全年完成重点任务X项。');
    const para = client.doc.getXmlFragment(`body:${a.id}`).get(0) as Y.XmlElement;
    (para.get(0) as Y.XmlText).format(0, 4, { bold: {} });
    await expect.poll(() => firstRuns(leader, old, a.id)).toEqual(BOLD_RUNS);
    client.destroy();

    const res = await create(writer, { title: '2026年度工作总结', from: old });
    expect(res.status).toBe(201);
    const id = res.body.report.id;
    const got = await detail(writer, id);
    expect(got.report.role).toBe('leader');
    const roles = Object.fromEntries(
      got.members.map((m: { userId: string; role: string }) => [m.userId, m.role]),
    );
    expect(roles).toEqual({ [leader.id]: 'leader', [writer.id]: 'leader' });
    expect(
      got.sections.map((s: { title: string; assignees: string[]; status: string; due: null }) => [
        s.title,
        s.assignees,
        s.status,
        s.due,
      ]),
    ).toEqual([
      ['主要工作', [writer.id], 'todo', null],
      ['下步打算', [leader.id], 'todo', null],
    ]);
    expect(got.sections.map((s: { id: string }) => s.id)).not.toContain(a.id);
    expect(got.sections.map((s: { id: string }) => s.id)).not.toContain(b.id);

    const sid = got.sections[0].id;
    expect((await bodies(writer, id, [sid]))[0]).toBe('全年完成重点任务X项。');
    expect(await firstRuns(writer, id, sid)).toEqual(BOLD_RUNS);
    // The source is untouched.
    expect((await bodies(leader, old, [a.id]))[0]).toBe('全年完成重点任务X项。');
  });

  it('answers 404 to someone outside the source report, creating nothing', async () => {
    const secret = await createReport(server.url, leader, '内部调研报告');
    const before = await reportCount(outsider);
    const res = await create(outsider, { title: '抄一份', from: secret });
    expect(res.status).toBe(404);
    expect((await create(outsider, { title: '抄一份', from: 'no-such-report' })).status).toBe(404);
    expect(await reportCount(outsider)).toBe(before);
  });
});
