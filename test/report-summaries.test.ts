/**
 * The report list reads each report's summary row rather than loading its document: a report nobody
 * has open is listed with its last totals without being loaded, one that is open is listed live, and
 * a report whose row is missing (made before summaries existed) is loaded once and gets one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Account, addSection, api, createReport, registerAdmin } from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;

beforeAll(async () => {
  server = await startServer({ ROOM_IDLE_MS: '200' });
  leader = await registerAdmin(server.url);
});
afterAll(async () => {
  await server.stop();
});

const listed = async (reportId: string) => {
  const res = await api(server.url, 'GET', '/api/reports', { token: leader.token });
  expect(res.status).toBe(200);
  return res.body.reports.find((r: { id: string }) => r.id === reportId).progress;
};

const typed = async (reportId: string, sectionId: string, text: string) => {
  const client: Client = connect(server.wsUrl, reportId, leader.token);
  try {
    await synced(client);
    typeInto(client.doc, sectionId, text);
    await until(() => bodyText(server.deps.rooms.peek(reportId)?.doc ?? client.doc, sectionId) === text);
    return await listed(reportId);
  } finally {
    client.destroy();
  }
};

it('lists a report nobody has open from its summary, without loading it', async () => {
  const reportId = await createReport(server.url, leader, '2026年上半年工作总结');
  const section = await addSection(server.url, leader, reportId, '一、主要工作');
  const text = '完成调研X次，形成报告X份。';
  const live = await typed(reportId, section.id, text);
  expect(live).toMatchObject({ sections: 1, chars: text.length, placeholders: 2 });
  await until(() => !server.deps.rooms.peek(reportId), 'the room unloaded');
  const loads = server.deps.rooms.loads;
  expect(await listed(reportId)).toEqual(live);
  expect(server.deps.rooms.loads).toBe(loads);
  expect(server.deps.rooms.peek(reportId)).toBeUndefined();
});

it('loads a report without a summary row once, and lists it from the row it wrote after that', async () => {
  const reportId = await createReport(server.url, leader, '2026年下半年工作计划');
  await addSection(server.url, leader, reportId, '一、工作目标');
  await until(() => !server.deps.rooms.peek(reportId), 'the room unloaded');
  server.deps.stores.db.prepare('DELETE FROM report_summaries WHERE report_id = ?').run(reportId);
  const loads = server.deps.rooms.loads;
  expect(await listed(reportId)).toMatchObject({ sections: 1, chars: 0 });
  expect(server.deps.rooms.loads).toBe(loads + 1);
  await until(() => !server.deps.rooms.peek(reportId), 'the room unloaded again');
  expect(await listed(reportId)).toMatchObject({ sections: 1, chars: 0 });
  expect(server.deps.rooms.loads).toBe(loads + 1);
});

it('keeps a summary written by a room holding more of the report over a later one holding less', () => {
  const { summaries } = server.deps.stores;
  const reportId = 'summary-clock-test';
  server.deps.stores.reports.create(
    { id: reportId, title: '时钟测试', createdBy: leader.id, createdAt: Date.now() },
    leader.id,
  );
  const totals = (chars: number) => ({ chars, placeholders: 0, sections: 1, approved: 0, suggestions: 0 });
  summaries.write(reportId, totals(10), 20);
  summaries.write(reportId, totals(5), 12); // a former owner that had not seen the last edits
  expect(summaries.totalsOf([reportId]).get(reportId)).toEqual(totals(10));
  summaries.write(reportId, totals(12), 25);
  expect(summaries.totalsOf([reportId]).get(reportId)).toEqual(totals(12));
});
