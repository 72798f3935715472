/**
 * A signed-in user whose session check cannot reach the server (offline, server restarting) is
 * not sent to the login page: the app says it is waiting, and once the server answers again it
 * opens the report by itself. Service workers are blocked here, so nothing answers from a cache.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { addSection, createReport, registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';

describeBrowser('browser: session check while the server is unreachable', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('waits instead of asking to sign in, and carries on when the server is back', {
    timeout: 60_000,
  }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const reportId = await createReport(server.url, leader, '2026年度工作总结');
    await addSection(server.url, leader, reportId, '主要工作', [leader.id]);

    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await signIn(context, 'wangjuan', 'mima-12345678');

    let failed = 0;
    await page.route('**/api/me', (route) => {
      failed++;
      return route.abort('internetdisconnected');
    });
    await page.goto(`/#/r/${reportId}`);
    await page.getByText('暂时连不上服务器').waitFor();
    expect(await page.getByRole('heading', { name: '登录' }).count()).toBe(0);
    // Retrying by hand fails the same way, still without the login page.
    const before = failed;
    await page.getByRole('button', { name: '立即重试' }).click();
    await expect.poll(() => failed).toBeGreaterThan(before);
    await page.getByText('暂时连不上服务器').waitFor();

    // The server answers again: the report opens without signing in.
    await page.unroute('**/api/me');
    await page.locator('cr-section', { hasText: '一、主要工作' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { name: '登录' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
