/**
 * Account errors speak zh-CN: a username with a space or a symbol, too short or too long, a
 * missing name, each refused with a Chinese reason (Chinese usernames themselves are accepted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, api, registerAdmin } from './helpers/api.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let admin: Account;

beforeAll(async () => {
  server = await startServer();
  admin = await registerAdmin(server.url);
});
afterAll(() => server.stop());

const createUser = (body: Record<string, string>) =>
  api(server.url, 'POST', '/api/users', {
    token: admin.token,
    body: { password: 'Zhengxie-2026-wj', displayName: '李四', ...body },
  });

describe('account errors in zh-CN', () => {
  it('accepts a Chinese username', async () => {
    const res = await createUser({ username: '李四' });
    expect(res.status).toBe(201);
  });

  it.each([
    [{ username: '李 四' }, '用户名只能包含汉字、字母、数字和 _ . -'],
    [{ username: '李四@政协' }, '用户名只能包含汉字、字母、数字和 _ . -'],
    [{ username: '李' }, '用户名至少 2 个字符'],
    [{ username: '李'.repeat(33) }, '用户名最多 32 个字符'],
    [{ username: 'zhangwei', displayName: ' ' }, '不能为空'],
  ])('refuses %j with a Chinese reason', async (body, reason) => {
    const res = await createUser(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(reason);
    // The reason a person reads is Chinese, not a validator's English default.
    expect(res.body.error.message).not.toMatch(/too small|too big|invalid|expected/i);
  });
});
