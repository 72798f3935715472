/**
 * Starting a report from a template in Chromium: the dialog previews the numbered sections with
 * the suggested writer of each; the created report has them with their text and X to fill, and
 * the creator's parts in 我的任务. Then next year's report starts from this one.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { templateById } from '../../shared/templates.ts';
import { registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath, signIn } from '../helpers/browser.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

describeBrowser('browser: reports from templates', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('creates a 年度工作总结 from its template, then next year’s from it', { timeout: 90_000 }, async () => {
    await registerAdmin(server.url, 'wangjuan', '王娟');
    const { page, context, errors } = await openPage(browser, server.url);
    await signIn(context, 'wangjuan', 'mima-12345678');
    await page.goto('/');
    await page.getByRole('button', { name: '从模板新建' }).click();
    const dialog = page.getByRole('dialog', { name: '从模板新建报告' });
    await dialog.getByRole('radio', { name: '年度工作总结' }).check();
    const preview = dialog.getByRole('list', { name: '年度工作总结' });
    await preview.getByText('（一）聚焦中心任务，重点工作稳步推进').waitFor();
    await preview.locator('li', { hasText: '三、XXXX年工作打算' }).getByText('由我撰写').waitFor();
    await preview.locator('li', { hasText: '二、存在的问题' }).getByText('待分工').waitFor();
    // The title follows the template, with this year filled in.
    expect(await dialog.getByLabel('新报告标题').inputValue()).toBe(
      `XX单位${new Date().getFullYear()}年度工作总结`,
    );
    await dialog.getByLabel('新报告标题').fill('市政协办公室2026年度工作总结');
    await page.screenshot({ path: screenshotPath(repoRoot, 'template-dialog.png') });
    await dialog.getByRole('button', { name: '创建报告' }).click();

    await page.waitForURL(/#\/r\//);
    const template = templateById('nianzhong')!;
    await expect.poll(() => page.locator('cr-section').count()).toBe(template.sections.length);
    const work = page.locator('cr-section', { hasText: '（一）聚焦中心任务' });
    await work.getByText('全年完成重点任务X项').waitFor();
    await expect.poll(() => work.locator('.cr-placeholder').count()).toBeGreaterThan(0);
    await page.locator('cr-outline').getByText('一、主要工作及成效').waitFor();
    // The creator's suggested parts are hers.
    await page.getByRole('tab', { name: '我的任务' }).click();
    const mine = page.locator('cr-my-tasks');
    await mine.getByText('三、XXXX年工作打算').waitFor();
    expect(await mine.locator('li.task').count()).toBe(
      template.sections.filter((s) => s.owner === 'me').length,
    );
    await page.screenshot({ path: screenshotPath(repoRoot, 'template-report.png') });

    // Next year's report starts from this one.
    await page.getByRole('link', { name: '← 报告列表' }).click();
    await page.getByRole('button', { name: '从模板新建' }).click();
    await dialog.getByRole('radio', { name: '以已有报告为底稿' }).check();
    await dialog.getByLabel('选择作为底稿的报告').selectOption({ label: '市政协办公室2026年度工作总结' });
    await dialog.getByLabel('新报告标题').fill('市政协办公室2027年度工作总结');
    await dialog.getByRole('button', { name: '创建报告' }).click();
    await page.waitForURL(/#\/r\//);
    await page.getByRole('heading', { name: '市政协办公室2027年度工作总结' }).waitFor();
    await expect.poll(() => page.locator('cr-section').count()).toBe(template.sections.length);
    await page
      .locator('cr-section', { hasText: '（一）聚焦中心任务' })
      .getByText('全年完成重点任务X项')
      .waitFor();

    expect(errors).toEqual([]);
  });
});
