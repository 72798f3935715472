/**
 * 我的任务 and 进度 in Chromium: a writer sees only her sections (status, due date, overdue in red,
 * placeholders, an empty section as 未动笔 rather than 待填 0), 下一处待填 walks only hers until
 * 只看我的 is switched off, and she can read 分工; the leader's 进度 puts who is behind first with
 * the overdue count, and the outline shows due dates with overdue in red.
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { addSection, api, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { browserSuite, describeBrowser, openPage, screenshotPath, signIn } from '../helpers/browser.ts';
import { connect, synced, typeParagraph } from '../helpers/clients.ts';
import { repoRoot, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'mima-12345678';
const DANGER = 'rgb(192, 54, 44)';

describeBrowser('browser: my tasks and progress', () => {
  let server: TestServer;
  let browser: Browser;

  browserSuite((s, b) => {
    server = s;
    browser = b;
  });

  it('shows a writer her tasks and the leader who is behind', { timeout: 90_000 }, async () => {
    const leader = await registerAdmin(server.url, 'wangjuan', '王娟');
    const lisi = await createUser(server.url, leader, 'lisi', '李四');
    const zhang = await createUser(server.url, leader, 'zhangwei', '张伟');
    const reportId = await createReport(server.url, leader, '2026年度工作总结');
    for (const w of [lisi, zhang]) await setRole(server.url, leader, reportId, w.id, 'writer');
    const work = await addSection(server.url, leader, reportId, '主要工作', [lisi.id]);
    const issues = await addSection(server.url, leader, reportId, '存在问题', [zhang.id]);
    const plans = await addSection(server.url, leader, reportId, '下步打算', [lisi.id]);
    const due = async (sid: string, date: string) => {
      const res = await api(server.url, 'PATCH', `/api/reports/${reportId}/sections/${sid}`, {
        token: leader.token,
        body: { due: date },
      });
      expect(res.status).toBe(200);
    };
    await due(work.id, '2020-06-30');
    await due(issues.id, '2099-12-31');

    // Each writer drafts her own section over a stock y-websocket client.
    for (const [who, sid, text] of [
      [lisi, work.id, '全年完成重点任务X项，节约经费X万元。'],
      [zhang, issues.id, '调研发现X个突出问题。'],
    ] as const) {
      const client = connect(server.wsUrl, reportId, who.token);
      await synced(client);
      typeParagraph(client.doc, sid, text);
      await expect
        .poll(async () => {
          const res = await api(server.url, 'GET', `/api/reports/${reportId}/progress`, {
            token: leader.token,
          });
          return (res.body.sections as { id: string; chars: number }[]).find((s) => s.id === sid)?.chars;
        })
        .toBeGreaterThan(0);
      client.destroy();
    }

    const W = await openPage(browser, server.url);
    await signIn(W.context, 'lisi', PASSWORD);
    await W.page.goto(`/#/r/${reportId}`);
    await W.page.getByRole('tab', { name: '我的任务' }).click();
    const mine = W.page.locator('cr-my-tasks');
    await mine.getByText('我负责 2 节 · 待填 2 处').waitFor();
    await mine.getByText('逾期 1 节').waitFor();
    const workLine = mine.locator(`li[data-sid="${work.id}"]`);
    await workLine.getByText('一、主要工作').waitFor();
    await workLine.getByText(/已逾期 · 截止 2020/).waitFor();
    await workLine.getByText('待填 2').waitFor();
    expect(await workLine.locator('.due').evaluate((el) => getComputedStyle(el).color)).toBe(DANGER);
    const plansLine = mine.locator(`li[data-sid="${plans.id}"]`);
    await plansLine.getByText('未动笔').waitFor();
    expect(await plansLine.textContent()).not.toContain('待填');
    expect(await mine.locator(`li[data-sid="${issues.id}"]`).count()).toBe(0);
    // The section heading marks it too.
    await W.page
      .locator(`cr-section[data-sid="${work.id}"] .due.overdue`)
      .getByText(/已逾期/)
      .waitFor();
    expect(await W.page.locator(`cr-section[data-sid="${issues.id}"] .due.overdue`).count()).toBe(0);

    // 下一处待填 counts and walks only her 2 placeholders, both in 一、主要工作.
    const next = W.page.getByRole('button', { name: /下一处待填/ });
    await expect.poll(() => next.textContent()).toContain('2');
    const active = () => W.page.locator('cr-section[active]').getAttribute('data-sid');
    for (let i = 0; i < 3; i++) {
      await next.click();
      await expect.poll(active).toBe(work.id);
    }
    // Switched off, it counts all 3 and reaches 张伟's section.
    await W.page.getByLabel('只看我的').uncheck();
    await expect.poll(() => next.textContent()).toContain('3');
    const seen = new Set<string | null>();
    for (let i = 0; i < 3; i++) {
      await next.click();
      seen.add(await active());
    }
    expect(seen.has(issues.id)).toBe(true);
    await W.page.screenshot({ path: screenshotPath(repoRoot, 'my-tasks.png') });

    // She can read 分工, but not change it.
    await W.page.getByRole('tab', { name: '分工' }).click();
    const people = W.page.locator('cr-people');
    await people.getByText('分工由负责人安排，这里只能查看。').waitFor();
    await people.locator(`[data-user="${zhang.id}"]`).getByText('剩 1/1 节 · 待填 1').waitFor();
    expect(await people.locator('.dash').count()).toBe(0);

    const L = await openPage(browser, server.url);
    await signIn(L.context, 'wangjuan', PASSWORD);
    await L.page.goto(`/#/r/${reportId}`);
    // The outline shows the due dates, the passed one in red.
    const outline = L.page.locator('cr-outline');
    await outline.getByText(/已逾期 · 截止 2020/).waitFor();
    await outline.getByText(/^截止 2099/).waitFor();
    expect(await outline.locator('.due.overdue').evaluate((el) => getComputedStyle(el).color)).toBe(DANGER);
    // 进度: totals, and 李四 (one section overdue) first.
    await L.page.getByRole('tab', { name: '进度' }).click();
    const dash = L.page.locator('cr-people');
    await dash.getByRole('group', { name: '逾期' }).getByText('1').waitFor();
    await dash.getByRole('group', { name: '定稿' }).getByText('0/3').waitFor();
    const first = dash.locator('.person').first();
    await first.getByText('李四').waitFor();
    await first.getByText('逾期 1 节').waitFor();
    await first.getByText('剩 2/2 节 · 待填 2').waitFor();
    // The leader owns nothing: no 我的任务 tab, and 下一处待填 walks everything.
    expect(await L.page.getByRole('tab', { name: '我的任务' }).count()).toBe(0);
    await expect.poll(() => L.page.getByRole('button', { name: /下一处待填/ }).textContent()).toContain('3');
    await L.page.screenshot({ path: screenshotPath(repoRoot, 'progress-dashboard.png') });

    expect(W.errors).toEqual([]);
    expect(L.errors).toEqual([]);
  });
});
