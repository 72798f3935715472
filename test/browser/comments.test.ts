/**
 * Two browsers on one report: the leader selects words in the writer's section and comments;
 * the writer gets a toast and an unread badge, sees the highlight and the thread live, keeps
 * typing before the range (the highlight stays on the same words), replies mentioning the leader
 * (picked from the @ suggestions), then deletes the
 * words (the thread shows 原文已删除); the leader resolves it.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { api, reportWithWriter } from '../helpers/api.ts';
import { browserSuite, describeBrowser, screenshotPath } from '../helpers/browser.ts';
import { leaderAndWriterOnReport, selectText } from '../helpers/browser-report.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const TEXT = '本年度共完成X项重点任务，群众满意度明显提升。';
const QUOTE = '重点任务';

const highlight = (page: Page, sid: string) => page.locator(`cr-section[data-sid="${sid}"] .cr-comment`);

describeBrowser('browser: comments', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('a leader comments live on a writer’s words; reply, deleted quote, resolve', {
    timeout: 90_000,
  }, async () => {
    const team = await reportWithWriter(server.url);
    // The assignment notified the writer; read it first, so the badge counts the comment alone.
    await api(server.url, 'POST', '/api/notifications/read', { token: team.writer.token, body: {} });
    const { section, L, W, lEditor, wEditor } = await leaderAndWriterOnReport(server, browser, team);

    await wEditor.click();
    await W.page.keyboard.type(TEXT);
    await lEditor.getByText(TEXT).waitFor();

    // The leader selects two words: a 评论 button appears; the composer opens in the panel.
    await selectText(lEditor, QUOTE);
    await L.page.getByRole('button', { name: '评论', exact: true }).click();
    const composer = L.page.getByRole('textbox', { name: '评论内容' });
    await composer.fill('请补充具体数据。');
    await L.page.getByRole('button', { name: '发表' }).click();
    await expect.poll(() => highlight(L.page, section.id).textContent()).toBe(QUOTE);

    // The writer: toast and badge (the section is theirs), highlight and thread, live.
    await W.page.getByRole('status').filter({ hasText: '王娟 评论了你负责的章节' }).waitFor();
    await W.page.getByRole('button', { name: '1 条未读通知' }).waitFor();
    await expect.poll(() => highlight(W.page, section.id).textContent()).toBe(QUOTE);
    const wThread = W.page.locator('cr-thread');
    await wThread.getByText('请补充具体数据。').waitFor();
    await W.page.screenshot({ path: screenshotPath(repoRoot, 'comments-writer.png') });

    // The toast's 查看 opens the thread (via its link) and marks the notice read.
    await W.page.getByRole('status').getByRole('button', { name: '查看' }).click();
    await W.page.locator('cr-thread[active]').getByText('请补充具体数据。').waitFor();
    await W.page.getByRole('button', { name: '通知', exact: true }).waitFor();
    expect(W.page.url()).toContain('?c=');

    // Typing before the range: the highlight stays on the same words, for both.
    await wEditor.click();
    await W.page.keyboard.press('Home');
    await W.page.keyboard.type('今年');
    // (textContent, not getByText: the writer's caret label sits inside the leader's text.)
    await expect.poll(async () => (await lEditor.textContent())?.startsWith('今年')).toBe(true);
    await expect.poll(() => highlight(L.page, section.id).textContent()).toBe(QUOTE);
    await expect.poll(() => highlight(W.page, section.id).textContent()).toBe(QUOTE);

    // The writer replies from the panel; the leader sees it live.
    await wThread.click();
    // Typing @ suggests members; Enter takes the suggestion, which mentions the leader.
    await wThread.getByRole('textbox', { name: '回复' }).click();
    await W.page.keyboard.type('@王');
    await wThread.getByRole('option', { name: /王娟/ }).waitFor();
    await W.page.keyboard.press('Enter');
    await W.page.keyboard.type('已补充，请再看一下。');
    expect(await wThread.getByRole('textbox', { name: '回复' }).inputValue()).toBe(
      '@王娟 已补充，请再看一下。',
    );
    await wThread.getByRole('button', { name: '回复' }).click();
    await L.page.locator('cr-thread').getByText('@王娟 已补充，请再看一下。').waitFor();
    await L.page.getByRole('status').filter({ hasText: '李四 在评论中提到了你' }).waitFor();

    // Deleting the commented words leaves the thread, showing its quote as deleted.
    await selectText(wEditor, QUOTE);
    await W.page.keyboard.press('Backspace');
    await L.page.locator('cr-thread').getByText('原文已删除').waitFor();
    await expect.poll(() => highlight(L.page, section.id).count()).toBe(0);
    await L.page.screenshot({ path: screenshotPath(repoRoot, 'comments-leader.png') });

    // The leader resolves it: it leaves the writer's open list and shows under 已解决.
    const lThread = L.page.locator('cr-thread');
    await lThread.click();
    await lThread.getByRole('button', { name: '解决' }).click();
    await expect.poll(() => W.page.locator('cr-thread').count()).toBe(0);
    await W.page.getByRole('tab', { name: /已解决/ }).click();
    await W.page.locator('cr-thread').getByText('请补充具体数据。').waitFor();

    expect(L.errors).toEqual([]);
    expect(W.errors).toEqual([]);
  });
});
