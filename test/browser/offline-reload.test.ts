/**
 * A reload while offline shows the last state: after a report was opened online, the service
 * worker (client/public/sw.js) answers the page, GET /api/me and GET /api/reports/:id from its
 * cache, and the text comes from the browser's own copy (IndexedDB). Typing goes on offline;
 * back online, everything reaches the server and the status says 已保存. All of it under the
 * strict Content-Security-Policy, with zero violations.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { countChars } from '../../shared/placeholders.ts';
import { addSection, api, createReport, registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath, signIn } from '../helpers/browser.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const ONLINE = '全年完成重点任务X项，群众满意度明显提升。';
const OFFLINE = '断网重载后继续写的内容。';
const OFFLINE_LINE = '离线，修改将在重连后同步';

/** Whether the page's service worker is in charge and holds what an offline reload needs. */
const offlineReady = (page: Page, reportId: string) =>
  page.evaluate(async (id) => {
    if (!navigator.serviceWorker.controller) return false;
    const hits = await Promise.all(['/', '/api/me', `/api/reports/${id}`].map((u) => caches.match(u)));
    return hits.every(Boolean);
  }, reportId);

describeBrowser('browser: reload while offline', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('shows the last text offline after a reload, then syncs when back online', {
    timeout: 90_000,
  }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const reportId = await createReport(server.url, leader, '2024年度工作总结');
    const section = await addSection(server.url, leader, reportId, '一、主要工作', [leader.id]);

    const { context, page, errors } = await openPage(browser, server.url);
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(e.effectiveDirective), true);
    });
    await signIn(context, 'wangjuan', 'mima-12345678');
    await page.goto(`/#/r/${reportId}`);
    const editor = page.locator(`cr-section[data-sid="${section.id}"] .ProseMirror`);
    const status = page.locator('cr-report .conn');
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('true');
    await editor.click();
    await page.keyboard.type(ONLINE);
    await expect.poll(() => status.textContent()).toBe('已保存');
    // The worker installs in the background on the first visit.
    await expect.poll(() => offlineReady(page, reportId), { timeout: 20_000 }).toBe(true);

    await context.setOffline(true);
    await expect.poll(() => status.textContent()).toBe(OFFLINE_LINE);
    await page.reload();
    await page.locator(`cr-section[data-sid="${section.id}"]`).getByText(ONLINE).waitFor();
    await expect.poll(() => status.textContent()).toBe(OFFLINE_LINE);
    // Really offline, the worker included: an answer it never stored cannot be had.
    expect(
      await page.evaluate(() =>
        fetch('/api/reports/never-seen').then(
          (r) => `answered ${r.status}`,
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('true');
    await page.screenshot({ path: screenshotPath(repoRoot, 'offline-reload.png') });

    // Typing goes on; back online, it reaches the server.
    await editor.click();
    await editor.press('End');
    await page.keyboard.type(OFFLINE);
    await context.setOffline(false);
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('已保存');
    const progress = await api(server.url, 'GET', `/api/reports/${reportId}/progress`, {
      token: leader.token,
    });
    expect(
      (progress.body.sections as { id: string; chars: number }[]).find((s) => s.id === section.id)?.chars,
    ).toBe(countChars(ONLINE + OFFLINE));

    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
