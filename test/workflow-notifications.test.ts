import { afterEach, describe, expect, it } from 'vitest';
import { checkDue } from '../server/notifications/due-check.ts';
import {
  type Account,
  addSection,
  api,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from './helpers/api.ts';
import { until } from './helpers/clients.ts';
import { testScope } from './helpers/scope.ts';
import { startServer } from './helpers/server.ts';
import { type NoticeStream, openNoticeStream } from './helpers/sse.ts';

const { servers } = testScope();
const streams: NoticeStream[] = [];
afterEach(() => {
  for (const s of streams.splice(0)) s.close();
});

describe('workflow notifications reach the right people live (SSE)', () => {
  it('assignment, 提交审阅, 退回 with its note, 定稿 and a passed due date', async () => {
    // The server looks for passed due dates every 50 ms here (every minute by default).
    const server = await startServer({ DUE_CHECK_MS: '50' });
    servers.push(server);
    const leader = await registerAdmin(server.url);
    const second = await createUser(server.url, leader, 'zhaoliu', '赵六');
    const li = await createUser(server.url, leader, 'lisi', '李四');
    const zhang = await createUser(server.url, leader, 'zhangsan', '张三');
    const reportId = await createReport(server.url, leader);
    await setRole(server.url, leader, reportId, second.id, 'leader');
    await setRole(server.url, leader, reportId, li.id, 'writer');
    await setRole(server.url, leader, reportId, zhang.id, 'writer');
    const people = { leader, second, li, zhang };
    const live = Object.fromEntries(
      await Promise.all(
        Object.entries(people).map(async ([k, who]) => {
          const stream = await openNoticeStream(server.url, who.token);
          streams.push(stream);
          return [k, stream] as const;
        }),
      ),
    ) as Record<keyof typeof people, NoticeStream>;
    const kinds = (who: keyof typeof people) => live[who].notices.map((n) => n.kind);
    const patch = (who: Account, sid: string, body: unknown) =>
      api(server.url, 'PATCH', `/api/reports/${reportId}/sections/${sid}`, { token: who.token, body });

    const section = await addSection(server.url, leader, reportId, '一、主要工作', [li.id]);
    await until(() => kinds('li').includes('assigned'), 'li hears of the assignment');
    expect(live.li.notices[0]).toMatchObject({
      kind: 'assigned',
      reportId,
      sectionId: section.id,
      actorId: leader.id,
      excerpt: '一、主要工作',
    });

    expect((await patch(li, section.id, { status: 'submitted' })).status).toBe(409); // still todo
    expect((await patch(leader, section.id, { status: 'drafting' })).status).toBe(200);
    expect((await patch(li, section.id, { status: 'submitted' })).status).toBe(200);
    await until(
      () => kinds('leader').includes('submitted') && kinds('second').includes('submitted'),
      'leaders',
    );
    expect(live.second.notices.at(-1)).toMatchObject({
      kind: 'submitted',
      actorId: li.id,
      sectionId: section.id,
    });

    expect((await patch(leader, section.id, { status: 'returned', note: '请补充全年数据' })).status).toBe(
      200,
    );
    await until(() => kinds('li').includes('returned'), 'li hears of the return');
    expect(live.li.notices.at(-1)).toMatchObject({
      kind: 'returned',
      excerpt: '一、主要工作：请补充全年数据',
    });

    expect((await patch(li, section.id, { status: 'submitted' })).status).toBe(200);
    expect((await patch(second, section.id, { status: 'approved' })).status).toBe(200);
    await until(() => kinds('li').includes('approved'), 'li hears of the approval');
    expect(live.li.notices.at(-1)).toMatchObject({ kind: 'approved', actorId: second.id });

    // A due date that has passed: the assignee and the leaders, once.
    const late = await addSection(server.url, leader, reportId, '二、存在问题', [zhang.id]);
    expect((await patch(leader, late.id, { due: '2020-01-02' })).status).toBe(200);
    expect((await patch(leader, section.id, { due: '2020-01-02' })).status).toBe(200); // approved: no reminder
    await until(
      () => ['zhang', 'leader', 'second'].every((w) => kinds(w as keyof typeof people).includes('overdue')),
      'overdue notices',
    );
    expect(live.zhang.notices.at(-1)).toMatchObject({
      kind: 'overdue',
      sectionId: late.id,
      excerpt: '二、存在问题（截止 2020-01-02）',
    });
    expect(checkDue(server.deps)).toBe(0); // sent once, by the server's own timer

    // Nobody hears of what they did themselves or of what is not theirs.
    expect(kinds('li')).toEqual(['assigned', 'returned', 'approved']);
    expect(kinds('zhang')).toEqual(['assigned', 'overdue']);
    expect(kinds('leader')).toEqual(['submitted', 'submitted', 'overdue']);
    expect(kinds('second')).toEqual(['submitted', 'submitted', 'overdue']);
    // The same notices are in the inbox.
    const inbox = await api(server.url, 'GET', '/api/notifications', { token: li.token });
    expect(inbox.body.notifications.map((n: { kind: string }) => n.kind)).toEqual([
      'approved',
      'returned',
      'assigned',
    ]);
  });
});
