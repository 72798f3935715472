/**
 * Two browsers on one report: the leader assigns a section to the writer, whose page follows
 * live (assignee shown, editor becomes editable); the writer cannot type into a section owned
 * by someone else, and the server's copy of that section stays empty.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { countChars } from '../../shared/placeholders.ts';
import { addSection, api, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { browserSuite, describeBrowser, screenshotPath } from '../helpers/browser.ts';
import { openReport, sectionOn } from '../helpers/browser-report.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const TEXT = '本年度共完成X项重点任务。';

describeBrowser('browser: section assignment', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('follows an assignment live and keeps others’ sections read-only', { timeout: 90_000 }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const writer = await createUser(server.url, leader, 'lisi', '李四');
    const reportId = await createReport(server.url, leader, '2024年度工作总结');
    const mine = await addSection(server.url, leader, reportId, '一、主要工作');
    const theirs = await addSection(server.url, leader, reportId, '二、存在不足', [leader.id]);
    await setRole(server.url, leader, reportId, writer.id, 'writer');

    const L = await openReport(browser, server, leader, reportId);
    const W = await openReport(browser, server, writer, reportId);

    const wMine = sectionOn(W.page, mine.id);
    const wTheirs = sectionOn(W.page, theirs.id);
    await wMine.getByText('尚未分配撰写人').waitFor();
    await wTheirs.getByText('由王娟负责').waitFor();
    expect(await wMine.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');

    // The leader assigns the first section to the writer through the section settings.
    const lMine = sectionOn(L.page, mine.id);
    await lMine.getByRole('button', { name: '设置' }).click();
    await lMine.getByRole('checkbox', { name: '李四' }).check();
    await lMine.getByRole('button', { name: '保存' }).click();

    // The writer's page follows without a reload.
    await wMine.locator('.chip', { hasText: '李四' }).waitFor();
    await expect.poll(() => wMine.locator('.ProseMirror').getAttribute('contenteditable')).toBe('true');
    await expect.poll(() => wMine.locator('.lock').count()).toBe(0);

    // Someone else's section: not editable, and typing there changes nothing.
    const theirEditor = wTheirs.locator('.ProseMirror');
    expect(await theirEditor.getAttribute('contenteditable')).toBe('false');
    await theirEditor.click({ force: true });
    await W.page.keyboard.type('不该写进去的文字');

    // Then write the own section; once the server has that, an earlier stray write would have arrived too.
    await wMine.locator('.ProseMirror').click();
    await W.page.keyboard.type('本年度共完成X项重点任务。');
    await lMine.getByText('本年度共完成X项重点任务。').waitFor();
    const progress = async () => {
      const res = await api(server.url, 'GET', `/api/reports/${reportId}/progress`, { token: leader.token });
      return res.body.sections as { id: string; chars: number }[];
    };
    await expect
      .poll(async () => (await progress()).find((s) => s.id === mine.id)?.chars)
      .toBe(countChars(TEXT));
    expect((await progress()).find((s) => s.id === theirs.id)?.chars).toBe(0);
    expect(await wTheirs.locator('.ProseMirror').textContent()).toBe('');
    // No refused write: the server never closed the writer's socket with 4403.
    expect(await W.page.locator('cr-report .notice[role="alert"]').count()).toBe(0);

    await W.page.screenshot({ path: screenshotPath(repoRoot, 'report-writer.png') });
    await L.page.getByRole('tab', { name: '进度' }).click();
    await L.page.getByText('剩 1/1 节 · 待填 1').waitFor();
    await L.page.screenshot({ path: screenshotPath(repoRoot, 'report-leader-people.png') });

    expect(L.errors).toEqual([]);
    expect(W.errors).toEqual([]);
  });
});
