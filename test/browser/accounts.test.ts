/**
 * Organisation accounts in Chromium (issue 19.5): the admin makes a 科室 and an invite link on 管理 /
 * 用户与科室; a new colleague opens it in another browser, is refused a weak password in Chinese,
 * chooses a username, name and password and lands signed in on 我的报告; the used link then says so.
 * A user changes their password on 账号与密码 (a wrong current one refused), and their other browser is
 * signed out; an admin's temporary password makes its user choose a new one first.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { api, createUser, registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath, signIn } from '../helpers/browser.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

describeBrowser('browser: organisation accounts', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite(async (s, b) => {
    server = s;
    browser = b;
    await registerAdmin(server.url, 'wangjuan', '王娟');
  });

  it('an admin makes an invite link; a new colleague uses it once and is signed in', {
    timeout: 90_000,
  }, async () => {
    const A = await openPage(browser, server.url);
    await signIn(A.context, 'wangjuan', 'mima-12345678');
    await A.page.goto('/');
    await A.page.getByRole('link', { name: '管理', exact: true }).click();
    await A.page.getByRole('heading', { name: '用户与科室' }).waitFor();
    await A.page.getByLabel('新科室名称').fill('办公室');
    await A.page.getByRole('button', { name: '新建科室' }).click();
    await A.page.locator('cr-admin-groups li[data-group="办公室"]').waitFor();

    const invites = A.page.locator('cr-admin-invites');
    await invites.getByLabel('加入科室').selectOption({ label: '办公室' });
    await invites.getByRole('button', { name: '生成邀请链接' }).click();
    const field = invites.getByLabel('链接');
    await field.waitFor();
    const link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/#/invite/[A-Za-z0-9_-]{43}$`));
    await A.page.screenshot({ path: screenshotPath(repoRoot, 'admin-page.png') });

    const N = await openPage(browser, server.url);
    await N.page.goto(link);
    await N.page.getByRole('heading', { name: '加入 coreport' }).waitFor();
    await N.page.getByText('加入后你将属于科室：办公室').waitFor();
    await N.page.getByLabel('用户名').fill('zhaoliu');
    await N.page.getByLabel('姓名').fill('赵六');
    await N.page.getByLabel('密码（至少 10 位）').fill('12345678');
    await N.page.getByRole('button', { name: '创建账户并登录' }).click();
    await N.page.getByRole('alert').getByText('密码至少 10 个字符').waitFor();
    await N.page.getByLabel('密码（至少 10 位）').fill('赵六的办公室密码-2026');
    await N.page.getByRole('button', { name: '创建账户并登录' }).click();
    await N.page.getByRole('heading', { name: '我的报告' }).waitFor();
    await N.page.locator('cr-app header .who').getByText('赵六').waitFor();
    expect(new URL(N.page.url()).hash).toBe('#/');

    // The link is spent: anyone opening it again is told so, in Chinese.
    const O = await openPage(browser, server.url);
    await O.page.goto(link);
    await O.page
      .getByRole('alert')
      .getByText(/该链接已被使用/)
      .waitFor();

    // The admin sees the new colleague in 办公室.
    await A.page.reload();
    await A.page.locator('cr-admin-users li[data-user="zhaoliu"]').getByText('所在科室：办公室').waitFor();
    // A leader adds the whole 科室 to a report in 成员: 赵六 joins as a writer.
    const report = await A.page.request.post('/api/reports', { data: { title: '办公室2026年工作总结' } });
    const reportId = (await report.json()).report.id as string;
    await A.page.goto(`/#/r/${reportId}`);
    await A.page.getByRole('tab', { name: '成员' }).click();
    const byGroup = A.page.getByRole('form', { name: '按科室添加' });
    await byGroup.getByLabel('选择科室').selectOption({ label: '办公室（1 人）' });
    await byGroup.getByRole('button', { name: '添加科室' }).click();
    await A.page.getByRole('status').getByText('已添加 1 人；0 人原已是成员，角色不变。').waitFor();
    await A.page.getByLabel('赵六 的角色').waitFor();
    expect(await A.page.getByLabel('赵六 的角色').inputValue()).toBe('writer');
    for (const p of [A, N, O]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });

  it('a user changes their password; their other browser is signed out; a temporary password must be replaced', {
    timeout: 90_000,
  }, async () => {
    const admin = (
      await api(server.url, 'POST', '/api/auth/login', {
        body: { username: 'wangjuan', password: 'mima-12345678' },
      })
    ).body.token as string;
    await createUser(server.url, { id: '', token: admin, displayName: '' }, 'lisi', '李四');
    const one = await openPage(browser, server.url);
    const two = await openPage(browser, server.url);
    await signIn(one.context, 'lisi', 'mima-12345678');
    await signIn(two.context, 'lisi', 'mima-12345678');
    await two.page.goto('/');
    await two.page.getByRole('heading', { name: '我的报告' }).waitFor();

    await one.page.goto('/');
    await one.page.getByRole('link', { name: '李四' }).click();
    await one.page.getByRole('heading', { name: '账号与密码' }).waitFor();
    await one.page.getByLabel('当前密码').fill('not-my-password');
    await one.page.getByLabel('新密码（至少 10 位）').fill('李四的新密码-2026');
    await one.page.getByLabel('再次输入新密码').fill('李四的新密码-2026');
    await one.page.getByRole('button', { name: '修改密码' }).click();
    await one.page.getByRole('alert').getByText('当前密码不正确').waitFor();
    await one.page.getByLabel('当前密码').fill('mima-12345678');
    await one.page.getByRole('button', { name: '修改密码' }).click();
    await one.page.getByRole('status').getByText('密码已修改，其他设备上的登录已退出。').waitFor();

    await two.page.reload();
    await two.page.getByRole('heading', { name: '登录' }).waitFor();
    await one.page.getByRole('link', { name: 'coreport 首页' }).click();
    await one.page.getByRole('heading', { name: '我的报告' }).waitFor();

    // The admin sets a temporary password: the user must choose their own before anything else.
    const A = await openPage(browser, server.url);
    await signIn(A.context, 'wangjuan', 'mima-12345678');
    await A.page.goto('/#/admin');
    const row = A.page.locator('cr-admin-users li[data-user="lisi"]');
    await row.getByRole('button', { name: '为 李四 重设密码' }).click();
    await row.getByLabel('临时密码（至少 10 位）').fill('linshi-mima-2026');
    await row.getByRole('button', { name: '设为临时密码' }).click();
    await A.page
      .getByRole('status')
      .getByText(/已为 李四 设置临时密码/)
      .waitFor();
    await one.page.reload();
    await one.page.getByRole('heading', { name: '登录' }).waitFor();
    await one.page.getByLabel('用户名').fill('lisi');
    await one.page.getByLabel('密码').fill('linshi-mima-2026');
    await one.page.getByRole('button', { name: '登录', exact: true }).click();
    await one.page.getByText('管理员为你设置了临时密码，请先设置自己的新密码。').waitFor();
    await one.page.getByLabel('当前密码').fill('linshi-mima-2026');
    await one.page.getByLabel('新密码（至少 10 位）').fill('李四自己定的新密码二〇二六');
    await one.page.getByLabel('再次输入新密码').fill('李四自己定的新密码二〇二六');
    await one.page.getByRole('button', { name: '修改密码' }).click();
    await one.page.getByRole('heading', { name: '我的报告' }).waitFor();
    for (const p of [one, two, A]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });
});
