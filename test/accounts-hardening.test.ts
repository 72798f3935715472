/**
 * Accounts (issue 13.8): password policy, login throttling per account and per IP, the user list
 * limited to people who share a report, closed sign-up answered before any hashing, and logout
 * closing the session's live socket (4401) and notification stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  addSection,
  api,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from './helpers/api.ts';
import { bodyText, connect, synced, typeParagraph, until } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let admin: Account;
beforeAll(async () => {
  server = await startServer();
  admin = await registerAdmin(server.url);
});
afterAll(() => server.stop());

const newUser = (username: string, password: string) =>
  api(server.url, 'POST', '/api/users', {
    token: admin.token,
    body: { username, password, displayName: '测试用户' },
  });
const login = (username: string, password = 'mima-12345678') =>
  api(server.url, 'POST', '/api/auth/login', { body: { username, password } });

describe('password policy', () => {
  it('refuses short, common and username-like passwords with zh-CN reasons', async () => {
    for (const [password, reason] of [
      ['12345678', /密码至少 10 个字符/],
      ['mima12345', /密码至少 10 个字符/],
      ['1234567890', /密码过于常见/],
      ['Password123', /密码过于常见/],
      ['aaaaaaaaaaaa', /密码过于常见/],
      ['zhoujie2026', /不能与用户名相同/],
    ] as const) {
      const res = await newUser('zhoujie', password);
      expect(res.status, password).toBe(400);
      expect(res.body.error.message, password).toMatch(reason);
    }
    expect((await newUser('zhoujie', '档案数字化-2026')).status).toBe(201);
  });

  it('applies to registration too; closed sign-up is refused before the password is even looked at', async () => {
    const closed = await api(server.url, 'POST', '/api/auth/register', {
      body: { username: 'lisi', password: '1', displayName: '李四' },
    });
    expect(closed).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const open = await startServer({ ALLOW_SIGNUP: '1' });
    try {
      await registerAdmin(open.url);
      const weak = await api(open.url, 'POST', '/api/auth/register', {
        body: { username: 'lisi', password: '12345678', displayName: '李四' },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.message).toMatch(/密码至少 10 个字符/);
    } finally {
      await open.stop();
    }
  });
});

describe('login throttling', () => {
  it('locks an account after 5 failures (429, Retry-After, even with the right password); others sign in', async () => {
    await createUser(server.url, admin, 'wangwu', '王五');
    await createUser(server.url, admin, 'sunqi', '孙七');
    for (let i = 0; i < 5; i++) expect((await login('wangwu', `wrong-pass-${i}`)).status).toBe(401);
    const locked = await login('WangWu');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(locked.body.error.message).toMatch(/登录失败次数过多，请 \d+ 秒后再试/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(55);
    expect((await login('sunqi')).status).toBe(200);
  });

  it('locks an address after 20 failures across accounts', async () => {
    const other = await startServer();
    try {
      const first = await registerAdmin(other.url);
      expect(first.token).toBeTruthy();
      for (let i = 0; i < 20; i++) {
        const res = await api(other.url, 'POST', '/api/auth/login', {
          body: { username: `guess${i}`, password: 'mima-12345678' },
        });
        expect(res.status).toBe(401);
      }
      const res = await api(other.url, 'POST', '/api/auth/login', {
        body: { username: 'wangjuan', password: 'mima-12345678' },
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBeTruthy();
    } finally {
      await other.stop();
    }
  });
});

describe('user list', () => {
  it('shows a user only the people sharing a report with them; admins see all; ?username= finds one', async () => {
    const zhou = await createUser(server.url, admin, 'zhouliu', '周六');
    const wu = await createUser(server.url, admin, 'wuba', '吴八');
    const names = async (who: Account, query = '') =>
      (await api(server.url, 'GET', `/api/users${query}`, { token: who.token })).body.users.map(
        (u: { username: string }) => u.username,
      );
    expect(await names(zhou)).toEqual(['zhouliu']);
    const report = await createReport(server.url, admin);
    await setRole(server.url, admin, report, zhou.id, 'writer');
    expect((await names(zhou)).sort()).toEqual(['wangjuan', 'zhouliu']);
    expect(await names(zhou)).not.toContain('wuba');
    expect(await names(zhou, '?username=wuba')).toEqual(['wuba']);
    expect(await names(zhou, '?username=nobody')).toEqual([]);
    expect(await names(admin)).toEqual(expect.arrayContaining(['wangjuan', 'zhouliu', 'wuba', 'sunqi']));
    expect(wu.token).toBeTruthy();
  });
});

describe('logout', () => {
  it("closes the session's live socket with 4401 and its notification stream; writes after it are not stored; other sessions stay", async () => {
    const writer = await createUser(server.url, admin, 'zhengjiu', '郑九');
    const otherSession = (await login('zhengjiu')).body.token as string;
    const report = await createReport(server.url, admin);
    await setRole(server.url, admin, report, writer.id, 'writer');
    const section = await addSection(server.url, admin, report, '一、主要工作', [writer.id]);

    const client = connect(server.wsUrl, report, writer.token);
    const other = connect(server.wsUrl, report, otherSession);
    await synced(client);
    await synced(other);
    typeParagraph(client.doc, section.id, '全年完成X项任务。');
    const room = server.deps.rooms.get(report);
    await until(() => bodyText(room.doc, section.id).includes('全年完成X项任务。'), 'first write stored');

    const stream = await fetch(`${server.url}/api/notifications/stream`, {
      headers: { authorization: `Bearer ${writer.token}` },
    });
    const reader = stream.body!.getReader();
    await reader.read(); // the ready event
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return true;
    })();

    const closed = client.nextClose();
    expect((await api(server.url, 'POST', '/api/auth/logout', { token: writer.token })).status).toBe(204);
    expect((await closed).code).toBe(4401);
    expect(await ended).toBe(true);
    typeParagraph(client.doc, section.id, '退出后写的内容');
    await new Promise((r) => setTimeout(r, 300));
    expect(bodyText(room.doc, section.id)).not.toContain('退出后写的内容');
    // The same user's other session is untouched.
    expect(other.provider.wsconnected).toBe(true);
    client.destroy();
    other.destroy();
  });
});
