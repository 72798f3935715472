/**
 * Browser pages on one report: each person in a browser context of their own, signed in and on the
 * report, and the locators of a section there. The setup the two-person browser tests share.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { type Account, PASSWORD, reportWithWriter, type WriterReport } from './api.ts';
import { openPage, signIn } from './browser.ts';
import type { TestServer } from './server.ts';

export type OpenPage = Awaited<ReturnType<typeof openPage>>;

/** `who` in a fresh browser context, signed in, on the report. */
export async function openReport(
  browser: Browser,
  server: TestServer,
  who: Account,
  reportId: string,
): Promise<OpenPage> {
  if (!who.username)
    throw new Error(`no username for ${who.displayName}: make the account with test/helpers/api.ts`);
  const opened = await openPage(browser, server.url);
  await signIn(opened.context, who.username, PASSWORD);
  await opened.page.goto(`/#/r/${reportId}`);
  return opened;
}

/** A section of the report on `page`. */
export const sectionOn = (page: Page, sectionId: string): Locator =>
  page.locator(`cr-section[data-sid="${sectionId}"]`);

/** The editor of a section of the report on `page`. */
export const editorOn = (page: Page, sectionId: string): Locator =>
  sectionOn(page, sectionId).locator('.ProseMirror');

/**
 * Select `text` inside an editor the way a mouse would: a DOM selection over its characters (through the
 * shadow root's selection, where the editor lives).
 */
export async function selectText(editor: Locator, text: string): Promise<void> {
  await editor.evaluate((el, wanted) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const sel = (el.getRootNode() as ShadowRoot & { getSelection(): Selection }).getSelection();
      sel.setBaseAndExtent(n, at, n, at + wanted.length);
      return;
    }
    throw new Error(`text not found: ${wanted}`);
  }, text);
}

export interface LeaderAndWriterPages extends WriterReport {
  /** The leader's page, then the writer's. */
  L: OpenPage;
  W: OpenPage;
  lSection: Locator;
  wSection: Locator;
  lEditor: Locator;
  wEditor: Locator;
}

/**
 * The leader's and the writer's browsers on a report of `reportWithWriter` (made here unless given):
 * the leader's page opened first.
 */
export async function leaderAndWriterOnReport(
  server: TestServer,
  browser: Browser,
  team?: WriterReport,
): Promise<LeaderAndWriterPages> {
  const made = team ?? (await reportWithWriter(server.url));
  const L = await openReport(browser, server, made.leader, made.reportId);
  const W = await openReport(browser, server, made.writer, made.reportId);
  const sid = made.section.id;
  return {
    ...made,
    L,
    W,
    lSection: sectionOn(L.page, sid),
    wSection: sectionOn(W.page, sid),
    lEditor: editorOn(L.page, sid),
    wEditor: editorOn(W.page, sid),
  };
}
