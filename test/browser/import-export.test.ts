/**
 * Import and export in a real browser: paste a report copied from a template site into the
 * import dialog, check the preview (sections with levels, placeholders, the dropped banner
 * lines), create it, and find the report open with its sections; download it as .docx and
 * Markdown through the 导出 menu; the print view shows the text alone, as an A4 document.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { previewImport } from '../../shared/import/index.ts';
import { registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath, signIn } from '../helpers/browser.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

/** A 述职报告 as pasted from a template site: a banner line, an ad, blank lines, X placeholders. */
const PASTED = `仅供学习 禁止外传
2025年度个人述职报告
各位领导、同志们：
　　2025年，我在局党组的坚强领导下，认真履行岗位职责，较好完成了各项任务。现将一年来的工作情况报告如下。
一、主要工作
（一）加强理论学习，提升政治素养
一是坚持每周集中学习，全年参加理论学习X次，撰写心得体会X篇。二是深入开展调查研究，形成调研报告X篇。
（二）狠抓业务工作，推动任务落实
全年共办理来文来件X件，牵头完成重点项目X个，按时办结率达到X%。
【更多精品范文，请关注公众号：笔杆子文库】
二、存在的不足
一是学习的系统性还不够强；二是调查研究还不够深入，解决实际问题的办法还不多。


三、下一步打算
（一）持续深化理论武装
坚持把学习贯穿工作全过程，切实做到学思用贯通、知信行统一。
总之，我将以更加饱满的热情投入工作，努力取得新的更大成绩。
市统计局综合科　李明
2025年12月28日
`;

const TITLE = '2025年度个人述职报告';
const OUTLINE: [number, string][] = [
  [1, '开篇'],
  [1, '一、主要工作'],
  [2, '（一）加强理论学习，提升政治素养'],
  [2, '（二）狠抓业务工作，推动任务落实'],
  [1, '二、存在的不足'],
  [1, '三、下一步打算'],
  [2, '（一）持续深化理论武装'],
  [1, '结语'],
  [1, '落款'],
];

/** Paste through the clipboard, as a user does (Ctrl+V), not by setting the value. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
}

describeBrowser('browser: import and export', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('imports a pasted report after a preview, opens it, exports .docx and prints', {
    timeout: 90_000,
  }, async () => {
    await registerAdmin(server.url, 'wangjuan', '王娟');
    const { context, page, errors } = await openPage(browser, server.url);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(context, 'wangjuan', 'mima-12345678');
    await page.goto('/');

    // English first: the dialog is translated; Esc closes it.
    await page.getByLabel('界面语言').selectOption('en');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Import a report' })
      .getByText('Paste text or choose a file')
      .waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByLabel('Language').selectOption('zh-CN');

    await page.getByRole('button', { name: '导入报告' }).click();
    const dialog = page.getByRole('dialog', { name: '导入报告' });
    await dialog.getByLabel('报告全文').click();
    await paste(page, PASTED);

    // The preview: the title, every section with its level, placeholders, the dropped lines.
    const outline = dialog.getByRole('list', { name: '识别出的结构' }).getByRole('listitem');
    await expect.poll(() => outline.count()).toBe(OUTLINE.length);
    const shown = await outline.evaluateAll((items) =>
      items.map((li) => [Number(li.getAttribute('data-level')), li.querySelector('.t')?.textContent]),
    );
    expect(shown).toEqual(OUTLINE);
    expect(await dialog.getByLabel('报告标题').inputValue()).toBe(TITLE);
    await outline.filter({ hasText: '（一）加强理论学习' }).getByText('待填 3').waitFor();
    await dialog.locator('.stat', { hasText: '处待填' }).getByText('6').waitFor();
    const dropped = dialog.getByRole('list', { name: /删除的行/ }).getByRole('listitem');
    await expect
      .poll(() => dropped.allInnerTexts())
      .toEqual([
        expect.stringMatching(/第 1 行\s*仅供学习 禁止外传\s*禁传声明/),
        expect.stringMatching(/第 10 行\s*【更多精品范文，请关注公众号：笔杆子文库】\s*括号声明/),
      ]);
    await dialog.getByText('另有 1 处连续空行已合并。').waitFor();
    await page.screenshot({ path: screenshotPath(repoRoot, 'import-preview.png') });

    // 创建 opens the new report; the leader sees every section, ready to assign.
    await dialog.getByRole('button', { name: '创建报告' }).click();
    await page.waitForURL(/#\/r\//);
    const reportId = decodeURIComponent(new URL(page.url()).hash.slice('#/r/'.length));
    const sections = page.locator('cr-section');
    await expect.poll(() => sections.count()).toBe(OUTLINE.length);
    expect(await sections.locator('.title').allInnerTexts()).toEqual(OUTLINE.map(([, title]) => title));
    await sections.first().getByRole('button', { name: '设置' }).waitFor();
    // The 落款 shows on the right in the editor too, as it prints and exports.
    const signature = page.locator('cr-section[data-print="signature"] .ProseMirror p').first();
    expect(await signature.evaluate((p) => getComputedStyle(p).textAlign)).toBe('right');
    const body = page.locator('cr-section[data-print="heading"] .ProseMirror p').first();
    expect(await body.evaluate((p) => getComputedStyle(p).textAlign)).not.toBe('right');
    await page.locator('cr-progress').getByText('待填 6 处').waitFor();
    const stored = await page.request.get(`/api/reports/${encodeURIComponent(reportId)}`);
    expect((await stored.json()).report.title).toBe(TITLE);

    // 导出 → Word: a .docx named after the report, with the text inside.
    const exports: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/export?')) exports.push(req.url());
    });
    const exportButton = page.getByRole('button', { name: '导出' });
    await exportButton.click();
    const menu = page.getByRole('menu', { name: '导出' });
    await menu.waitFor();
    // Exporting a draft is allowed, with a warning naming how many placeholders are left.
    await menu.getByRole('note').getByText('还有 6 处待填内容').waitFor();
    await page.screenshot({ path: screenshotPath(repoRoot, 'export-menu.png') });
    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      menu.getByRole('menuitem', { name: /Word 文档/ }).click(),
    ]);
    expect(docx.suggestedFilename()).toBe(`${TITLE}.docx`);
    const bytes = fs.readFileSync(await docx.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(4_000);
    expect(bytes.length).toBeLessThan(500_000);
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    for (const words of [TITLE, '一、主要工作', '（一）持续深化理论武装', '按时办结率达到X%']) {
      expect(plain).toContain(words);
    }
    // Downloaded, and the menu stays open to say what is still missing; Esc closes it.
    await menu.getByRole('alert').getByText('已下载。注意：文件中仍有 6 处待填内容').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);

    // Markdown with 包含评论 and 包含修订: comments=1 reaches the server; suggestions only go with a .docx.
    await exportButton.click();
    await menu.getByRole('menuitemcheckbox', { name: /包含评论/ }).check();
    await menu.getByRole('menuitemcheckbox', { name: /包含修订/ }).check();
    const [md] = await Promise.all([
      page.waitForEvent('download'),
      menu.getByRole('menuitem', { name: /Markdown/ }).click(),
    ]);
    await Promise.all([
      page.waitForEvent('download'),
      menu.getByRole('menuitem', { name: /Word 文档/ }).click(),
    ]);
    expect(exports.map((u) => new URL(u).search)).toEqual([
      '?format=docx',
      '?format=md&comments=1',
      '?format=docx&comments=1&suggestions=1',
    ]);
    const markdown = fs.readFileSync(await md.path(), 'utf8');
    expect(markdown.startsWith(`# ${TITLE}\n`)).toBe(true);
    expect(markdown).toContain('\n## 一、主要工作\n');
    expect(markdown).toContain('\n### （一）加强理论学习，提升政治素养\n');

    // The print view: the report's text alone under its centred title.
    await page.emulateMedia({ media: 'print' });
    for (const chrome of ['cr-sidebar', 'cr-report .toolbar', 'cr-app header', 'cr-export-menu']) {
      expect(await page.locator(chrome).isVisible(), chrome).toBe(false);
    }
    const printTitle = page.locator('cr-report .print-title');
    expect(await printTitle.isVisible()).toBe(true);
    expect(await printTitle.evaluate((el) => getComputedStyle(el).textAlign)).toBe('center');
    // 开篇 and 落款 print no heading; numbered parts do; no status badges or placeholder marks.
    expect(await page.locator('cr-section[data-print="plain"] .title').first().isVisible()).toBe(false);
    expect(await page.locator('cr-section[data-print="signature"] .title').isVisible()).toBe(false);
    expect(await sections.nth(1).locator('.title').isVisible()).toBe(true);
    expect(await sections.locator('.badge').first().isVisible()).toBe(false);
    const mark = sections.nth(2).locator('.cr-placeholder').first();
    expect(await mark.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
    await page.screenshot({ path: screenshotPath(repoRoot, 'print-view.png'), fullPage: true });

    // As a PDF the page is A4 (595 × 842 pt).
    const pdf = await page.pdf({ preferCSSPageSize: true, path: screenshotPath(repoRoot, 'print-view.pdf') });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    expect(box).not.toBeNull();
    expect(Math.abs(Number(box![1]) - 595.3)).toBeLessThan(2);
    expect(Math.abs(Number(box![2]) - 841.9)).toBeLessThan(2);

    expect(errors).toEqual([]);
  });

  it('imports a GB18030 file chosen in the dialog, previewed by the server', {
    timeout: 60_000,
  }, async () => {
    const { context, page, errors } = await openPage(browser, server.url);
    await signIn(context, 'wangjuan', 'mima-12345678');
    await page.goto('/');
    // A 调研报告 saved by Notepad on Chinese Windows: GB18030 bytes, levels 一、 to （1）.
    const text = fs.readFileSync(path.join(repoRoot, 'test/fixtures/import/survey.txt'), 'utf8');
    const expected = previewImport(text);
    await page.getByRole('button', { name: '导入报告' }).click();
    const dialog = page.getByRole('dialog', { name: '导入报告' });
    await dialog.getByRole('button', { name: '上传文件' }).click();
    await dialog.getByLabel('选择文件').setInputFiles({
      name: '调研报告.txt',
      mimeType: 'text/plain',
      buffer: iconv.encode(text, 'gb18030'),
    });
    const outline = dialog.getByRole('list', { name: '识别出的结构' }).getByRole('listitem');
    await expect.poll(() => outline.count()).toBe(expected.sections.length);
    expect(
      await outline.evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-level')))),
    ).toEqual(expected.sections.map((x) => x.level));
    expect(await dialog.getByLabel('报告标题').inputValue()).toBe(expected.title);
    await dialog.getByText('文本文件 · GB18030').waitFor();
    await page.screenshot({ path: screenshotPath(repoRoot, 'import-file.png') });
    await dialog.getByRole('button', { name: '创建报告' }).click();
    await page.waitForURL(/#\/r\//);
    await expect.poll(() => page.locator('cr-section').count()).toBe(expected.sections.length);
    await page.locator('cr-progress').getByText(`待填 ${expected.placeholders} 处`).waitFor();
    expect(errors).toEqual([]);
  });

  it("drops a site's front matter and restores a line with one click", { timeout: 60_000 }, async () => {
    const { context, page, errors } = await openPage(browser, server.url);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(context, 'wangjuan', 'mima-12345678');
    await page.goto('/');
    const text = [
      '第一范文网',
      '首页 > 工作总结 > 上半年工作总结',
      'X镇2025年上半年工作总结',
      '　　今年以来，我镇坚持稳中求进工作总基调，各项工作取得新进展，完成固定资产投资X亿元。',
      '一、主要工作',
      '　　新开工项目X个，完成投资X亿元，城乡居民收入稳步增长，民生保障持续改善。',
    ].join('\n');
    await page.getByRole('button', { name: '导入报告' }).click();
    const dialog = page.getByRole('dialog', { name: '导入报告' });
    await dialog.getByLabel('报告全文').click();
    await paste(page, text);
    const dropped = dialog.getByRole('list', { name: /删除的行/ }).getByRole('listitem');
    await expect.poll(() => dropped.count()).toBe(2);
    expect(await dialog.getByLabel('报告标题').inputValue()).toBe('X镇2025年上半年工作总结');
    await dropped.first().getByText('标题前的附加内容').waitFor();

    await dialog.getByRole('button', { name: '恢复第 2 行' }).click();
    await expect.poll(() => dropped.count()).toBe(1);
    await dialog.getByText('已恢复 1 行。').waitFor();
    const opening = dialog.getByRole('list', { name: '识别出的结构' }).getByRole('listitem').first();
    await opening.getByText('首页 > 工作总结 > 上半年工作总结').waitFor();

    await dialog.getByRole('button', { name: '创建报告' }).click();
    await page.waitForURL(/#\/r\//);
    await page.locator('cr-section').first().getByText('首页 > 工作总结 > 上半年工作总结').waitFor();
    expect(await page.getByText('第一范文网').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
