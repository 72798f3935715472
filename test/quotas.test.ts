/**
 * Per-user REST quotas (issue 13.9): reports created, exports in flight, comment edits, notification
 * streams, a paged report list and a validated activity limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUOTAS } from '../server/http/quotas.ts';
import { anchorFor } from './helpers/anchors.ts';
import { type Account, addSection, api, createReport, registerAdmin } from './helpers/api.ts';
import { connect, synced, typeParagraph } from './helpers/clients.ts';
import { importBody } from './helpers/import.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let admin: Account;
beforeAll(async () => {
  server = await startServer({ MAX_REPORTS_PER_USER: '4' });
  admin = await registerAdmin(server.url);
});
afterAll(() => server.stop());

describe('quotas', () => {
  it('caps the reports one user creates (new, copied, imported) with 403 quota_reports', async () => {
    const first = await createReport(server.url, admin, '一号报告');
    await createReport(server.url, admin, '二号报告');
    const copied = await api(server.url, 'POST', '/api/reports', {
      token: admin.token,
      body: { title: '三号报告', from: first },
    });
    expect(copied.status).toBe(201);
    expect((await importBody(server.url, admin.token, '四号报告\n一、工作\n内容。')).status).toBe(201);
    const over = await api(server.url, 'POST', '/api/reports', {
      token: admin.token,
      body: { title: '五号' },
    });
    expect(over.status).toBe(403);
    expect(over.body.error).toMatchObject({ code: 'quota_reports' });
    expect(over.body.error.message).toMatch(/你创建的报告已达上限（4 份）/);
    expect((await importBody(server.url, admin.token, '五号报告\n一、工作\n内容。')).status).toBe(403);
  });

  it('pages the report list in SQL (?limit, ?before, nextBefore) and validates limits', async () => {
    const page1 = await api(server.url, 'GET', '/api/reports?limit=3', { token: admin.token });
    expect(page1.body.reports).toHaveLength(3);
    expect(page1.body.nextBefore).toBe(page1.body.reports[2].createdAt);
    const page2 = await api(server.url, 'GET', `/api/reports?limit=3&before=${page1.body.nextBefore}`, {
      token: admin.token,
    });
    expect(page2.body.reports).toHaveLength(1);
    expect(page2.body.nextBefore).toBeUndefined();
    const ids = [...page1.body.reports, ...page2.body.reports].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(4);
    for (const bad of ['0', '-1', '101', 'abc'])
      expect((await api(server.url, 'GET', `/api/reports?limit=${bad}`, { token: admin.token })).status).toBe(
        400,
      );
  });

  it('validates and caps activity?limit=', async () => {
    const [report] = (await api(server.url, 'GET', '/api/reports', { token: admin.token })).body.reports;
    const path = `/api/reports/${report.id}/activity`;
    for (const bad of ['-1', '0', String(QUOTAS.activityLimit + 1), '1e9', 'all']) {
      const res = await api(server.url, 'GET', `${path}?limit=${bad}`, { token: admin.token });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.message).toMatch(/limit: 应为 1 到 500 之间的整数/);
    }
    expect((await api(server.url, 'GET', `${path}?limit=500`, { token: admin.token })).status).toBe(200);
  });

  it('throttles comment edits per user (429 with Retry-After)', async () => {
    const [report] = (await api(server.url, 'GET', '/api/reports', { token: admin.token })).body.reports;
    const section = await addSection(server.url, admin, report.id, '（一）推进档案数字化', [admin.id]);
    const client = connect(server.wsUrl, report.id, admin.token);
    await synced(client);
    typeParagraph(client.doc, section.id, '全年完成馆藏档案数字化X万卷。');
    await new Promise((r) => setTimeout(r, 200));
    const created = await api(server.url, 'POST', `/api/reports/${report.id}/comments`, {
      token: admin.token,
      body: {
        sectionId: section.id,
        anchor: anchorFor(client.doc, section.id, '数字化'),
        quote: '数字化',
        body: '请补充数字',
      },
    });
    expect(created.status).toBe(201);
    const edit = (i: number) =>
      api(server.url, 'PATCH', `/api/reports/${report.id}/comments/${created.body.comment.id}`, {
        token: admin.token,
        body: { body: `请补充数字（第${i}次修改）` },
      });
    let refused: Awaited<ReturnType<typeof edit>> | null = null;
    for (let i = 0; i < 40 && !refused; i++) {
      const res = await edit(i);
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(200);
    }
    expect(refused?.body.error.code).toBe('rate_limited');
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    client.destroy();
  });

  it('runs one .docx export per user at a time (429 export_in_progress), the rest succeed', async () => {
    const [report] = (await api(server.url, 'GET', '/api/reports', { token: admin.token })).body.reports;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${server.url}/api/reports/${report.id}/export?format=docx`, {
          headers: { authorization: `Bearer ${admin.token}` },
        }).then(async (res) => ({ status: res.status, body: await res.arrayBuffer() })),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const refused = answers.find((a) => a.status === 429)!;
    expect(JSON.parse(new TextDecoder().decode(refused.body)).error.code).toBe('export_in_progress');
    const after = await fetch(`${server.url}/api/reports/${report.id}/export?format=docx`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(after.status).toBe(200);
  });

  it(`allows ${QUOTAS.streamsPerUser} notification streams per user, then 429 until one closes`, async () => {
    const open = () => {
      const controller = new AbortController();
      const res = fetch(`${server.url}/api/notifications/stream`, {
        headers: { authorization: `Bearer ${admin.token}` },
        signal: controller.signal,
      });
      return { res, controller };
    };
    const streams = Array.from({ length: QUOTAS.streamsPerUser }, open);
    for (const s of streams) expect((await s.res).status).toBe(200);
    const extra = open();
    const refused = await extra.res;
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('too_many_streams');
    streams[0]!.controller.abort();
    let again = 0;
    for (let i = 0; i < 20 && again !== 200; i++) {
      const next = open();
      again = (await next.res).status;
      if (again !== 200) {
        await (await next.res).body?.cancel();
        await new Promise((r) => setTimeout(r, 100));
      } else next.controller.abort();
    }
    expect(again).toBe(200);
    for (const s of streams) s.controller.abort();
  });
});
