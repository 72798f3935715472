import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerAdmin } from './helpers/api.ts';
import { startServer, type TestServer } from './helpers/server.ts';

describe('accounts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  it('answers healthz', async () => {
    expect(await api(server.url, 'GET', '/healthz')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('makes the first account admin, then closes sign-up', async () => {
    const admin = await registerAdmin(server.url);
    const me = await api(server.url, 'GET', '/api/me', { token: admin.token });
    expect(me.body.user).toMatchObject({ username: 'wangjuan', displayName: '王娟', isAdmin: true });
    const second = await api(server.url, 'POST', '/api/auth/register', {
      body: { username: 'lisi', password: 'mima-12345678', displayName: '李四' },
    });
    expect(second.status).toBe(403);
    expect(second.body.error.code).toBe('forbidden');
  });

  it('logs in with a cookie session and logs out revoking the token', async () => {
    const bad = await api(server.url, 'POST', '/api/auth/login', {
      body: { username: 'wangjuan', password: 'wrong-pass' },
    });
    expect(bad.status).toBe(401);
    const login = await api(server.url, 'POST', '/api/auth/login', {
      body: { username: 'wangjuan', password: 'mima-12345678' },
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/session=[^;]+/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const viaCookie = await api(server.url, 'GET', '/api/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(viaCookie.status).toBe(200);
    expect((await api(server.url, 'POST', '/api/auth/logout', { token: login.body.token })).status).toBe(204);
    expect((await api(server.url, 'GET', '/api/me', { token: login.body.token })).status).toBe(401);
  });

  it('lets only the admin create users', async () => {
    const admin = await api(server.url, 'POST', '/api/auth/login', {
      body: { username: 'wangjuan', password: 'mima-12345678' },
    });
    const created = await api(server.url, 'POST', '/api/users', {
      token: admin.body.token,
      body: { username: 'zhangsan', password: 'mima-12345678', displayName: '张三' },
    });
    expect(created.status).toBe(201);
    const duplicate = await api(server.url, 'POST', '/api/users', {
      token: admin.body.token,
      body: { username: 'ZhangSan', password: 'mima-12345678', displayName: '张三' },
    });
    expect(duplicate.status).toBe(409);
    const zhang = await api(server.url, 'POST', '/api/auth/login', {
      body: { username: 'zhangsan', password: 'mima-12345678' },
    });
    const refused = await api(server.url, 'POST', '/api/users', {
      token: zhang.body.token,
      body: { username: 'zhaoliu', password: 'mima-12345678', displayName: '赵六' },
    });
    expect(refused.status).toBe(403);
    const users = await api(server.url, 'GET', '/api/users', { token: zhang.body.token });
    // Not an admin and sharing no report: only themselves (issue 13.8).
    expect(users.body.users.map((u: { displayName: string }) => u.displayName)).toEqual(['张三']);
    expect(JSON.stringify(users.body)).not.toMatch(/password|scrypt/);
  });

  it('refuses bad input with 400/413 and the error shape', async () => {
    const malformed = await api(server.url, 'POST', '/api/auth/login', { raw: '{"username": "wangjuan",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('JSON'),
    });
    const adminLogin = await api(server.url, 'POST', '/api/auth/login', {
      body: { username: 'wangjuan', password: 'mima-12345678' },
    });
    const shortPassword = await api(server.url, 'POST', '/api/users', {
      token: adminLogin.body.token,
      body: { username: 'a1', password: 'short', displayName: '甲' },
    });
    expect(shortPassword.status).toBe(400);
    expect(shortPassword.body.error.message).toMatch(/密码至少 10 个字符/);
    const extra = await api(server.url, 'POST', '/api/auth/login', {
      body: { username: 'wangjuan', password: 'x', isAdmin: true },
    });
    expect(extra.status).toBe(400);
    const huge = await postWithoutWaiting(`${server.url}/api/auth/login`, 'w'.repeat(270_000));
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.code).toBe('too_large');
    expect((await api(server.url, 'GET', '/api/reports')).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/reports', { token: 'forged-token' })).status).toBe(401);
  });
});

describe('ALLOW_SIGNUP=1', () => {
  it('lets later users register themselves, as non-admins', async () => {
    const server = await startServer({ ALLOW_SIGNUP: '1' });
    try {
      await registerAdmin(server.url);
      const second = await api(server.url, 'POST', '/api/auth/register', {
        body: { username: 'lisi', password: 'mima-12345678', displayName: '李四' },
      });
      expect(second.status).toBe(201);
      expect(second.body.user.isAdmin).toBe(false);
    } finally {
      await server.stop();
    }
  });
});

/** A POST that reads the answer even if the server answers before taking the whole body (fetch gives up). */
function postWithoutWaiting(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
