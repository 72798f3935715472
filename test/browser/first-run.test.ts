/**
 * First run in a real browser against a real server: register the admin, create a report,
 * add a section, type Chinese text with placeholders, reload — the text is still there.
 * Also takes the screenshots of the login, list and report screens (test-results/).
 */
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { countChars } from '../../shared/placeholders.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath } from '../helpers/browser.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const TEXT = '全年组织开展民主协商活动X次，捐赠各类口罩X万个。';

describeBrowser('browser: first run', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  browserSuite(async (s, b) => {
    server = s;
    browser = b;
    ({ page, errors } = await openPage(browser, server.url));
  });

  it('registers the admin, writes a section and finds it again after a reload', {
    timeout: 90_000,
  }, async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.screenshot({ path: screenshotPath(repoRoot, 'login.png') });

    await page.getByRole('button', { name: '首次使用？注册管理员账户' }).click();
    await page.getByLabel('用户名').fill('wangjuan');
    await page.getByLabel('姓名').fill('王娟');
    await page.getByLabel('密码').fill('mima-12345678');
    await page.getByRole('button', { name: '注册并登录' }).click();
    await page.getByRole('heading', { name: '我的报告' }).waitFor();

    // The language switch re-renders everything and is remembered.
    await page.getByLabel('界面语言').selectOption('en');
    await page.getByRole('heading', { name: 'My reports' }).waitFor();
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '我的报告' }).waitFor();

    await page.getByLabel('新报告标题').fill('政协主席2024年度述职述廉述学报告');
    await page.getByRole('button', { name: '新建报告' }).click();
    await page.waitForURL(/#\/r\//);
    const reportId = decodeURIComponent(new URL(page.url()).hash.slice('#/r/'.length));
    await page.getByText('这份报告还没有章节').waitFor();

    await page.getByLabel('新章节标题').fill('一、加强政治建设');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    const section = page.locator('cr-section', { hasText: '一、加强政治建设' });
    const editor = section.locator('.ProseMirror');
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('true');
    await editor.click();
    await page.keyboard.type(TEXT);
    await section.getByText(TEXT).waitFor();
    // Both X are highlighted as placeholders and counted in the toolbar.
    await expect.poll(() => section.locator('.cr-placeholder').count()).toBe(2);
    await page.locator('cr-progress').getByText('待填 2 处').waitFor();
    // "下一处待填" selects the first placeholder, then the second.
    const next = page.getByRole('button', { name: /下一处待填/ });
    // Chrome's ShadowRoot.getSelection() sees inside the section (document.getSelection() is retargeted).
    const selection = () =>
      section.evaluate((el) => {
        const sel = (el.shadowRoot as unknown as { getSelection(): Selection }).getSelection();
        return { text: String(sel), x: sel.rangeCount ? sel.getRangeAt(0).getBoundingClientRect().x : -1 };
      });
    await next.click();
    await expect.poll(async () => (await selection()).text).toBe('X');
    const first = await selection();
    await next.click();
    await expect.poll(async () => (await selection()).x).toBeGreaterThan(first.x);
    expect((await selection()).text).toBe('X');

    // Stored on the server (not just in this tab) before we reload.
    const chars = async () => {
      const res = await page.request.get(`/api/reports/${encodeURIComponent(reportId)}/progress`);
      return (await res.json()).totals.chars;
    };
    await expect.poll(chars, { timeout: 10_000 }).toBe(countChars(TEXT));
    await page.screenshot({ path: screenshotPath(repoRoot, 'report.png') });

    await page.reload();
    await page.locator('cr-section', { hasText: '一、加强政治建设' }).getByText(TEXT).waitFor();

    await page.getByRole('link', { name: '← 报告列表' }).click();
    await page.getByRole('link', { name: /政协主席2024年度述职述廉述学报告/ }).waitFor();
    await page.getByText('待填 2 处').waitFor();
    await page.screenshot({ path: screenshotPath(repoRoot, 'list.png') });

    // The report was kept in IndexedDB for offline use; signing out removes it (shared computers).
    const localCopies = () =>
      page.evaluate(
        async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith('coreport:')).length,
      );
    expect(await localCopies()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await expect.poll(localCopies).toBe(0);

    expect(errors).toEqual([]);
  });
});
