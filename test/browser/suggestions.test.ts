/**
 * Two browsers on one report: a reviewer (commenter) switches on 建议修改, replaces a placeholder
 * in the writer's section and submits; the writer sees it live inline (deletion struck through,
 * insertion underlined, titled with name and time) and in the section's list, accepts it, and both
 * see the new text. A second suggestion is rejected: the text stays as it was.
 */
import { expect, it } from 'vitest';
import { createUser, reportWithWriter, setRole } from '../helpers/api.ts';
import { browserSuite, describeBrowser, screenshotPath } from '../helpers/browser.ts';
import { openReport, selectText } from '../helpers/browser-report.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const TEXT = '组织开展民主协商活动X次，形成协商成果。';

describeBrowser('browser: suggestions', () => {
  let server: TestServer;
  let browser: Parameters<Parameters<typeof browserSuite>[0]>[1];

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('a reviewer’s suggestion appears live in the owner’s editor; accept and reject', {
    timeout: 90_000,
  }, async () => {
    const { leader, writer, reportId, section } = await reportWithWriter(server.url);
    const reviewer = await createUser(server.url, leader, 'zhaomin', '赵敏');
    await setRole(server.url, leader, reportId, reviewer.id, 'commenter');

    const W = await openReport(browser, server, writer, reportId);
    const R = await openReport(browser, server, reviewer, reportId);
    const sel = `cr-section[data-sid="${section.id}"]`;
    const wEditor = W.page.locator(`${sel} .ProseMirror`);
    const rEditor = R.page.locator(`${sel} .ProseMirror`);
    await wEditor.click();
    await W.page.keyboard.type(TEXT);
    await rEditor.getByText(TEXT).waitFor();

    // The reviewer cannot write here; 建议修改 makes the editor editable on a scratch copy.
    expect(await rEditor.getAttribute('contenteditable')).toBe('false');
    await R.page.locator(`${sel} .suggest-toggle`).click();
    await expect.poll(() => rEditor.getAttribute('contenteditable')).toBe('true');
    await rEditor.click();
    await selectText(rEditor, 'X');
    await R.page.keyboard.type('12');
    await expect.poll(() => rEditor.textContent()).toContain('活动12次');
    // Nothing reached the writer: the scratch copy is not the document.
    expect(await wEditor.textContent()).toBe(TEXT);
    await R.page.locator(`${sel} .suggest-submit`).click();
    await R.page.locator(`${sel} .suggest-note`).getByText('已提交 1 条修订').waitFor();

    // Live for the writer: X struck through, 12 underlined, both titled 赵敏 · time.
    const del = W.page.locator(`${sel} .ProseMirror .cr-sugg-del`);
    const ins = W.page.locator(`${sel} .ProseMirror .cr-sugg-ins`);
    await expect.poll(() => del.textContent()).toBe('X');
    await expect.poll(() => ins.textContent()).toBe('12');
    expect(await ins.getAttribute('title')).toMatch(/^赵敏 · /);
    expect(await del.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    expect(await ins.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('underline');
    const list = W.page.locator(`${sel} cr-suggestions`);
    await list.getByText('将“X”改为“12”').waitFor();
    await W.page.screenshot({ path: screenshotPath(repoRoot, 'suggestions-writer.png') });
    // The reviewer sees it too (inline, back in the bound editor), and may only withdraw it.
    await expect.poll(() => R.page.locator(`${sel} .ProseMirror .cr-sugg-ins`).textContent()).toBe('12');
    expect(await R.page.locator(`${sel} cr-suggestions .accept`).count()).toBe(0);

    await list.locator('.accept').click();
    const accepted = TEXT.replace('X', '12');
    await expect.poll(() => wEditor.textContent()).toBe(accepted);
    await expect.poll(() => rEditor.textContent()).toBe(accepted);
    await expect.poll(() => ins.count()).toBe(0);

    // A deletion suggestion, rejected: the text stays.
    await R.page.locator(`${sel} .suggest-toggle`).click();
    await rEditor.click();
    await selectText(rEditor, '，形成协商成果');
    await R.page.keyboard.press('Backspace');
    await R.page.locator(`${sel} .suggest-submit`).click();
    await expect.poll(() => del.textContent()).toBe('，形成协商成果');
    await list.locator('.reject').click();
    await expect.poll(() => del.count()).toBe(0);
    expect(await wEditor.textContent()).toBe(accepted);

    expect(W.errors).toEqual([]);
    expect(R.errors).toEqual([]);
  });
});
