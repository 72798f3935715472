import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { anchoredText, anchorFor } from './helpers/anchors.ts';
import { type Account, addSection, api, createUser, reportWithCast, setRole } from './helpers/api.ts';
import { type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let writer: Account;
let other: Account;
let commenter: Account;
let viewer: Account;
let outsider: Account;
let reportId: string;
let sectionId: string;
let writerClient: Client;

const text = '一是坚持政治引领，组织开展民主协商活动X次，形成协商成果X项。';

beforeAll(async () => {
  server = await startServer();
  ({ leader, writer, other, commenter, viewer, outsider, reportId } = await reportWithCast(server.url));
  sectionId = (await addSection(server.url, leader, reportId, '一、主要工作', [writer.id])).id;
  writerClient = connect(server.wsUrl, reportId, writer.token);
  await synced(writerClient);
  typeInto(writerClient.doc, sectionId, text);
  await until(
    () => server.deps.rooms.get(reportId).doc.getXmlFragment(`body:${sectionId}`).length > 0,
    'text',
  );
});
afterAll(async () => {
  writerClient.destroy();
  await server.stop();
});

const call = (who: Account, method: string, path: string, body?: unknown) =>
  api(server.url, method, `/api/reports/${reportId}${path}`, { token: who.token, body });

const newThread = (who: Account, body = '请核实次数', quote = '民主协商活动X次') =>
  call(who, 'POST', '/comments', {
    sectionId,
    anchor: anchorFor(writerClient.doc, sectionId, quote),
    quote,
    body,
  });

const inbox = async (who: Account) =>
  (await api(server.url, 'GET', '/api/notifications', { token: who.token })).body.notifications as any[];

describe('comment permissions', () => {
  it('lets leaders, writers and commenters comment and reply; not viewers or outsiders', async () => {
    for (const who of [leader, writer, other, commenter]) expect((await newThread(who)).status).toBe(201);
    expect((await newThread(viewer)).status).toBe(403);
    expect((await newThread(outsider)).status).toBe(404);
    const cid = (await newThread(leader)).body.comment.id;
    for (const who of [leader, writer, other, commenter]) {
      expect((await call(who, 'POST', `/comments/${cid}/replies`, { body: '收到' })).status).toBe(201);
    }
    expect((await call(viewer, 'POST', `/comments/${cid}/replies`, { body: '收到' })).status).toBe(403);
    expect((await call(outsider, 'POST', `/comments/${cid}/replies`, { body: '收到' })).status).toBe(404);
  });

  it('lets the leader and the section’s assignees resolve and reopen; others not', async () => {
    const cid = (await newThread(commenter)).body.comment.id;
    for (const who of [other, commenter, viewer]) {
      expect((await call(who, 'PATCH', `/comments/${cid}`, { resolved: true })).status).toBe(403);
    }
    expect((await call(writer, 'PATCH', `/comments/${cid}`, { resolved: true })).body.comment.resolved).toBe(
      true,
    );
    expect((await call(leader, 'PATCH', `/comments/${cid}`, { resolved: false })).body.comment.resolved).toBe(
      false,
    );
  });

  it('lets only the author edit the body, and the author or a leader delete', async () => {
    const cid = (await newThread(commenter)).body.comment.id;
    expect((await call(leader, 'PATCH', `/comments/${cid}`, { body: '改别人的' })).status).toBe(403);
    const edited = await call(commenter, 'PATCH', `/comments/${cid}`, { body: '请核实具体次数' });
    expect(edited.body.comment).toMatchObject({ body: '请核实具体次数', editedAt: expect.any(Number) });
    expect((await call(writer, 'DELETE', `/comments/${cid}`)).status).toBe(403);
    expect((await call(viewer, 'DELETE', `/comments/${cid}`)).status).toBe(403);
    expect((await call(commenter, 'DELETE', `/comments/${cid}`)).status).toBe(204);
    const second = (await newThread(commenter)).body.comment.id;
    expect((await call(leader, 'DELETE', `/comments/${second}`)).status).toBe(204);
    expect((await call(leader, 'DELETE', `/comments/${second}`)).status).toBe(404);
  });

  it('refuses bad input: empty, too long, control characters, anchors outside the section', async () => {
    expect((await newThread(leader, '')).status).toBe(400);
    expect((await newThread(leader, '长'.repeat(2001))).status).toBe(400);
    expect((await newThread(leader, 'bell\u0007')).status).toBe(400);
    const other2 = await addSection(server.url, leader, reportId, '二、其他');
    const wrong = await call(leader, 'POST', '/comments', {
      sectionId: other2.id,
      anchor: anchorFor(writerClient.doc, sectionId, '民主'),
      quote: '民主',
      body: '锚点不在本节',
    });
    expect(wrong.status).toBe(400);
    const junk = await call(leader, 'POST', '/comments', {
      sectionId,
      anchor: { start: 'AAAA', end: 'AAAA' },
      quote: '',
      body: '坏锚点',
    });
    expect(junk.status).toBe(400);
  });

  it('stores HTML as plain text, never as markup', async () => {
    const res = await newThread(leader, '<img src=x onerror=alert(1)>请看');
    expect(res.body.comment.body).toBe('<img src=x onerror=alert(1)>请看');
  });
});

describe('comments live and anchored', () => {
  it('appears in a writer’s stock client doc right away', async () => {
    const res = await newThread(leader, '这里的数据请补充');
    const cid = res.body.comment.id;
    await until(() => writerClient.doc.getMap('comments').has(cid), 'comment in writer doc', 1000);
    const map = writerClient.doc.getMap('comments').get(cid) as Y.Map<unknown>;
    expect(map.get('body')).toBe('这里的数据请补充');
    expect(map.get('author')).toBe(leader.id);
  });

  it('keeps its anchor on the words through edits before, inside and after the range, and collapses when deleted', async () => {
    const res = await newThread(leader, '锚点测试', '形成协商成果X项');
    const { anchor } = res.body.comment;
    const doc = writerClient.doc;
    expect(anchoredText(doc, anchor)).toBe('形成协商成果X项');
    typeInto(doc, sectionId, '（前面插入）', 0);
    const t = () => (doc.getXmlFragment(`body:${sectionId}`).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    t().insert(t().toString().length, '（后面追加）');
    const inside = t().toString().indexOf('成果') + 2;
    t().insert(inside, '共');
    expect(anchoredText(doc, anchor)).toBe('形成协商成果共X项');
    const serverDoc = server.deps.rooms.get(reportId).doc;
    await until(() => anchoredText(serverDoc, anchor) === '形成协商成果共X项', 'server follows');
    const from = t().toString().indexOf('形成');
    t().delete(from, '形成协商成果共X项'.length);
    expect(anchoredText(doc, anchor)).toBeNull();
    expect(readQuote(doc, res.body.comment.id)).toBe('形成协商成果X项');
  });
});

const readQuote = (doc: Y.Doc, cid: string) =>
  (doc.getMap('comments').get(cid) as Y.Map<unknown>).get('quote');

describe('notifications', () => {
  it('tells the section’s assignees about a new thread and mentioned members, each once', async () => {
    const before = {
      writer: (await inbox(writer)).length,
      other: (await inbox(other)).length,
      viewer: (await inbox(viewer)).length,
    };
    await newThread(commenter, '@李四 @lisi 请与 @张三 核对，@读者 知悉');
    const w = await inbox(writer);
    const o = await inbox(other);
    const v = await inbox(viewer);
    expect(w.length - before.writer).toBe(1);
    expect(w[0]).toMatchObject({ kind: 'mention', reportId, sectionId, actorId: commenter.id });
    expect(o.length - before.other).toBe(1);
    expect(v.length - before.viewer).toBe(1);
    expect((await inbox(commenter)).some((n) => n.actorId === commenter.id)).toBe(false);
  });

  it('tells participants about replies, not the replier', async () => {
    const cid = (await newThread(commenter, '请补充数据')).body.comment.id;
    await call(writer, 'POST', `/comments/${cid}/replies`, { body: '已补充' });
    const commenterInbox = await inbox(commenter);
    expect(commenterInbox[0]).toMatchObject({ kind: 'reply', commentId: cid, actorId: writer.id });
    const writerBefore = (await inbox(writer)).length;
    await call(leader, 'POST', `/comments/${cid}/replies`, { body: '好的' });
    expect((await inbox(writer)).length).toBe(writerBefore + 1);
    expect((await inbox(leader)).some((n) => n.commentId === cid)).toBe(false);
  });

  it('marks read, and counts unread', async () => {
    const res = await api(server.url, 'GET', '/api/notifications?unread=1', { token: writer.token });
    expect(res.body.unread).toBeGreaterThan(0);
    const first = res.body.notifications[0].id;
    expect(
      (
        await api(server.url, 'POST', '/api/notifications/read', {
          token: writer.token,
          body: { ids: [first] },
        })
      ).status,
    ).toBe(204);
    const after = await api(server.url, 'GET', '/api/notifications?unread=1', { token: writer.token });
    expect(after.body.unread).toBe(res.body.unread - 1);
    await api(server.url, 'POST', '/api/notifications/read', { token: writer.token, body: {} });
    expect((await api(server.url, 'GET', '/api/notifications', { token: writer.token })).body.unread).toBe(0);
    expect(
      (
        await api(server.url, 'POST', '/api/notifications/read', {
          token: writer.token,
          body: { ids: ['x'] },
        })
      ).status,
    ).toBe(400);
  });

  it('delivers a notification over the SSE stream while the user is elsewhere', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/notifications/stream`, {
      headers: { authorization: `Bearer ${other.token}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const read = async (until: (s: string) => boolean) => {
      while (!until(received)) received += decoder.decode((await reader.read()).value);
    };
    await read((s) => s.includes('event: ready'));
    await newThread(commenter, '@张三 请看这里');
    await read((s) => s.includes('event: notification'));
    const data = received
      .split('event: notification')[1]!
      .split('\n')
      .find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(data.slice(6))).toMatchObject({
      kind: 'mention',
      actorId: commenter.id,
      excerpt: '@张三 请看这里',
    });
    controller.abort();
  });

  it('rate-limits a flood of comments from one user', async () => {
    const flood = await createUser(server.url, leader, 'shuaping', '刷屏者');
    await setRole(server.url, leader, reportId, flood.id, 'commenter');
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await newThread(flood, `第${i}条`)).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.at(-1)).toBe(429);
  });
});
