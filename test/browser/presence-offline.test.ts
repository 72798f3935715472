/**
 * Two browsers on one report: each sees the other's avatar and the section they are in; the
 * writer's status says 已保存 only once the server has stored the text; offline, it says so, the
 * writer keeps typing, and on reconnect the text reaches the server and the status is 已保存 again.
 * Text typed offline in a tab that is then closed is kept in the browser (IndexedDB) and sent
 * when the report is next opened online.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { countChars } from '../../shared/placeholders.ts';
import { addSection, api, reportWithWriter } from '../helpers/api.ts';
import { browserSuite, describeBrowser, screenshotPath } from '../helpers/browser.ts';
import { leaderAndWriterOnReport } from '../helpers/browser-report.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const ONLINE = '本年度共完成重点任务X项。';
const OFFLINE = '断网期间补充的内容。';
const CLOSED = '断网后关掉页面前写的。';

describeBrowser('browser: presence, saved and offline', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('shows who is where, and saves for real across going offline', { timeout: 90_000 }, async () => {
    const team = await reportWithWriter(server.url);
    const { leader, writer, reportId, section: mine } = team;
    const theirs = await addSection(server.url, leader, reportId, '二、存在不足', [leader.id]);
    const { L, W, wEditor } = await leaderAndWriterOnReport(server, browser, team);
    await wEditor.click();
    await L.page.locator(`cr-section[data-sid="${theirs.id}"] .ProseMirror`).click();

    // Each sees the other, in the right section: in the toolbar and on the section itself.
    const toolbar = (page: typeof L.page) => page.locator('cr-report .toolbar cr-presence');
    await toolbar(L.page).getByRole('img', { name: '李四 · 正在“一、主要工作”' }).waitFor();
    await toolbar(W.page).getByRole('img', { name: '王娟 · 正在“二、存在不足”' }).waitFor();
    await L.page
      .locator(`cr-section[data-sid="${mine.id}"] cr-presence`)
      .getByRole('img', { name: /李四/ })
      .waitFor();
    expect(
      await L.page.locator(`cr-section[data-sid="${theirs.id}"] cr-presence`).getByRole('img').count(),
    ).toBe(0);

    const status = W.page.locator('cr-report .conn');
    await W.page.keyboard.type(ONLINE);
    await expect.poll(() => status.textContent()).toBe('已保存');
    // The writer's caret, named, in the writer's section only.
    await L.page
      .locator(`cr-section[data-sid="${mine.id}"] .ProseMirror-yjs-cursor`)
      .getByText('李四')
      .waitFor();
    expect(await L.page.locator(`cr-section[data-sid="${theirs.id}"] .ProseMirror-yjs-cursor`).count()).toBe(
      0,
    );
    await L.page.screenshot({ path: screenshotPath(repoRoot, 'presence-leader.png') });

    // Offline: said so at once; typing goes on.
    await W.context.setOffline(true);
    await expect.poll(() => status.textContent()).toBe('离线，修改将在重连后同步');
    await W.page.keyboard.type(OFFLINE);
    await W.page.screenshot({ path: screenshotPath(repoRoot, 'offline-writer.png') });
    expect(await status.textContent()).toBe('离线，修改将在重连后同步');

    // Back online: the offline text reaches the leader and the server's storage; 已保存 again.
    await W.context.setOffline(false);
    await expect.poll(() => status.textContent()).toBe('已保存');
    await L.page.locator(`cr-section[data-sid="${mine.id}"]`).getByText(OFFLINE).waitFor();
    const chars = async () => {
      const res = await api(server.url, 'GET', `/api/reports/${reportId}/progress`, { token: leader.token });
      return (res.body.sections as { id: string; chars: number }[]).find((s) => s.id === mine.id)?.chars;
    };
    expect(await chars()).toBe(countChars(ONLINE + OFFLINE));

    // Offline again, type, close the tab; online, open the report: the text comes from the browser.
    await W.context.setOffline(true);
    await expect.poll(() => status.textContent()).toBe('离线，修改将在重连后同步');
    await W.page.keyboard.type(CLOSED);
    // A read queued after the local copy's writes: once it answers, they are committed.
    const stored = await W.page.evaluate(
      (name) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('updates').objectStore('updates').count();
            req.onsuccess = () => resolve(req.result);
          };
        }),
      `coreport:${writer.id}:${reportId}`,
    );
    expect(stored).toBeGreaterThan(0);
    await W.page.close();
    await W.context.setOffline(false);
    const again = await W.context.newPage();
    again.on('pageerror', (err) => W.errors.push(err.message));
    await again.goto(`/#/r/${reportId}`);
    await again.locator(`cr-section[data-sid="${mine.id}"]`).getByText(CLOSED).waitFor();
    await expect.poll(() => again.locator('cr-report .conn').textContent()).toBe('已保存');
    await L.page.locator(`cr-section[data-sid="${mine.id}"]`).getByText(CLOSED).waitFor();
    expect(await chars()).toBe(countChars(ONLINE + OFFLINE + CLOSED));

    expect(L.errors).toEqual([]);
    expect(W.errors).toEqual([]);
  });
});
