import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol.ts';
import {
  type Account,
  addSection,
  api,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, typeParagraph, until } from './helpers/clients.ts';
import { testScope } from './helpers/scope.ts';
import { startServer } from './helpers/server.ts';

const { servers, clients } = testScope();

async function setup() {
  const server = await startServer();
  servers.push(server);
  const leader = await registerAdmin(server.url);
  const li = await createUser(server.url, leader, 'lisi', '李四');
  const zhang = await createUser(server.url, leader, 'zhangsan', '张三');
  const reportId = await createReport(server.url, leader);
  await setRole(server.url, leader, reportId, li.id, 'writer');
  await setRole(server.url, leader, reportId, zhang.id, 'writer');
  const liSection = await addSection(server.url, leader, reportId, '一、李四负责的部分', [li.id]);
  const zhangSection = await addSection(server.url, leader, reportId, '二、张三负责的部分', [zhang.id]);
  const open = (who: Account) => {
    const c = connect(server.wsUrl, reportId, who.token);
    clients.push(c);
    return c;
  };
  const serverDoc = () => server.deps.rooms.get(reportId).doc;
  const logRows = () =>
    server.deps.stores.db
      .prepare('SELECT user_id AS userId, roots FROM updates WHERE report_id = ?')
      .all(reportId) as {
      userId: string;
      roots: string;
    }[];
  return { server, leader, li, zhang, reportId, liSection, zhangSection, open, serverDoc, logRows };
}

/** Makes `edit` on the client and expects the server to refuse it with 4403, storing nothing. */
async function expectRefused(t: Awaited<ReturnType<typeof setup>>, c: Client, edit: (doc: Y.Doc) => void) {
  const before = Y.encodeStateAsUpdate(t.serverDoc());
  const logBefore = t.logRows().length;
  const closed = c.nextClose();
  c.provider.shouldConnect = false; // a stock client would retry; the official one starts fresh
  edit(c.doc);
  const { code, reason } = await closed;
  expect(code).toBe(CloseCode.forbidden);
  expect(Y.encodeStateAsUpdate(t.serverDoc())).toEqual(before);
  expect(t.logRows()).toHaveLength(logBefore);
  return reason;
}

describe('section write rights on the server', () => {
  it('refuses a writer’s edit to another’s section, naming the section', async () => {
    const t = await setup();
    const c = t.open(t.li);
    await synced(c);
    const reason = await expectRefused(t, c, (doc) => typeInto(doc, t.zhangSection.id, '越权修改'));
    expect(reason).toContain(t.zhangSection.id);
  });

  it.each(['meta', 'outline', 'sections', 'comments', 'suggestions'])(
    'refuses a writer’s write to %s',
    async (root) => {
      const t = await setup();
      const c = t.open(t.li);
      await synced(c);
      await expectRefused(t, c, (doc) => {
        if (root === 'outline') doc.getArray<string>('outline').push(['伪造章节']);
        else if (root === 'sections') {
          (doc.getMap('sections').get(t.liSection.id) as Y.Map<unknown>).set('status', 'approved');
        } else doc.getMap(root).set('title', '篡改');
      });
    },
  );

  it('refuses a leader’s direct write to structure too (structure changes go through REST)', async () => {
    const t = await setup();
    const c = t.open(t.leader);
    await synced(c);
    await expectRefused(t, c, (doc) => doc.getMap('meta').set('title', '改名'));
  });

  it('refuses edits to an approved section, even by a leader', async () => {
    const t = await setup();
    const c = t.open(t.li);
    await synced(c);
    typeInto(c.doc, t.liSection.id, '一是完成年度任务。');
    const url = `/api/reports/${t.reportId}/sections/${t.liSection.id}`;
    await until(() => bodyText(t.serverDoc(), t.liSection.id) === '一是完成年度任务。', 'typed');
    expect(
      (await api(t.server.url, 'PATCH', url, { token: t.li.token, body: { status: 'submitted' } })).status,
    ).toBe(200);
    expect(
      (await api(t.server.url, 'PATCH', url, { token: t.leader.token, body: { status: 'approved' } })).status,
    ).toBe(200);
    await expectRefused(t, c, (doc) => typeInto(doc, t.liSection.id, '定稿后修改'));
    const lead = t.open(t.leader);
    await synced(lead);
    await expectRefused(t, lead, (doc) => typeInto(doc, t.liSection.id, '牵头人也不能'));
  });

  it('lets the same user write their own section after reconnecting, and logs user and sections', async () => {
    const t = await setup();
    const c = t.open(t.li);
    await synced(c);
    await expectRefused(t, c, (doc) => typeInto(doc, t.zhangSection.id, '越权'));
    c.destroy();
    const fresh = t.open(t.li);
    await synced(fresh);
    typeInto(fresh.doc, t.liSection.id, '重新连接后继续写作。');
    await until(() => bodyText(t.serverDoc(), t.liSection.id) === '重新连接后继续写作。', 'own section');
    const mine = t.logRows().filter((r) => r.userId === t.li.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.roots === `body:${t.liSection.id}`)).toBe(true);
  });

  it('applies a live unassignment to an open socket', async () => {
    const t = await setup();
    const c = t.open(t.li);
    await synced(c);
    typeInto(c.doc, t.liSection.id, '分配期间写的。');
    await until(() => bodyText(t.serverDoc(), t.liSection.id) === '分配期间写的。', 'typed');
    const url = `/api/reports/${t.reportId}/sections/${t.liSection.id}`;
    expect(
      (await api(t.server.url, 'PATCH', url, { token: t.leader.token, body: { assignees: [t.zhang.id] } }))
        .status,
    ).toBe(200);
    await until(() => {
      const s = c.doc.getMap('sections').get(t.liSection.id) as Y.Map<unknown>;
      return JSON.stringify(s.get('assignees')) === JSON.stringify([t.zhang.id]);
    }, 'client sees unassignment');
    await expectRefused(t, c, (doc) => typeInto(doc, t.liSection.id, '取消分配后'));
  });

  it('applies a lowered role to an open socket', async () => {
    const t = await setup();
    const c = t.open(t.li);
    await synced(c);
    await setRole(t.server.url, t.leader, t.reportId, t.li.id, 'viewer');
    const reason = await expectRefused(t, c, (doc) => typeInto(doc, t.liSection.id, '降级后'));
    expect(reason).toMatch(/viewer/);
  });

  it('refuses new structs under a client id bound to another user', async () => {
    const t = await setup();
    const li = t.open(t.li);
    await synced(li);
    typeInto(li.doc, t.liSection.id, '李四的文字');
    await until(() => bodyText(t.serverDoc(), t.liSection.id) === '李四的文字', 'li typed');
    // Zhang forges Li's client id, writing into his own (allowed) section.
    const zhang = t.open(t.zhang);
    await synced(zhang);
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(t.serverDoc()));
    forger.clientID = li.doc.clientID; // after loading: Yjs renames a client whose id arrives from remote
    const before = Y.encodeStateVector(forger);
    typeParagraph(forger, t.zhangSection.id, '冒名');
    const forgedUpdate = Y.encodeStateAsUpdate(forger, before);
    const reason = await expectRefused(t, zhang, (doc) => Y.applyUpdate(doc, forgedUpdate));
    expect(reason).toMatch(/another user/);
  });
});
