/**
 * 批量分工 in Chromium: the leader picks a writer and a due date per section on one screen and
 * saves once; the server has them and the writer's 我的任务 follows live. A section whose pick the
 * server refuses (the writer left the report meanwhile) is named, and the others are kept.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { addSection, api, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath, signIn } from '../helpers/browser.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

describeBrowser('browser: bulk assignment', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('assigns every section from one screen', { timeout: 90_000 }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const lisi = await createUser(server.url, leader, 'lisi', '李四');
    const zhang = await createUser(server.url, leader, 'zhangwei', '张伟');
    const reportId = await createReport(server.url, leader, '关于基层协商民主的调研报告');
    for (const w of [lisi, zhang]) await setRole(server.url, leader, reportId, w.id, 'writer');
    const basic = await addSection(server.url, leader, reportId, '基本情况');
    const ways = await addSection(server.url, leader, reportId, '主要做法');
    const issues = await addSection(server.url, leader, reportId, '存在问题');

    const L = await openPage(browser, server.url);
    const W = await openPage(browser, server.url);
    await signIn(L.context, 'wangjuan', 'mima-12345678');
    await signIn(W.context, 'lisi', 'mima-12345678');
    await W.page.goto(`/#/r/${reportId}`);
    await W.page.getByRole('tab', { name: '我的任务' }).click();
    await W.page.getByText('目前没有分配给你的章节。').waitFor();

    await L.page.goto(`/#/r/${reportId}`);
    await L.page.getByRole('tab', { name: '进度' }).click();
    await L.page.getByRole('button', { name: '批量分工' }).click();
    const form = L.page.getByRole('form', { name: '批量分工' });
    await form.getByLabel('一、基本情况 的撰写人').selectOption({ label: '李四' });
    await form.getByLabel('一、基本情况 的截止日期').fill('2026-06-30');
    await form.getByLabel('二、主要做法 的撰写人').selectOption({ label: '李四' });
    await form.getByLabel('三、存在问题 的撰写人').selectOption({ label: '张伟' });
    await L.page.screenshot({ path: screenshotPath(repoRoot, 'bulk-assign.png') });
    // 张伟 leaves the report before the leader saves: that one pick is refused.
    const removed = await api(server.url, 'DELETE', `/api/reports/${reportId}/members/${zhang.id}`, {
      token: leader.token,
    });
    expect(removed.status).toBe(204);
    await form.getByRole('button', { name: '保存分工' }).click();
    await form.getByRole('status').getByText('已更新 2 节。').waitFor();
    await form
      .getByRole('alert')
      .getByText(/^三、存在问题：/)
      .waitFor();

    const { body } = await api(server.url, 'GET', `/api/reports/${reportId}`, { token: leader.token });
    const byId = new Map(
      (body.sections as { id: string; assignees: string[]; due: string | null }[]).map((s) => [s.id, s]),
    );
    expect(byId.get(basic.id)).toMatchObject({ assignees: [lisi.id], due: '2026-06-30' });
    expect(byId.get(ways.id)).toMatchObject({ assignees: [lisi.id], due: null });
    expect(byId.get(issues.id)).toMatchObject({ assignees: [] });

    // The writer's 我的任务 follows without a reload.
    const mine = W.page.locator('cr-my-tasks');
    await mine.getByText('我负责 2 节 · 待填 0 处').waitFor();
    await mine
      .locator(`li[data-sid="${basic.id}"]`)
      .getByText(/截止 2026/)
      .waitFor();
    expect(L.errors).toEqual([]);
    expect(W.errors).toEqual([]);
  });
});
