/**
 * Numbering as structure in the browser: the outline and the section headings show computed
 * numbers, and a leader moving 三 above 二 sees both renumber at once (no typed number is left).
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { addSection, createReport, registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';

describeBrowser('browser: section numbering', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('shows computed numbers that follow a move', { timeout: 60_000 }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const reportId = await createReport(server.url, leader, '2026年度工作总结');
    const a = await addSection(server.url, leader, reportId, '一、主要工作');
    const b = await addSection(server.url, leader, reportId, '二、存在不足');
    const c = await addSection(server.url, leader, reportId, '下一步打算');

    const { context, page, errors } = await openPage(browser, server.url);
    await signIn(context, 'wangjuan', 'mima-12345678');
    await page.goto(`/#/r/${reportId}`);
    const names = () => page.locator('cr-outline .name').allTextContents();
    const headings = () =>
      Promise.all([a, b, c].map((s) => page.locator(`cr-section[data-sid="${s.id}"] .title`).textContent()));
    await expect.poll(names).toEqual(['一、主要工作', '二、存在不足', '三、下一步打算']);
    expect(await headings()).toEqual(['一、主要工作', '二、存在不足', '三、下一步打算']);

    await page.getByRole('button', { name: '上移 三、下一步打算' }).click();
    await expect.poll(names).toEqual(['一、主要工作', '二、下一步打算', '三、存在不足']);
    expect(await headings()).toEqual(['一、主要工作', '三、存在不足', '二、下一步打算']);
    // The first section cannot move up, the last not down.
    expect(await page.getByRole('button', { name: '上移 一、主要工作' }).isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
