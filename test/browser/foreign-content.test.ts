/**
 * A section body the editor schema cannot show (written by another client, e.g. a newer
 * version with images) must not be "repaired" by the browser: y-tiptap would delete it from
 * the shared doc. The page shows the text read-only with an error, live and after a reload,
 * and the server's copy keeps every node.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { addSection, createReport, registerAdmin } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, signIn } from '../helpers/browser.ts';
import { connect, synced, typeParagraph, until } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';

describeBrowser('browser: content outside the editor schema', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('is shown read-only and never deleted from the shared doc', { timeout: 90_000 }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const reportId = await createReport(server.url, leader, '2024年度工作总结');
    const section = await addSection(server.url, leader, reportId, '一、主要工作');
    const raw = connect(server.wsUrl, reportId, leader.token);
    await synced(raw);
    typeParagraph(raw.doc, section.id, '全年完成重点任务X项。');

    const { context, page, errors } = await openPage(browser, server.url);
    await signIn(context, 'wangjuan', 'mima-12345678');
    await page.goto(`/#/r/${reportId}`);
    const el = page.locator(`cr-section[data-sid="${section.id}"]`);
    await el.getByText('全年完成重点任务X项。').waitFor();
    await expect.poll(() => el.locator('.ProseMirror').getAttribute('contenteditable')).toBe('true');

    // Another client adds a node type this editor does not know.
    const fragment = raw.doc.getXmlFragment(bodyRoot(section.id));
    const figure = new Y.XmlElement('figure');
    figure.insert(0, [new Y.XmlText('图表说明')]);
    fragment.push([figure]);

    await el.getByText('本节包含当前版本无法显示的内容').waitFor();
    expect(await el.locator('.ProseMirror').count()).toBe(0);
    await el.locator('.fallback', { hasText: '全年完成重点任务X项。' }).waitFor();

    await page.reload();
    await page
      .locator(`cr-section[data-sid="${section.id}"]`)
      .getByText('本节包含当前版本无法显示的内容')
      .waitFor();

    // A fresh client sees the server's copy: both nodes still there.
    const check = connect(server.wsUrl, reportId, leader.token);
    await synced(check);
    await until(
      () => check.doc.getXmlFragment(bodyRoot(section.id)).length === 2,
      'both nodes on the server',
    );
    expect(
      check.doc
        .getXmlFragment(bodyRoot(section.id))
        .toArray()
        .map((n) => (n as Y.XmlElement).nodeName),
    ).toEqual(['paragraph', 'figure']);
    check.destroy();
    raw.destroy();
    // The guard logs what did not fit; nothing else may go wrong on the page.
    expect(errors.filter((e) => !e.includes('does not fit the editor schema'))).toEqual([]);
  });
});
