/**
 * Names and titles (issue 13.10): no control characters, bidi overrides or invisible-only text in
 * display names, usernames, report and section titles; usernames NFKC-normalised, look-alikes refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, api, createReport, registerAdmin } from './helpers/api.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let admin: Account;
beforeAll(async () => {
  server = await startServer();
  admin = await registerAdmin(server.url);
});
afterAll(() => server.stop());

const newUser = (username: string, displayName: string) =>
  api(server.url, 'POST', '/api/users', {
    token: admin.token,
    body: { username, password: 'mima-12345678', displayName },
  });

describe('names', () => {
  it('refuses hidden or control characters in display names and titles, with zh-CN reasons', async () => {
    const cases: [string, RegExp][] = [
      ['李\u202e四', /displayName: 不能包含双向文字控制符/],
      ['\u200b\u200b', /displayName: 不能为空或只有不可见字符/],
      ['　', /displayName: 不能为空或只有不可见字符/],
      ['李\u0007四', /displayName: 不能包含控制字符/],
    ];
    for (const [displayName, reason] of cases) {
      const res = await newUser('lisi', displayName);
      expect(res.status, JSON.stringify(displayName)).toBe(400);
      expect(res.body.error.message).toMatch(reason);
    }
    const report = await api(server.url, 'POST', '/api/reports', {
      token: admin.token,
      body: { title: '年度总结\u202etxt.exe' },
    });
    expect(report.status).toBe(400);
    const id = await createReport(server.url, admin, '2026年度工作总结');
    const section = await api(server.url, 'POST', `/api/reports/${id}/sections`, {
      token: admin.token,
      body: { title: '\u2066\u2069' },
    });
    expect(section.status).toBe(400);
  });

  it('keeps Chinese full-width punctuation in titles (NFC, not NFKC)', async () => {
    const res = await api(server.url, 'POST', '/api/reports', {
      token: admin.token,
      body: { title: '（一）关于X工作的调研报告，２０２６' },
    });
    expect(res.status).toBe(201);
    expect(res.body.report.title).toBe('（一）关于X工作的调研报告，２０２６');
  });

  it('normalises usernames with NFKC and refuses look-alikes', async () => {
    const full = await newUser('ｚｈａｎｇｓａｎ', '张三');
    expect(full.status).toBe(201);
    expect(full.body.user.username).toBe('zhangsan');
    expect((await newUser('ZHANGSAN', '张三')).status).toBe(409);
    const cyrillic = await newUser('wаngjuan', '王娟'); // а is U+0430
    expect(cyrillic.status).toBe(400);
    expect(cyrillic.body.error.message).toMatch(/易混淆/);
    const login = await api(server.url, 'POST', '/api/auth/login', {
      body: { username: 'ｚｈａｎｇｓａｎ', password: 'mima-12345678' },
    });
    expect(login.status).toBe(200);
  });
});
