/**
 * Refused work is kept (issue 12): a writer typing while the leader locks the section, and a
 * writer whose offline edits are refused at reconnect, both see the words the server did not take
 * in the 未能保存的内容 panel, still there after a reload, and nothing they saw saved is lost.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { type Account, api, PASSWORD, reportWithWriter } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath, signIn } from '../helpers/browser.ts';
import { bodyText } from '../helpers/clients.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

/** Distinct characters, so that what the server kept and what it refused can be told apart. */
const LINE = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬东南西北金木水火土日月星辰山川河海';
/** Long enough (about 7 s) to go on past the server's grace period (3 s) before the lock. */
const TYPED = LINE.repeat(3);

const panelText = (page: Page) =>
  page
    .locator('cr-refused textarea')
    .evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value));

describeBrowser('browser: refused work is kept', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Account | undefined;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  async function team(tag: string, latencyMs = 0) {
    const { leader, writer, reportId, section } = await reportWithWriter(server.url, {
      leader: admin,
      writer: [`lisi${tag}`, `李四${tag}`],
    });
    admin = leader;
    const W = await openPage(browser, server.url);
    await signIn(W.context, `lisi${tag}`, PASSWORD);
    if (latencyMs > 0) {
      // A slow uplink: the writer's keystrokes reach the server this much later, as on a far-away
      // network, so some are still on their way when the leader locks the section.
      await W.page.routeWebSocket(/\/ws\//, (ws) => {
        const upstream = ws.connectToServer();
        ws.onMessage((m) =>
          setTimeout(() => {
            try {
              upstream.send(m);
            } catch {
              // closed meanwhile
            }
          }, latencyMs),
        );
      });
    }
    await W.page.goto(`/#/r/${reportId}`);
    const editor = W.page.locator(`cr-section[data-sid="${section.id}"] .ProseMirror`);
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('true');
    const serverText = () => bodyText(server.deps.rooms.get(reportId).doc, section.id);
    const lock = async () => {
      const url = `/api/reports/${reportId}/sections/${section.id}`;
      for (const status of ['submitted', 'approved']) {
        const res = await api(server.url, 'PATCH', url, { token: leader.token, body: { status } });
        expect(res.status).toBe(200);
      }
    };
    const remove = async () => {
      const res = await api(server.url, 'DELETE', `/api/reports/${reportId}/members/${writer.id}`, {
        token: leader.token,
      });
      expect(res.status).toBe(204);
    };
    const status = W.page.locator('cr-report .conn');
    /** Type a line and see it saved, then go offline and type `offline`. */
    const savedThenOffline = async (offline: string) => {
      await editor.click();
      await W.page.keyboard.type('一是完成年度任务。');
      await expect.poll(() => status.textContent()).toBe('已保存');
      await W.context.setOffline(true);
      await expect.poll(() => status.textContent()).toBe('离线，修改将在重连后同步');
      await W.page.keyboard.type(offline);
    };
    return {
      W,
      editor,
      savedThenOffline,
      serverText,
      lock,
      remove,
      reportId,
      sectionId: section.id,
      writer,
    };
  }

  it('keeps what the writer typed after the leader locked the section, and nothing saved is lost', {
    timeout: 60_000,
  }, async () => {
    const { W, editor, serverText, lock } = await team('a', 400);
    await editor.click();
    const typing = W.page.keyboard.type(TYPED, { delay: 40 });
    // Lock it while the writer is in the middle of typing.
    await expect.poll(serverText, { timeout: 10_000 }).toMatch(/^.{8,}$/u);
    const locked = lock();
    // The writer is told to stop while the leader's change waits for their last keys.
    await W.page
      .locator('cr-closing-notice')
      .getByText(/王娟正在提交本节审阅/)
      .waitFor();
    await locked;
    await typing;
    await W.page.locator('cr-refused').getByText('未能保存的内容').waitFor();
    const kept = serverText();
    const [refused] = await panelText(W.page);
    // What the server stored and what the panel shows are, in order, what was typed: no
    // keystroke in between went missing, and the refused rest is shown, not discarded.
    expect(kept.length).toBeGreaterThanOrEqual(8);
    expect(refused?.length).toBeGreaterThan(0);
    expect(TYPED.startsWith(kept + refused)).toBe(true);
    await W.page.screenshot({ path: screenshotPath(repoRoot, 'refused-panel.png') });

    // Kept across a reload, until dismissed.
    await W.page.reload();
    await W.page.locator('cr-refused').getByText('未能保存的内容').waitFor();
    expect(await panelText(W.page)).toEqual([refused]);
    await W.page.locator('cr-refused button.dismiss').click();
    await expect.poll(() => W.page.locator('cr-refused textarea').count()).toBe(0);
    await W.page.reload();
    await W.page.locator(`cr-section[data-sid]`).first().waitFor();
    expect(await W.page.locator('cr-refused textarea').count()).toBe(0);
    expect(W.errors).toEqual([]);
    await W.context.close();
  });

  it('shows offline edits refused at reconnect to their author', { timeout: 60_000 }, async () => {
    const { W, savedThenOffline, serverText, lock } = await team('b');
    await savedThenOffline('离线时补写的内容。');
    await lock(); // meanwhile the leader approves
    await W.context.setOffline(false);
    await W.page.locator('cr-refused').getByText('未能保存的内容').waitFor();
    expect(await panelText(W.page)).toEqual(['离线时补写的内容。']);
    expect(serverText()).toBe('一是完成年度任务。');
    await W.page.reload();
    await W.page.locator('cr-refused').getByText('未能保存的内容').waitFor();
    expect(await panelText(W.page)).toEqual(['离线时补写的内容。']);
    expect(W.errors).toEqual([]);
    await W.context.close();
  });

  it('turns refused text into a suggestion; the leader’s progress counts it live', {
    timeout: 90_000,
  }, async () => {
    const { W, savedThenOffline, serverText, lock, reportId, sectionId, writer } = await team('d');
    const L = await openPage(browser, server.url);
    await signIn(L.context, 'wangjuan', PASSWORD);
    await L.page.goto(`/#/r/${reportId}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    await L.page.locator(`cr-section[data-sid="${sectionId}"]`).waitFor();
    await savedThenOffline('离线时补写的内容。');
    await lock();
    await W.context.setOffline(false);
    await W.page.locator('cr-refused').getByText('未能保存的内容').waitFor();
    expect(
      await L.page
        .locator('cr-progress')
        .getByText(/条待处理修订/)
        .count(),
    ).toBe(0);

    await W.page.locator('cr-refused').getByRole('button', { name: '转为修订建议' }).click();
    await W.page.locator('cr-refused').getByText('已转为修订建议').waitFor();
    expect(await W.page.locator('cr-refused textarea').count()).toBe(0);
    const list = await api(server.url, 'GET', `/api/reports/${reportId}/suggestions`, {
      token: admin!.token,
    });
    expect(list.body.suggestions).toMatchObject([
      { sectionId, author: writer.id, anchor: null, quote: '', replacement: '离线时补写的内容。' },
    ]);
    expect(serverText()).toBe('一是完成年度任务。');
    // The leader, who has the report open, sees the count without reloading.
    await L.page.locator('cr-progress').getByText('1 条待处理修订').waitFor();
    expect(W.errors).toEqual([]);
    expect(L.errors).toEqual([]);
    await W.context.close();
    await L.context.close();
  });

  it('shows unsaved text to its author when they are removed from the report meanwhile', {
    timeout: 60_000,
  }, async () => {
    const { W, savedThenOffline, serverText, remove } = await team('c');
    await savedThenOffline('移出前离线写的。');
    await remove();
    await W.context.setOffline(false);
    // Back on the report list, with what the server never stored.
    await W.page.waitForURL((url) => !url.hash.startsWith('#/r/'));
    await W.page.locator('cr-refused').getByText('未能保存的内容').waitFor();
    expect(await panelText(W.page)).toEqual(['移出前离线写的。']);
    expect(serverText()).toBe('一是完成年度任务。');
    await W.page.reload();
    await W.page.locator('cr-refused').getByText('2024年度工作总结 · 一、主要工作').waitFor();
    expect(await panelText(W.page)).toEqual(['移出前离线写的。']);
    expect(W.errors).toEqual([]);
    await W.context.close();
  });
});
