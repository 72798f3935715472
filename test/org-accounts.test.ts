/**
 * Organisation accounts (issue 19.5): groups (科室) an admin keeps, single-use expiring invite links,
 * a user's own password change and an admin's reset (temporary password or reset link), each closing
 * the sessions it must, and a whole group added to a report. Non-admins are refused, bad input gets
 * a zh-CN reason, and everything survives a restart. Also run on PostgreSQL (vitest.config.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, api, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { connect, synced } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let admin: Account;
let clerk: Account;
beforeAll(async () => {
  server = await startServer();
  admin = await registerAdmin(server.url);
  clerk = await createUser(server.url, admin, 'zhangsan', '张三');
});
afterAll(() => server.stop());

const call = (method: string, path: string, who: Account | null, body?: unknown) =>
  api(server.url, method, path, { token: who?.token, body });
const login = (username: string, password: string) =>
  call('POST', '/api/auth/login', null, { username, password });
/** Pushes a link's expiry into the past, as if its hours had gone by. */
const expire = (id: string) =>
  server.deps.stores.db
    .prepare('UPDATE account_links SET expires_at = ? WHERE id = ?')
    .run(Date.now() - 1, id);

describe('admin only', () => {
  it('refuses every admin call to a non-admin with 403 and a zh-CN reason, and changes nothing', async () => {
    const group = (await call('POST', '/api/groups', admin, { name: '办公室' })).body.group;
    const calls: [string, string, unknown?][] = [
      ['POST', '/api/groups', { name: '综合科' }],
      ['PATCH', `/api/groups/${group.id}`, { name: '综合科' }],
      ['DELETE', `/api/groups/${group.id}`],
      ['PUT', `/api/groups/${group.id}/members/${clerk.id}`],
      ['DELETE', `/api/groups/${group.id}/members/${clerk.id}`],
      ['POST', '/api/invites', {}],
      ['GET', '/api/invites'],
      ['DELETE', '/api/invites/x'],
      ['PUT', `/api/users/${admin.id}/password`, { password: '临时密码-2026-abc' }],
      ['POST', `/api/users/${admin.id}/reset-link`, {}],
      ['POST', '/api/users', { username: 'lisi', password: 'mima-12345678', displayName: '李四' }],
    ];
    for (const [method, path, body] of calls) {
      const res = await call(method, path, clerk, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.message, `${method} ${path}`).toMatch(/管理员/);
    }
    const list = (await call('GET', '/api/groups', clerk)).body.groups;
    // Names and sizes only: who is in a 科室 is not a way around the limited user list.
    expect(list).toEqual([{ id: group.id, name: '办公室', createdAt: group.createdAt, memberCount: 0 }]);
    expect(await login('zhangsan', 'mima-12345678')).toMatchObject({ status: 200 });
  });
});

describe('groups (科室)', () => {
  it('creates, renames, fills and empties groups; refuses duplicates and bad names in zh-CN', async () => {
    const made = await call('POST', '/api/groups', admin, { name: '  研究室 ' });
    expect(made.status).toBe(201);
    const id = made.body.group.id;
    expect(made.body.group.name).toBe('研究室');
    expect((await call('POST', '/api/groups', admin, { name: '研究室' })).body.error).toMatchObject({
      code: 'group_exists',
      message: expect.stringMatching(/已有同名科室/),
    });
    for (const name of ['', ' ', '研究\u202e室', 'x'.repeat(41)]) {
      const res = await call('POST', '/api/groups', admin, { name });
      expect(res.status, name).toBe(400);
      expect(res.body.error.message, name).toMatch(/^name: (不能|最多)/);
    }
    expect((await call('POST', '/api/groups', admin, { name: '调研科', extra: 1 })).status).toBe(400);

    expect((await call('PUT', `/api/groups/${id}/members/${clerk.id}`, admin)).status).toBe(204);
    expect((await call('PUT', `/api/groups/${id}/members/${clerk.id}`, admin)).status).toBe(204); // idempotent
    expect((await call('PUT', `/api/groups/${id}/members/nobody`, admin)).status).toBe(404);
    expect((await call('PUT', `/api/groups/nogroup/members/${clerk.id}`, admin)).status).toBe(404);
    expect((await call('PATCH', `/api/groups/${id}`, admin, { name: '政策研究室' })).status).toBe(200);
    const listed = (await call('GET', '/api/groups', admin)).body.groups.find(
      (g: { id: string }) => g.id === id,
    );
    expect(listed).toMatchObject({ name: '政策研究室', memberCount: 1, members: [clerk.id] });

    expect((await call('DELETE', `/api/groups/${id}/members/${clerk.id}`, admin)).status).toBe(204);
    expect((await call('DELETE', `/api/groups/${id}/members/${clerk.id}`, admin)).status).toBe(404);
    expect((await call('DELETE', `/api/groups/${id}`, admin)).status).toBe(204);
    expect((await call('DELETE', `/api/groups/${id}`, admin)).status).toBe(404);
  });
});

describe('invite links', () => {
  it('a new colleague uses one once: signed in, in the invite’s group; used, expired and unknown links say why', async () => {
    const group = (await call('POST', '/api/groups', admin, { name: '信息科' })).body.group;
    const made = await call('POST', '/api/invites', admin, { hours: 48, groupId: group.id });
    expect(made.status).toBe(201);
    const { token, id, expiresAt } = made.body.invite;
    expect(expiresAt - Date.now()).toBeGreaterThan(47 * 3600_000);
    expect(JSON.stringify(server.deps.stores.db.prepare('SELECT * FROM account_links').all())).not.toContain(
      token,
    );

    const check = await call('POST', '/api/auth/invite/check', null, { token });
    expect(check.body.invite).toMatchObject({ expiresAt, group: { id: group.id, name: '信息科' } });

    const accept = (body: Record<string, string>) =>
      call('POST', '/api/auth/invite/accept', null, { token, displayName: '赵六', ...body });
    // Refusals before the link is used leave it usable.
    const weak = await accept({ username: 'zhaoliu', password: '12345678' });
    expect(weak).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/密码至少 10 个字符/) } },
    });
    expect((await accept({ username: 'zhangsan', password: 'xinxi-ke-2026' })).body.error.code).toBe(
      'username_taken',
    );
    expect((await accept({ username: '赵 六', password: 'xinxi-ke-2026' })).body.error.message).toMatch(
      /用户名只能包含汉字、字母、数字/,
    );

    const ok = await accept({ username: 'ｚｈａｏｌｉｕ', password: 'xinxi-ke-2026' });
    expect(ok.status).toBe(201);
    expect(ok.body.user).toMatchObject({ username: 'zhaoliu', displayName: '赵六', isAdmin: false });
    expect((await call('GET', '/api/me', { id: '', token: ok.body.token, displayName: '' })).status).toBe(
      200,
    );
    const groups = (await call('GET', '/api/groups', admin)).body.groups;
    expect(groups.find((g: { id: string }) => g.id === group.id).members).toEqual([ok.body.user.id]);

    const again = await accept({ username: 'zhaoqi', password: 'xinxi-ke-2026' });
    expect(again).toMatchObject({ status: 410, body: { error: { code: 'link_used' } } });
    expect(again.body.error.message).toMatch(/该链接已被使用/);
    expect((await call('POST', '/api/auth/invite/check', null, { token })).status).toBe(410);

    const old = (await call('POST', '/api/invites', admin, {})).body.invite;
    expire(old.id);
    const late = await call('POST', '/api/auth/invite/accept', null, {
      token: old.token,
      username: 'zhaoqi',
      displayName: '赵七',
      password: 'xinxi-ke-2026',
    });
    expect(late).toMatchObject({ status: 410, body: { error: { code: 'link_expired' } } });
    expect(late.body.error.message).toMatch(/该链接已过期/);

    const unknown = await call('POST', '/api/auth/invite/check', null, { token: 'A'.repeat(43) });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'link_invalid' } } });
    expect(unknown.body.error.message).toMatch(/链接无效/);
    expect((await call('POST', '/api/auth/invite/check', null, { token: 'x' })).body.error.message).toMatch(
      /链接无效或不完整/,
    );

    const listed = (await call('GET', '/api/invites', admin)).body.invites;
    expect(listed.find((l: { id: string }) => l.id === id)).toMatchObject({ usedBy: ok.body.user.id });
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await call('POST', '/api/invites', admin, { hours: 0 })).body.error.message).toMatch(
      /至少 1 小时/,
    );
    expect((await call('POST', '/api/invites', admin, { groupId: 'nope' })).status).toBe(404);
  });

  it('two people racing for one link: one account is made, the other is told the link is used', async () => {
    const { token } = (await call('POST', '/api/invites', admin, {})).body.invite;
    const race = await Promise.all(
      ['chenyi', 'chener'].map((username) =>
        call('POST', '/api/auth/invite/accept', null, {
          token,
          username,
          displayName: '陈',
          password: 'chen-jia-2026',
        }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 410]);
    const made = ['chenyi', 'chener'].filter((u) => server.deps.stores.accounts.withPassword(u));
    expect(made).toHaveLength(1);
  });

  it('a revoked invite no longer works', async () => {
    const { id, token } = (await call('POST', '/api/invites', admin, {})).body.invite;
    expect((await call('DELETE', `/api/invites/${id}`, admin)).status).toBe(204);
    expect((await call('DELETE', `/api/invites/${id}`, admin)).status).toBe(404);
    expect((await call('POST', '/api/auth/invite/check', null, { token })).body.error.code).toBe(
      'link_expired',
    );
  });
});

describe('passwords', () => {
  it('a user changes their own: current password needed (throttled), other sessions closed, this one kept', async () => {
    const wu = await createUser(server.url, admin, 'wuba', '吴八');
    const other = (await login('wuba', 'mima-12345678')).body.token as string;
    const report = await createReport(server.url, admin);
    await setRole(server.url, admin, report, wu.id, 'writer');
    const socket = connect(server.wsUrl, report, other);
    await synced(socket);

    const change = (currentPassword: string, newPassword: string) =>
      call('POST', '/api/me/password', wu, { currentPassword, newPassword });
    const wrong = await change('not-my-password', 'wuba-new-secret');
    expect(wrong).toMatchObject({ status: 403, body: { error: { code: 'wrong_password' } } });
    expect(wrong.body.error.message).toMatch(/当前密码不正确/);
    expect((await change('mima-12345678', 'short')).body.error.message).toMatch(/密码至少 10 个字符/);
    expect((await change('mima-12345678', 'mima-12345678')).body.error.message).toMatch(/不能与当前密码相同/);

    const closed = socket.nextClose();
    const ok = await change('mima-12345678', '吴八的新密码-2026');
    expect(ok.status).toBe(200);
    expect((await closed).code).toBe(4401);
    socket.destroy();
    expect((await call('GET', '/api/me', { ...wu, token: other })).status).toBe(401);
    expect((await call('GET', '/api/me', wu)).status).toBe(200);
    expect((await login('wuba', 'mima-12345678')).status).toBe(401);
    expect((await login('wuba', '吴八的新密码-2026')).status).toBe(200);

    for (let i = 0; i < 5; i++) await change(`guess-${i}-wrong`, 'another-secret-1');
    expect((await change('吴八的新密码-2026', 'another-secret-1')).status).toBe(429);
  });

  it('an admin sets a temporary password: sessions closed, the user must change it, then the flag is gone', async () => {
    const zheng = await createUser(server.url, admin, 'zhengjiu', '郑九');
    expect(
      (await call('PUT', `/api/users/${zheng.id}/password`, admin, { password: '1234567890' })).status,
    ).toBe(400);
    expect(
      (await call('PUT', `/api/users/${admin.id}/password`, admin, { password: 'linshi-mima-01' })).status,
    ).toBe(400);
    expect(
      (await call('PUT', '/api/users/nobody/password', admin, { password: 'linshi-mima-01' })).status,
    ).toBe(404);
    expect(
      (await call('PUT', `/api/users/${zheng.id}/password`, admin, { password: 'linshi-mima-01' })).status,
    ).toBe(204);
    expect((await call('GET', '/api/me', zheng)).status).toBe(401);
    const signedIn = await login('zhengjiu', 'linshi-mima-01');
    expect(signedIn.body.user.mustChangePassword).toBe(true);
    const me = { ...zheng, token: signedIn.body.token };
    await call('POST', '/api/me/password', me, {
      currentPassword: 'linshi-mima-01',
      newPassword: '郑九自己设的新密码二〇二六',
    });
    expect((await call('GET', '/api/me', me)).body.user.mustChangePassword).toBeUndefined();
  });

  it('an admin issues a reset link: sessions closed; the link sets a new password once and signs in', async () => {
    const sun = await createUser(server.url, admin, 'sunqi', '孙七');
    const made = await call('POST', `/api/users/${sun.id}/reset-link`, admin, { hours: 2 });
    expect(made.status).toBe(201);
    const { token } = made.body.reset;
    expect((await call('GET', '/api/me', sun)).status).toBe(401);
    expect((await call('POST', '/api/auth/reset/check', null, { token })).body.reset.user).toEqual({
      username: 'sunqi',
      displayName: '孙七',
    });
    // An invite token is not a reset token, nor the other way round.
    expect((await call('POST', '/api/auth/invite/check', null, { token })).status).toBe(404);
    expect((await call('POST', '/api/auth/reset/accept', null, { token, password: 'sunqi1' })).status).toBe(
      400,
    );
    const used = await call('POST', '/api/auth/reset/accept', null, {
      token,
      password: '孙七重新设置的密码二〇二六',
    });
    expect(used.status).toBe(200);
    expect((await call('GET', '/api/me', { ...sun, token: used.body.token })).status).toBe(200);
    expect((await login('sunqi', '孙七重新设置的密码二〇二六')).status).toBe(200);
    expect((await login('sunqi', 'mima-12345678')).status).toBe(401);
    const again = await call('POST', '/api/auth/reset/accept', null, { token, password: '又一个新密码-abc' });
    expect(again.body.error.code).toBe('link_used');
    // A newer link ends the older one.
    const first = (await call('POST', `/api/users/${sun.id}/reset-link`, admin, {})).body.reset.token;
    await call('POST', `/api/users/${sun.id}/reset-link`, admin, {});
    expect((await call('POST', '/api/auth/reset/check', null, { token: first })).body.error.code).toBe(
      'link_expired',
    );
  });
});

describe('members by group', () => {
  it('adds every user of a 科室 with the chosen role; members already there keep theirs; leaders only', async () => {
    const a = await createUser(server.url, admin, 'qianyi', '钱一');
    const b = await createUser(server.url, admin, 'qianer', '钱二');
    const group = (await call('POST', '/api/groups', admin, { name: '财务科' })).body.group;
    for (const u of [a, b, admin]) await call('PUT', `/api/groups/${group.id}/members/${u.id}`, admin);
    const report = await createReport(server.url, admin);
    await setRole(server.url, admin, report, a.id, 'viewer');

    const path = `/api/reports/${report}/members/by-group`;
    expect((await call('POST', path, admin, { groupId: group.id, role: 'boss' })).status).toBe(400);
    expect((await call('POST', path, admin, { groupId: 'nope', role: 'writer' })).status).toBe(404);
    expect((await call('POST', path, a, { groupId: group.id, role: 'writer' })).status).toBe(403);
    expect((await call('POST', path, clerk, { groupId: group.id, role: 'writer' })).status).toBe(404);

    const res = await call('POST', path, admin, { groupId: group.id, role: 'writer' });
    expect(res.status).toBe(200);
    expect(res.body.added.map((m: { username: string }) => m.username)).toEqual(['qianer']);
    expect(res.body.kept.sort()).toEqual([a.id, admin.id].sort());
    const members = (await call('GET', `/api/reports/${report}`, admin)).body.members;
    const roles = Object.fromEntries(
      members.map((m: { username: string; role: string }) => [m.username, m.role]),
    );
    expect(roles).toEqual({ wangjuan: 'leader', qianyi: 'viewer', qianer: 'writer' });
  });
});

describe('persistence', () => {
  it('groups, memberships, used links and changed passwords survive a restart', async () => {
    const group = (await call('POST', '/api/groups', admin, { name: '档案室' })).body.group;
    await call('PUT', `/api/groups/${group.id}/members/${clerk.id}`, admin);
    const { token } = (await call('POST', '/api/invites', admin, {})).body.invite;
    const used = await call('POST', '/api/auth/invite/accept', null, {
      token,
      username: 'dangan',
      displayName: '档案员',
      password: 'dangan-shi-2026',
    });
    expect(used.status).toBe(201);
    const open = (await call('POST', '/api/invites', admin, {})).body.invite.token;

    const dataDir = server.dataDir;
    await server.stop();
    server = await startServer({ DATA_DIR: dataDir });

    const groups = (await call('GET', '/api/groups', admin)).body.groups;
    expect(groups.find((g: { id: string }) => g.id === group.id)).toMatchObject({
      name: '档案室',
      members: [clerk.id],
    });
    expect((await login('dangan', 'dangan-shi-2026')).status).toBe(200);
    expect((await call('POST', '/api/auth/invite/check', null, { token })).body.error.code).toBe('link_used');
    expect((await call('POST', '/api/auth/invite/check', null, { token: open })).status).toBe(200);
  });
});
