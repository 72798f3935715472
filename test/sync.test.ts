import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot, type SectionInfo } from '../shared/layout.ts';
import { type Account, addSection, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { bodyText, connect, synced, typeInto, until } from './helpers/clients.ts';
import { testScope } from './helpers/scope.ts';
import { startServer, type TestServer } from './helpers/server.ts';

const { servers, clients } = testScope();

async function setup(writers = 0, env: Record<string, string> = {}) {
  const server = await startServer(env);
  servers.push(server);
  const leader = await registerAdmin(server.url);
  const reportId = await createReport(server.url, leader);
  const team: Account[] = [];
  for (let i = 0; i < writers; i++) {
    const w = await createUser(server.url, leader, `writer${i}`, `撰稿人${i}`);
    await setRole(server.url, leader, reportId, w.id, 'writer');
    team.push(w);
  }
  return { server, leader, reportId, team };
}

const open = (server: TestServer, reportId: string, account: Account, doc?: Y.Doc) => {
  const c = connect(server.wsUrl, reportId, account.token, doc);
  clients.push(c);
  return c;
};

/** The server's own copy of the report doc. */
const serverDoc = (server: TestServer, reportId: string) => server.deps.rooms.get(reportId).doc;

describe('relay and convergence', () => {
  it('10 clients typing at once converge and equal the server copy; a late joiner gets everything', async () => {
    const { server, leader, reportId, team } = await setup(9);
    const people = [leader, ...team];
    const sections: SectionInfo[] = [];
    for (const [i, person] of people.entries()) {
      sections.push(await addSection(server.url, leader, reportId, `${i + 1}、工作`, [person.id]));
    }
    const cs = people.map((p) => open(server, reportId, p));
    await Promise.all(cs.map(synced));
    for (let round = 0; round < 20; round++) {
      for (const [i, c] of cs.entries()) typeInto(c.doc, sections[i]!.id, `第${round}句。`, 0);
      await new Promise((r) => setTimeout(r, 5));
    }
    const expected = Array.from({ length: 20 }, (_, r) => `第${19 - r}句。`).join('');
    await until(
      () => cs.every((c) => sections.every((s) => bodyText(c.doc, s.id) === expected)),
      'convergence',
    );
    const server0 = serverDoc(server, reportId);
    for (const s of sections) expect(bodyText(server0, s.id)).toBe(expected);
    for (const c of cs) expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(server0));
    const late = open(server, reportId, leader);
    await synced(late);
    for (const s of sections) expect(bodyText(late.doc, s.id)).toBe(bodyText(server0, s.id));
  });

  it('keeps everything across a clean restart with the same DATA_DIR', async () => {
    const { server, leader, reportId } = await setup();
    const s = await addSection(server.url, leader, reportId, '一、主要工作');
    const c = open(server, reportId, leader);
    await synced(c);
    typeInto(c.doc, s.id, '一是坚持政治引领，组织开展民主协商活动X次。');
    await until(() => bodyText(serverDoc(server, reportId), s.id).includes('X次'), 'server copy');
    c.destroy();
    clients.length = 0;
    await server.stop();
    servers.length = 0;
    const again = await startServer({ DATA_DIR: server.dataDir });
    servers.push(again);
    const c2 = open(again, reportId, leader);
    await synced(c2);
    expect(bodyText(c2.doc, s.id)).toBe('一是坚持政治引领，组织开展民主协商活动X次。');
    expect(c2.doc.getMap('meta').get('title')).toBe('2026年度工作总结');
  });

  it('compaction during concurrent writes loses nothing', async () => {
    const { server, leader, reportId, team } = await setup(2);
    const s1 = await addSection(server.url, leader, reportId, '一、', [team[0]!.id]);
    const s2 = await addSection(server.url, leader, reportId, '二、', [team[1]!.id]);
    const a = open(server, reportId, team[0]!);
    const b = open(server, reportId, team[1]!);
    await Promise.all([synced(a), synced(b)]);
    const room = server.deps.rooms.get(reportId);
    for (let i = 0; i < 200; i++) {
      typeInto(a.doc, s1.id, '甲', 0);
      typeInto(b.doc, s2.id, '乙', 0);
      if (i % 10 === 0) {
        await new Promise((r) => setTimeout(r, 2));
        room.compact();
      }
    }
    await until(
      () => bodyText(room.doc, s1.id).length === 200 && bodyText(room.doc, s2.id).length === 200,
      'all typed',
    );
    room.compact();
    const stored = server.deps.stores.docs.load(reportId);
    expect(stored.updates).toHaveLength(0);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, stored.snapshot!);
    expect(bodyText(reloaded, s1.id)).toBe('甲'.repeat(200));
    expect(bodyText(reloaded, s2.id)).toBe('乙'.repeat(200));
  });

  it('loads a room once for simultaneous first connects and unloads it after the grace period', async () => {
    const { server, leader, reportId } = await setup(0, { ROOM_IDLE_MS: '50' });
    await until(() => server.deps.rooms.size === 0, 'initial unload');
    const before = server.deps.rooms.loads;
    const cs = [
      open(server, reportId, leader),
      open(server, reportId, leader),
      open(server, reportId, leader),
    ];
    await Promise.all(cs.map(synced));
    expect(server.deps.rooms.loads - before).toBe(1);
    for (const c of cs) c.destroy();
    clients.length = 0;
    await until(() => server.deps.rooms.size === 0, 'unload after grace');
  });

  it('removes and announces a closing socket’s awareness state, stamped with the real user', async () => {
    const { server, leader, reportId, team } = await setup(1);
    const a = open(server, reportId, leader);
    const b = open(server, reportId, team[0]!);
    await Promise.all([synced(a), synced(b)]);
    b.provider.awareness.setLocalStateField('user', { id: 'forged', name: '冒名' });
    b.provider.awareness.setLocalStateField('cursor', { section: 'x' });
    const bId = b.doc.clientID;
    await until(() => a.provider.awareness.getStates().get(bId)?.cursor !== undefined, 'awareness arrives');
    expect(a.provider.awareness.getStates().get(bId)!.user).toMatchObject({
      id: team[0]!.id,
      name: '撰稿人0',
    });
    b.destroy();
    await until(() => !a.provider.awareness.getStates().has(bId), 'awareness removed');
    expect(bodyRoot('x')).toBe('body:x');
  });
});
