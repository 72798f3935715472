/** CSRF guard over HTTP (issue 13.7): content type and origin rules of state-changing requests. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, api, registerAdmin } from './helpers/api.ts';
import { importBody } from './helpers/import.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let admin: Account;
beforeAll(async () => {
  server = await startServer({ ALLOWED_ORIGINS: 'https://app.example.org' });
  admin = await registerAdmin(server.url);
});
afterAll(() => server.stop());

const newUser = (username: string, headers: Record<string, string>, raw?: string) =>
  api(server.url, 'POST', '/api/users', {
    token: admin.token,
    headers,
    raw: raw ?? JSON.stringify({ username, password: 'mima-12345678', displayName: '测试' }),
  });

describe('state-changing requests', () => {
  it('must be application/json: text/plain, urlencoded and multipart get 415 and change nothing', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await newUser('zhangsan', { 'content-type': type });
      expect(res.status, type).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
      expect(res.body.error.message).toMatch(/请求体必须是 JSON/);
    }
    const login = await api(server.url, 'POST', '/api/auth/login', {
      headers: { 'content-type': 'text/plain' },
      raw: JSON.stringify({ username: 'wangjuan', password: 'mima-12345678' }),
    });
    expect(login.status).toBe(415);
    const users = await api(server.url, 'GET', '/api/users', { token: admin.token });
    expect(users.body.users.map((u: { username: string }) => u.username)).not.toContain('zhangsan');
    expect((await newUser('zhangsan', {})).status).toBe(201);
  });

  it('must come from the own origin or ALLOWED_ORIGINS (Origin, else Sec-Fetch-Site)', async () => {
    const host = new URL(server.url).host;
    const json = { 'content-type': 'application/json' };
    const cases: [Record<string, string>, number][] = [
      [{ origin: 'http://127.0.0.1:1' }, 403],
      [{ origin: 'null' }, 403],
      [{ origin: 'https://evil.example.org' }, 403],
      [{ 'sec-fetch-site': 'same-site' }, 403],
      [{ 'sec-fetch-site': 'cross-site' }, 403],
      [{ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }, 201],
      [{ origin: 'https://app.example.org', 'sec-fetch-site': 'cross-site' }, 201],
      [{ 'sec-fetch-site': 'same-origin' }, 201],
      [{ 'sec-fetch-site': 'none' }, 201],
    ];
    let n = 0;
    for (const [headers, status] of cases) {
      const res = await newUser(`user${n++}`, { ...json, ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(status);
      if (status === 403) expect(res.body.error).toMatchObject({ code: 'cross_site' });
    }
    // Login and logout too.
    const login = await api(server.url, 'POST', '/api/auth/login', {
      headers: { origin: 'http://127.0.0.1:1' },
      body: { username: 'wangjuan', password: 'mima-12345678' },
    });
    expect(login.status).toBe(403);
    expect(login.headers.get('set-cookie')).toBeNull();
  });

  it('lets the import route take files, from the own origin only', async () => {
    expect((await importBody(server.url, admin.token, '标题\n一、工作\n内容。')).status).toBe(201);
    const foreign = await fetch(`${server.url}/api/reports/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin.token}`,
        'content-type': 'text/plain',
        origin: 'http://127.0.0.1:1',
      },
      body: '标题\n一、工作\n内容。',
    });
    expect(foreign.status).toBe(403);
    const odd = await importBody(server.url, admin.token, '标题', '', 'application/x-www-form-urlencoded');
    expect(odd.status).toBe(415);
  });
});
