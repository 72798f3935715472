/**
 * Numbering as structure through the REST API: exports print the computed numbers, which follow
 * moves, additions and deletions; a typed number of the section's own level is not printed twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, addSection, api, createReport, registerAdmin } from './helpers/api.ts';
import { exportFile } from './helpers/import.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;

beforeAll(async () => {
  server = await startServer();
  leader = await registerAdmin(server.url);
});
afterAll(() => server.stop());

const headings = async (reportId: string) => {
  const txt = await exportFile(server.url, leader.token, reportId, '?format=txt');
  return Buffer.from(txt.bytes).toString('utf8').trim().split('\n').slice(1);
};

describe('computed section numbers', () => {
  it('follow a move, an addition and a deletion; typed numbers are not doubled', async () => {
    const id = await createReport(server.url, leader, '2026年度工作总结');
    // Typed numbers (as older reports have them), one of them wrong.
    const a = await addSection(server.url, leader, id, '一、主要工作');
    const b = await addSection(server.url, leader, id, '二、存在不足');
    const c = await addSection(server.url, leader, id, '五、下一步打算');
    const sub = await api(server.url, 'POST', `/api/reports/${id}/sections`, {
      token: leader.token,
      body: { title: '（一）抓党建', level: 2, after: a.id },
    });
    expect(sub.status).toBe(201);
    expect(await headings(id)).toEqual(['一、主要工作', '（一）抓党建', '二、存在不足', '三、下一步打算']);

    // 三 moves above 二: the numbers follow.
    const moved = await api(server.url, 'POST', `/api/reports/${id}/sections/${c.id}/move`, {
      token: leader.token,
      body: { after: sub.body.section.id },
    });
    expect(moved.status).toBe(200);
    expect(await headings(id)).toEqual(['一、主要工作', '（一）抓党建', '二、下一步打算', '三、存在不足']);

    // A new first section shifts every number; deleting it shifts them back.
    const first = await api(server.url, 'POST', `/api/reports/${id}/sections`, {
      token: leader.token,
      body: { title: '总体情况', after: null },
    });
    expect(await headings(id)).toEqual([
      '一、总体情况',
      '二、主要工作',
      '（一）抓党建',
      '三、下一步打算',
      '四、存在不足',
    ]);
    const gone = await api(server.url, 'DELETE', `/api/reports/${id}/sections/${first.body.section.id}`, {
      token: leader.token,
    });
    expect(gone.status).toBe(204);
    expect((await headings(id))[0]).toBe('一、主要工作');
    // The stored titles are left as typed; only what is shown and exported is numbered.
    expect(b.title).toBe('二、存在不足');
  });
});
