/**
 * Report-id injection: odd, hostile or foreign report ids in the WebSocket path and REST URLs are
 * refused as "no such report" (4404 / 404), never crash, never load a room, never create rows, and
 * never reach another report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../shared/protocol.ts';
import { type Account, addSection, api, createReport, createUser, registerAdmin } from './helpers/api.ts';
import { openOutcome } from './helpers/raw-socket.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let outsider: Account;
let reportId: string;
let foreignId: string;

beforeAll(async () => {
  server = await startServer({ WS_ATTEMPT_BURST: '100000' });
  leader = await registerAdmin(server.url);
  outsider = await createUser(server.url, leader, 'waibu', '外部人员');
  reportId = await createReport(server.url, leader);
  await addSection(server.url, leader, reportId, '一、主要工作');
  foreignId = await createReport(server.url, leader, '别人的报告'); // outsider is not a member
});

afterAll(async () => {
  await server.stop();
});

const IDS = [
  '..%2F..%2Fapi%2Fusers',
  '%2e%2e',
  'x%00y',
  "'%20OR%201%3D1%20--",
  '%22%3B%20DROP%20TABLE%20reports%3B%20--',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '%E6%8A%A5%E5%91%8A',
  'a'.repeat(4000),
  '%25s%25s%25n',
  'null',
  'undefined',
  '*',
  '%20',
];

const count = (table: string) =>
  (server.deps.stores.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('report-id injection', () => {
  it.each(IDS)('WebSocket /ws/%s is refused and loads nothing', async (id) => {
    const before = { rooms: server.deps.rooms.size, reports: count('reports'), ids: count('client_ids') };
    const outcome = await openOutcome(`${server.wsUrl}/${id}?token=${leader.token}`);
    // 4404; or, for a path the URL parser folds away from /ws (such as `%2e%2e`), no upgrade at all.
    if (outcome.kind === 'http') expect(outcome.status).not.toBe(101);
    else expect(outcome.code).toBe(CloseCode.notFound);
    expect({ rooms: server.deps.rooms.size, reports: count('reports'), ids: count('client_ids') }).toEqual(
      before,
    );
  });

  it.each(IDS)('REST /api/reports/%s answers 404 JSON, not 500', async (id) => {
    for (const path of [`/api/reports/${id}`, `/api/reports/${id}/progress`, `/api/reports/${id}/sections`]) {
      const method = path.endsWith('/sections') ? 'POST' : 'GET';
      const res = await api(server.url, method, path, {
        token: leader.token,
        body: method === 'POST' ? { title: '注入' } : undefined,
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('a real report the caller is not a member of looks exactly like one that does not exist', async () => {
    const foreign = await openOutcome(`${server.wsUrl}/${foreignId}?token=${outsider.token}`);
    const missing = await openOutcome(`${server.wsUrl}/no-such-report?token=${outsider.token}`);
    expect(foreign).toEqual(missing);
    const a = await api(server.url, 'GET', `/api/reports/${foreignId}`, { token: outsider.token });
    const b = await api(server.url, 'GET', '/api/reports/no-such-report', { token: outsider.token });
    expect([a.status, a.body]).toEqual([
      b.status,
      { error: { ...b.body.error, message: a.body.error.message } },
    ]);
    expect(a.body.error.message).toBe(b.body.error.message);
  });

  it('a query string cannot switch reports, and a second token cannot override the first', async () => {
    const outcome = await openOutcome(
      `${server.wsUrl}/${foreignId}?token=${outsider.token}&reportId=${reportId}&token=${leader.token}`,
    );
    expect(outcome).toMatchObject({ kind: 'closed', code: CloseCode.notFound });
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
  });
});
