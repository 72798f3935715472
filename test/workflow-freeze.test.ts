import { describe, expect, it } from 'vitest';
import { CloseCode } from '../shared/protocol.ts';
import { api, reportWithWriter } from './helpers/api.ts';
import { bodyText, connect, synced, typeInto, until } from './helpers/clients.ts';
import { testScope } from './helpers/scope.ts';
import { startServer } from './helpers/server.ts';

const { servers, clients } = testScope();

describe('提交审阅 freezes a section for its writers, 退回 unfreezes it (stock clients)', () => {
  it('refuses the writer’s edits while submitted, takes the leader’s, and the writer’s again once returned', async () => {
    const server = await startServer();
    servers.push(server);
    const { leader, writer: li, reportId, section } = await reportWithWriter(server.url);
    const serverText = () => bodyText(server.deps.rooms.get(reportId).doc, section.id);
    const url = `/api/reports/${reportId}/sections/${section.id}`;
    const open = async (token: string) => {
      const c = connect(server.wsUrl, reportId, token);
      clients.push(c);
      await synced(c);
      return c;
    };

    const writer = await open(li.token);
    typeInto(writer.doc, section.id, '一是完成年度任务。');
    await until(() => serverText() === '一是完成年度任务。', 'draft stored');
    expect(
      (await api(server.url, 'PATCH', url, { token: li.token, body: { status: 'submitted' } })).status,
    ).toBe(200);

    // Frozen: the writer's edit is refused, nothing of it is stored.
    const closed = writer.nextClose();
    writer.provider.shouldConnect = false;
    typeInto(writer.doc, section.id, '审阅期间偷偷改', 0);
    const { code, reason } = await closed;
    expect(code).toBe(CloseCode.forbidden);
    expect(reason).toContain('submitted');
    expect(serverText()).toBe('一是完成年度任务。');

    // A leader reviewing may still correct the text.
    const lead = await open(leader.token);
    typeInto(lead.doc, section.id, '（组长修订）', 0);
    await until(() => serverText() === '（组长修订）一是完成年度任务。', 'leader edit stored');

    // 退回: the writer may write again.
    const back = await api(server.url, 'PATCH', url, {
      token: leader.token,
      body: { status: 'returned', note: '请补充数据' },
    });
    expect(back.status).toBe(200);
    const again = await open(li.token);
    typeInto(again.doc, section.id, '补充：完成率98%。', bodyText(again.doc, section.id).length);
    await until(
      () => serverText() === '（组长修订）一是完成年度任务。补充：完成率98%。',
      'writer edit after return',
    );
  });
});
