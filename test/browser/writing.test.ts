/**
 * Writing in one section with someone else, both editors focused: remote typing shows up
 * (y-tiptap needs createRange() on our shadow roots, see editor/shadow-root.ts); undo/redo from
 * the section's bar takes back only one's own typing; a Chinese IME composition (CDP
 * Input.imeSetComposition / insertText) stays intact while the other person types in the same
 * section, and both texts land on the server.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, describeBrowser, screenshotPath } from '../helpers/browser.ts';
import { leaderAndWriterOnReport } from '../helpers/browser-report.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

describeBrowser('browser: writing together', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('undo takes back only my typing; IME composition survives remote typing', {
    timeout: 90_000,
  }, async () => {
    const { leader, reportId, L, W, wSection, lEditor, wEditor } = await leaderAndWriterOnReport(
      server,
      browser,
    );
    // Paragraph texts without the others' caret labels (widgets inside the text).
    const text = (editor: typeof lEditor) =>
      editor.evaluate((el) =>
        [...el.querySelectorAll('p')].map((p) => {
          const copy = p.cloneNode(true) as HTMLElement;
          for (const caret of copy.querySelectorAll('.ProseMirror-yjs-cursor')) caret.remove();
          return copy.textContent;
        }),
      );

    // The leader writes a line; the writer adds one and then undoes it: the leader's stays.
    await lEditor.click();
    await L.page.keyboard.type('一是加强理论学习。');
    await wEditor.getByText('一是加强理论学习。').waitFor();
    await wEditor.click();
    await W.page.keyboard.press('Control+End');
    await W.page.keyboard.press('Enter');
    await W.page.keyboard.type('二是改进工作作风。');
    await lEditor.getByText('二是改进工作作风。').waitFor();
    // One undo step is what the undo manager captured within its window (500 ms): the Enter and the
    // typing are one step at a normal pace, but a loaded machine can space them into two. Undo until
    // the writer's own line is gone; whatever the count, the leader's line must stay.
    const undo = wSection.getByRole('button', { name: '撤销' });
    const leaderLineOnly = ['一是加强理论学习。'];
    let undos = 0;
    do {
      await undo.click();
      undos++;
    } while (undos < 10 && JSON.stringify(await text(wEditor)) !== JSON.stringify(leaderLineOnly));
    await expect.poll(() => text(lEditor)).toEqual(leaderLineOnly);
    for (let i = 0; i < undos; i++) await wSection.getByRole('button', { name: '重做' }).click();
    await lEditor.getByText('二是改进工作作风。').waitFor();

    // The leader composes with an IME at the end of the first line while the writer types.
    await lEditor.getByText('一是加强理论学习。').click();
    await L.page.keyboard.press('End');
    const ime = await L.context.newCDPSession(L.page);
    await ime.send('Input.imeSetComposition', { text: 'zhong', selectionStart: 5, selectionEnd: 5 });
    await wEditor.getByText('二是改进工作作风。').click();
    await W.page.keyboard.press('End');
    await W.page.keyboard.type('三是狠抓落实。');
    await lEditor.getByText('三是狠抓落实。').waitFor();
    await ime.send('Input.imeSetComposition', { text: 'zhongwen', selectionStart: 8, selectionEnd: 8 });
    await ime.send('Input.insertText', { text: '中文' });

    const expected = ['一是加强理论学习。中文', '二是改进工作作风。三是狠抓落实。'];
    await expect.poll(() => text(lEditor)).toEqual(expected);
    await expect.poll(() => text(wEditor)).toEqual(expected);
    await expect.poll(() => fetchText(server.url, reportId, leader.token)).toContain(expected.join('\n'));
    await L.page.screenshot({ path: screenshotPath(repoRoot, 'writing.png') });
    // The print view: the report's text as a document, without the app around it.
    await L.page.emulateMedia({ media: 'print' });
    expect(await L.page.locator('cr-report .toolbar').isVisible()).toBe(false);
    await L.page.screenshot({ path: screenshotPath(repoRoot, 'print.png'), fullPage: true });

    expect(L.errors).toEqual([]);
    expect(W.errors).toEqual([]);
  });
});

async function fetchText(base: string, reportId: string, token: string): Promise<string> {
  const res = await fetch(`${base}/api/reports/${reportId}/export?format=txt`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.text();
}
