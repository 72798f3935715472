/**
 * The layout at phone, tablet and desktop widths (390, 1024, 1366 px) in Chromium, with
 * screenshots: no horizontal overflow on the list and the report, the 导出 and 通知 menus inside
 * the viewport, the header on one line, the settings' labels above their own fields, and at 390 px
 * the comments as a bottom sheet over the text instead of a column far below it.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { addSection, createReport, registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, screenshotPath, signIn } from '../helpers/browser.ts';
import { connect, synced, typeParagraph } from '../helpers/clients.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const WIDTHS = [390, 1024, 1366];

/** Horizontal overflow of the page: how far the content is wider than the viewport. */
const overflow = (page: Page) =>
  page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/** Whether an element's box lies inside the viewport. */
const inside = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      ok: r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight,
      rect: [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)],
      viewport: [window.innerWidth, window.innerHeight],
    };
  });

describeBrowser('browser: layout at phone and desktop widths', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('fits 390, 1024 and 1366 px without overflow or clipped menus', { timeout: 120_000 }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const reportId = await createReport(server.url, leader, '政协主席2026年度述职述廉述学报告（征求意见稿）');
    const first = await addSection(server.url, leader, reportId, '坚持学习，政治素质不断提升', [leader.id]);
    await addSection(server.url, leader, reportId, '履职尽责，各项工作扎实推进', [leader.id]);
    const client = connect(server.wsUrl, reportId, leader.token);
    await synced(client);
    typeParagraph(
      client.doc,
      first.id,
      '全年参加中心组学习X次，撰写心得体会X篇，围绕基层协商民主主题作专题发言X次，形成调研报告X篇。',
    );
    client.destroy();

    for (const width of WIDTHS) {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: { width, height: width < 600 ? 800 : 800 },
        locale: 'zh-CN',
        ...(width < 600 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await signIn(context, 'wangjuan', 'mima-12345678');

      await page.goto('/');
      await page.getByRole('heading', { name: '我的报告' }).waitFor();
      expect(await overflow(page), `list at ${width}`).toBeLessThanOrEqual(0);
      // The signed-in name stays on one line (it used to wrap a character per line at 390).
      const who = await page.locator('cr-app header .who').boundingBox();
      expect(who!.height, `name in the header at ${width}`).toBeLessThan(30);
      await page.screenshot({ path: screenshotPath(repoRoot, `layout-${width}-list.png`) });

      await page.goto(`/#/r/${reportId}`);
      const section = page.locator(`cr-section[data-sid="${first.id}"]`);
      await section.getByText('全年参加中心组学习').waitFor();
      expect(await overflow(page), `report at ${width}`).toBeLessThanOrEqual(0);
      // The header keeps to one line: the title is not squeezed to a character per line.
      const titleBox = await page.locator('cr-report .toolbar h1').boundingBox();
      expect(titleBox!.height, `title height at ${width}`).toBeLessThan(40);
      expect(titleBox!.width, `title width at ${width}`).toBeGreaterThan(Math.min(width * 0.5, 300));
      await page.screenshot({ path: screenshotPath(repoRoot, `layout-${width}-report.png`) });

      // 导出 menu inside the viewport.
      await page.getByRole('button', { name: /^导出/ }).click();
      const exportMenu = await inside(page, 'cr-export-menu [role="menu"], cr-export-menu .menu');
      expect(exportMenu.ok, `export menu at ${width}: ${JSON.stringify(exportMenu)}`).toBe(true);
      await page.screenshot({ path: screenshotPath(repoRoot, `layout-${width}-export.png`) });
      await page.keyboard.press('Escape');

      // 通知 panel inside the viewport.
      await page.getByRole('button', { name: /通知/ }).click();
      const inbox = await inside(page, 'cr-inbox .panel');
      expect(inbox.ok, `inbox at ${width}: ${JSON.stringify(inbox)}`).toBe(true);
      await page.keyboard.press('Escape');

      // Settings: each name sits right above its own field.
      await section.getByRole('button', { name: '设置' }).click();
      const pairs = await section.locator('cr-section-settings label.field').evaluateAll((labels) =>
        labels.map((label) => {
          const name = label.querySelector('.k')!.getBoundingClientRect();
          const field = label.querySelector('input, select')!.getBoundingClientRect();
          const ok =
            name.bottom <= field.top + 1 && field.top - name.bottom < 12 && name.left >= field.left - 1;
          return { ok, text: label.textContent?.trim().slice(0, 6) };
        }),
      );
      expect(pairs.length).toBe(4);
      expect(
        pairs.filter((p) => !p.ok),
        `settings at ${width}`,
      ).toEqual([]);
      expect(await overflow(page), `settings at ${width}`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: screenshotPath(repoRoot, `layout-${width}-settings.png`) });

      // Comments: at 390 a bottom sheet over the text.
      await page.getByRole('button', { name: /^评论/ }).click();
      const panel = await page.locator('cr-comments').boundingBox();
      expect(panel, `comments at ${width}`).not.toBeNull();
      if (width < 600) {
        const vh = 800;
        expect(Math.round(panel!.y + panel!.height), 'sheet at the bottom').toBe(vh);
        expect(panel!.y, 'sheet leaves the text visible').toBeGreaterThan(vh * 0.3);
        expect(panel!.width).toBeLessThanOrEqual(width);
      } else {
        expect(panel!.y).toBeLessThan(800);
      }
      expect(await overflow(page), `comments at ${width}`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: screenshotPath(repoRoot, `layout-${width}-comments.png`) });

      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
