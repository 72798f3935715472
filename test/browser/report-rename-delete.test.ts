/**
 * Rename and delete a report in the browser (issue 14.6): a leader renames it from the report
 * header (the title changes in the page), deleting asks first (cancel changes nothing), and after
 * confirming the report is gone from the list; a writer has neither button.
 */
import type { Browser, Dialog, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { api, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';

const answerNext = (page: Page, accept: boolean, value?: string) =>
  new Promise<string>((resolve) => {
    page.once('dialog', (d: Dialog) => {
      resolve(d.message());
      void (accept ? d.accept(value) : d.dismiss());
    });
  });

describeBrowser('browser: rename and delete a report', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('renames, asks before deleting, and deletes into the trash', { timeout: 90_000 }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const writer = await createUser(server.url, leader, 'lisi', '李四');
    const reportId = await createReport(server.url, leader, 'X县统计局2023年工作总结');
    await setRole(server.url, leader, reportId, writer.id, 'writer');

    const W = await openPage(browser, server.url);
    await signIn(W.context, 'lisi', 'mima-12345678');
    await W.page.goto(`/#/r/${reportId}`);
    await W.page.locator('.toolbar h1', { hasText: 'X县统计局2023年工作总结' }).waitFor();
    expect(await W.page.getByRole('button', { name: '删除报告' }).count()).toBe(0);
    expect(await W.page.getByRole('button', { name: '重命名' }).count()).toBe(0);

    const { context, page } = await openPage(browser, server.url);
    await signIn(context, 'wangjuan', 'mima-12345678');
    await page.goto(`/#/r/${reportId}`);
    await page.locator('.toolbar h1', { hasText: 'X县统计局2023年工作总结' }).waitFor();

    const asked = answerNext(page, true, 'X县统计局2023年上半年工作总结');
    await page.getByRole('button', { name: '重命名' }).click();
    expect(await asked).toBe('新的报告标题');
    await page.locator('.toolbar h1', { hasText: 'X县统计局2023年上半年工作总结' }).waitFor();
    // The writer's open page follows live.
    await W.page.locator('.toolbar h1', { hasText: 'X县统计局2023年上半年工作总结' }).waitFor();

    const cancelled = answerNext(page, false);
    await page.getByRole('button', { name: '删除报告' }).click();
    expect(await cancelled).toContain('确定删除“X县统计局2023年上半年工作总结”吗？');
    const still = await api(server.url, 'GET', `/api/reports/${reportId}`, { token: leader.token });
    expect(still.status).toBe(200);

    const confirmed = answerNext(page, true);
    await page.getByRole('button', { name: '删除报告' }).click();
    expect(await confirmed).toContain('30 天内可由管理员恢复');
    await page.waitForURL((url) => !url.hash.startsWith('#/r/'));
    expect((await api(server.url, 'GET', `/api/reports/${reportId}`, { token: leader.token })).status).toBe(
      404,
    );
    const trash = await api(server.url, 'GET', '/api/trash', { token: leader.token });
    expect(trash.body.reports.map((r: { id: string }) => r.id)).toEqual([reportId]);
  });
});
