/**
 * Workflow safety in the browser (issue 12): a leader who submits a section while its writer is
 * typing is told who is writing; the writer sees a countdown to stop typing, then the section is
 * frozen for them; 定稿 with placeholders left asks first, naming how many, and cancelling changes
 * nothing.
 */
import type { Browser, Dialog, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { api } from '../helpers/api.ts';
import { browserSuite, describeBrowser, screenshotPath } from '../helpers/browser.ts';
import { leaderAndWriterOnReport } from '../helpers/browser-report.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

/** Answers the next dialog on `page` (accept or dismiss) and resolves with its message. */
const answerNext = (page: Page, accept: boolean) =>
  new Promise<string>((resolve) => {
    page.once('dialog', (d: Dialog) => {
      resolve(d.message());
      void (accept ? d.accept() : d.dismiss());
    });
  });

describeBrowser('browser: confirmations before locking a section', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('names the writer typing, warns them, and asks before 定稿 with placeholders', {
    timeout: 60_000,
  }, async () => {
    const { leader, reportId, L, W, lSection, wSection } = await leaderAndWriterOnReport(server, browser);
    const status = async () =>
      (await api(server.url, 'GET', `/api/reports/${reportId}`, { token: leader.token })).body.sections[0]
        .status;

    await wSection.locator('.ProseMirror').click();
    await W.page.keyboard.type('组织开展民主协商活动X次，捐赠口罩X万个。', { delay: 30 });
    await expect.poll(status).toBe('drafting');

    // The writer keeps typing while the leader submits the section.
    const typing = W.page.keyboard.type('全年共办理提案一百余件', { delay: 150 });
    // The leader sees who is typing where before deciding.
    await lSection
      .locator('cr-presence')
      .getByRole('img', { name: '李四 · 正在“一、主要工作”（正在输入）' })
      .waitFor();
    const asked = answerNext(L.page, true);
    await lSection.getByRole('button', { name: '提交审阅' }).click();
    expect(await asked).toContain('李四正在编写本节');
    await wSection
      .locator('cr-closing-notice')
      .getByText(/王娟正在提交本节审阅：请在 \d 秒内停止输入/)
      .waitFor();
    await W.page.screenshot({ path: screenshotPath(repoRoot, 'closing-writer.png') });
    await typing;
    await expect.poll(status, { timeout: 10_000 }).toBe('submitted');
    await wSection.locator('.lock').getByText('已提交审阅，组长退回前不能修改').waitFor();
    expect(await wSection.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');

    // 定稿 with two placeholders left: asked first; cancelling changes nothing.
    const approve = lSection.getByRole('button', { name: '定稿', exact: true });
    const first = answerNext(L.page, false);
    await approve.click();
    const question = await first;
    expect(question).toContain('确定将“一、主要工作”定稿吗');
    expect(question).toContain('还有 2 处待填内容');
    expect(question).not.toContain('正在编写');
    expect(await status()).toBe('submitted');
    const second = answerNext(L.page, true);
    await approve.click();
    await second;
    await expect.poll(status).toBe('approved');

    expect(L.errors).toEqual([]);
    expect(W.errors).toEqual([]);
    await L.context.close();
    await W.context.close();
  });
});
