/**
 * Version history in Chromium: a leader saves a named version (送审稿) from a section's history,
 * the writer types on, the leader sees the new sentence marked as the writer's insertion, restores
 * the named version after confirming, and the writer's open editor shows it live. The dialog also
 * fits a 390 px phone screen.
 */
import type { Browser, Dialog } from 'playwright-core';
import { expect, it } from 'vitest';
import { addSection, api, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath, signIn } from '../helpers/browser.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'mima-12345678';
const FIRST = '一是坚持政治引领，组织开展民主协商活动X次。';
const SECOND = '二是加强自身建设，完善制度X项。';

describeBrowser('browser: version history', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('shows who inserted what since a named version and restores it live', { timeout: 120_000 }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const writer = await createUser(server.url, leader, 'lisi', '李四');
    const reportId = await createReport(server.url, leader, '2026年度述职报告');
    await setRole(server.url, leader, reportId, writer.id, 'writer');
    const section = await addSection(server.url, leader, reportId, '一、主要工作', [writer.id]);
    const serverText = async () => {
      const res = await api(server.url, 'GET', `/api/reports/${reportId}/versions?section=${section.id}`, {
        token: leader.token,
      });
      return res.body.versions as { kind: string }[];
    };

    const L = await openPage(browser, server.url);
    const W = await openPage(browser, server.url);
    await signIn(L.context, 'wangjuan', PASSWORD);
    await signIn(W.context, 'lisi', PASSWORD);
    await L.page.goto(`/#/r/${reportId}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    await W.page.goto(`/#/r/${reportId}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    const wEditor = W.page.locator(`cr-section[data-sid="${section.id}"] .ProseMirror`);
    const lSection = L.page.locator(`cr-section[data-sid="${section.id}"]`);
    await wEditor.click();
    await W.page.keyboard.type(FIRST, { delay: 10 });
    await lSection.locator('.ProseMirror').getByText(FIRST).waitFor();

    // The leader saves 送审稿 from the section's history.
    await lSection.getByRole('button', { name: '历史版本' }).click();
    const dialog = L.page.locator('cr-history dialog');
    await dialog.getByRole('textbox', { name: '版本名称' }).fill('送审稿');
    await dialog.getByRole('button', { name: '保存命名版本' }).click();
    await dialog.getByText('命名版本：送审稿').waitFor();
    await expect.poll(async () => (await serverText()).some((v) => v.kind === 'named')).toBe(true);

    // The writer adds a sentence; the leader compares the named version with now.
    await wEditor.press('End');
    await W.page.keyboard.type(SECOND, { delay: 10 });
    await lSection
      .locator('.ProseMirror')
      .getByText(FIRST + SECOND)
      .waitFor();
    await dialog.getByText('命名版本：送审稿').click();
    const inserted = dialog.locator('.diff ins');
    await inserted.first().waitFor();
    expect((await inserted.allTextContents()).join('')).toContain('二是加强自身建设，完善制度X项');
    expect(await inserted.first().getAttribute('title')).toBe('李四 插入');
    expect(await dialog.locator('.diff del').count()).toBe(0);
    await L.page.screenshot({ path: screenshotPath(repoRoot, 'history-diff.png') });

    // Restore, after confirming; the writer's open editor follows live.
    const asked = new Promise<string>((resolve) => {
      L.page.once('dialog', (d: Dialog) => {
        resolve(d.message());
        void d.accept();
      });
    });
    await dialog.getByRole('button', { name: '恢复到此版本' }).click();
    expect(await asked).toContain('将「一、主要工作」恢复到');
    await dialog.getByText('已恢复。').waitFor();
    await expect.poll(() => wEditor.textContent()).toBe(FIRST);
    // The restore is in the list as a version of its own.
    await dialog
      .locator('.kind', { hasText: /^恢复 · 操作人：王娟$/ })
      .first()
      .waitFor();
    await dialog.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => L.page.locator('cr-history').count()).toBe(0);

    // On a phone: the report's history fills the screen, list above the version.
    const P = await openPage(browser, server.url);
    await P.page.setViewportSize({ width: 390, height: 844 });
    await signIn(P.context, 'wangjuan', PASSWORD);
    await P.page.goto(`/#/r/${reportId}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    await P.page
      .locator(`cr-section[data-sid="${section.id}"]`)
      .getByRole('button', { name: '历史版本' })
      .click();
    const phone = P.page.locator('cr-history dialog');
    await phone.getByText('命名版本：送审稿').click();
    await phone.locator('.diff').waitFor();
    const box = await phone.boundingBox();
    expect(box && box.width <= 390 && box.x >= 0).toBe(true);
    const restore = await phone.getByRole('button', { name: '恢复到此版本' }).boundingBox();
    expect(restore && restore.x + restore.width <= 390).toBe(true);
    await P.page.screenshot({ path: screenshotPath(repoRoot, 'history-phone.png') });

    for (const x of [L, W, P]) expect(x.errors).toEqual([]);
    for (const x of [L, W, P]) await x.context.close();
  });
});
