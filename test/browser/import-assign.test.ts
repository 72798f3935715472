/**
 * 分工 in the import preview (issue 19.6), in Chromium: before the report exists the leader picks a
 * writer per detected section on the same screen; 创建报告 makes the report, the picked people its
 * writers and each section theirs (the server has it), and a writer's 我的任务 lists their sections.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { previewImport } from '../../shared/import/index.ts';
import { api, createUser, registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath, signIn } from '../helpers/browser.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const TEXT = `关于基层协商民主的调研报告
一、基本情况
全区共有协商议事会X个，全年开展协商活动X次。
二、主要做法
一是建立议事清单。二是规范议事程序。
三、存在问题
议题质量有待提高，成果转化还不够。
`;

describeBrowser('browser: assignment in the import preview', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('picks a writer per section before creating the report', { timeout: 90_000 }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const lisi = await createUser(server.url, leader, 'lisi', '李四');
    const zhang = await createUser(server.url, leader, 'zhangwei', '张伟');
    const titles = previewImport(TEXT).sections.map((s) => s.title);
    expect(titles).toEqual(['一、基本情况', '二、主要做法', '三、存在问题']);

    const L = await openPage(browser, server.url);
    await signIn(L.context, 'wangjuan', 'mima-12345678');
    await L.page.goto('/');
    await L.page.getByRole('button', { name: '导入报告' }).click();
    const dialog = L.page.getByRole('dialog', { name: '导入报告' });
    await dialog.getByLabel('报告全文').fill(TEXT);
    const assign = dialog.getByRole('group', { name: '分工（可选）' });
    await assign.getByLabel('一、基本情况 的撰写人').selectOption({ label: '李四' });
    await assign.getByLabel('二、主要做法 的撰写人').selectOption({ label: '李四' });
    await assign.getByLabel('三、存在问题 的撰写人').selectOption({ label: '张伟' });
    await L.page.screenshot({ path: screenshotPath(repoRoot, 'import-assign.png') });
    await dialog.getByRole('button', { name: '创建报告' }).click();
    await L.page.waitForURL(/#\/r\//);
    const reportId = decodeURIComponent(new URL(L.page.url()).hash.slice('#/r/'.length));

    // Settled on the server: the picked people are writers and own their sections.
    const detail = async () =>
      (await api(server.url, 'GET', `/api/reports/${reportId}`, { token: leader.token })).body;
    await expect
      .poll(async () => (await detail()).sections.map((s: { assignees: string[] }) => s.assignees))
      .toEqual([[lisi.id], [lisi.id], [zhang.id]]);
    const roles = Object.fromEntries(
      (await detail()).members.map((m: { username: string; role: string }) => [m.username, m.role]),
    );
    expect(roles).toEqual({ wangjuan: 'leader', lisi: 'writer', zhangwei: 'writer' });

    const W = await openPage(browser, server.url);
    await signIn(W.context, 'lisi', 'mima-12345678');
    await W.page.goto(`/#/r/${reportId}`);
    await W.page.getByRole('tab', { name: '我的任务' }).click();
    await W.page.locator('cr-my-tasks').getByText('基本情况').waitFor();
    await W.page.locator('cr-my-tasks').getByText('主要做法').waitFor();
    expect(await W.page.locator('cr-my-tasks').getByText('存在问题').count()).toBe(0);
    for (const p of [L, W]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });
});
