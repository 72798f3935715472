/**
 * Version history against a real server and stock y-websocket clients: versions at each transition
 * and after a burst of editing, a diff that names who inserted and who deleted, restoring one section
 * live for everyone without touching the others, who may restore, and history kept through
 * compaction and a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { bodyRoot } from '../shared/layout.ts';
import { anchorFor } from './helpers/anchors.ts';
import { type Account, addSection, api, reportWithCast } from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { fingerprint } from './helpers/fingerprint.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let owner: Account;
let other: Account;
let commenter: Account;
let viewer: Account;
let reportId: string;
let sidA: string;
let sidB: string;
let leaderClient: Client;
let ownerClient: Client;
let otherClient: Client;
const clients: Client[] = [];

const FIRST = '一是坚持政治引领，组织开展民主协商活动X次。';
const SECOND = '二是加强自身建设，完善制度X项。';
const THIRD = '三是深入调查研究，形成调研报告X篇。';
const B_TEXT = '（一）存在的不足：调查研究不够深入。';
const ENV = { HISTORY_IDLE_MS: '400', HISTORY_MAX_MS: '60000', WORKFLOW_GRACE_MS: '0' };

const serverDoc = () => server.deps.rooms.get(reportId).doc;
const call = (who: Account, method: string, path: string, body?: unknown) =>
  api(server.url, method, `/api/reports/${reportId}${path}`, { token: who.token, body });
const versionsOf = async (sid: string, who: Account = leader) =>
  (await call(who, 'GET', `/versions?section=${sid}`)).body.versions as {
    id: number;
    kind: string;
    authors: string[];
    added: number;
    removed: number;
    restoredFrom: number | null;
    createdBy: string | null;
  }[];
const open = async (who: Account) => {
  const c = connect(server.wsUrl, reportId, who.token);
  clients.push(c);
  await synced(c);
  return c;
};
const text = (doc: Y.Doc, sid: string) =>
  (doc.getXmlFragment(bodyRoot(sid)).get(0) as Y.XmlElement).get(0) as Y.XmlText;
const everywhere = (sid: string, expected: string) =>
  until(
    () =>
      [serverDoc(), leaderClient.doc, ownerClient.doc, otherClient.doc].every(
        (d) => bodyText(d, sid) === expected,
      ),
    `every client reads ${expected}`,
  );
const setStatus = (who: Account, sid: string, status: string) =>
  call(who, 'PATCH', `/sections/${sid}`, { status });

beforeAll(async () => {
  server = await startServer(ENV);
  ({
    leader,
    writer: owner,
    other,
    commenter,
    viewer,
    reportId,
  } = await reportWithCast(server.url, '2026年度述职报告'));
  sidA = (await addSection(server.url, leader, reportId, '一、主要工作', [owner.id])).id;
  sidB = (await addSection(server.url, leader, reportId, '二、存在的不足', [other.id])).id;
  leaderClient = await open(leader);
  ownerClient = await open(owner);
  otherClient = await open(other);
  typeInto(otherClient.doc, sidB, B_TEXT);
  typeInto(ownerClient.doc, sidA, FIRST + SECOND);
  await everywhere(sidA, FIRST + SECOND);
  await everywhere(sidB, B_TEXT);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('taking versions', () => {
  it('a burst of editing becomes a version of its author once it goes idle', async () => {
    await until(() => server.deps.stores.versions.list(reportId, sidA).length > 0, 'auto version', 5000);
    const [v] = await versionsOf(sidA);
    expect(v).toMatchObject({
      kind: 'auto',
      authors: [owner.id],
      added: (FIRST + SECOND).length,
      removed: 0,
    });
    expect(v?.createdBy).toBeNull();
  });

  it('takes a version at 提交审阅, 退回 and 定稿, in order, each by its actor', async () => {
    const before = (await versionsOf(sidB)).length;
    expect((await setStatus(other, sidB, 'submitted')).status).toBe(200);
    expect(
      (await call(leader, 'PATCH', `/sections/${sidB}`, { status: 'returned', note: '请补充数据' })).status,
    ).toBe(200);
    expect((await setStatus(other, sidB, 'submitted')).status).toBe(200);
    expect((await setStatus(leader, sidB, 'approved')).status).toBe(200);
    const after = await versionsOf(sidB);
    expect(after.length - before).toBe(4);
    expect(after.slice(0, 4).map((v) => [v.kind, v.createdBy])).toEqual([
      ['approved', leader.id],
      ['submitted', other.id],
      ['returned', leader.id],
      ['submitted', other.id],
    ]);
  });

  it('a leader saves a named version (送审稿) of every section; nobody else may', async () => {
    const res = await call(leader, 'POST', '/versions', { name: '送审稿' });
    expect(res.status).toBe(201);
    expect(res.body.versions.map((v: { sectionId: string }) => v.sectionId)).toEqual([sidA, sidB]);
    expect((await call(owner, 'POST', '/versions', { name: '我的稿' })).status).toBe(403);
    expect((await call(leader, 'POST', '/versions', { name: '' })).status).toBe(400);
    expect((await call(leader, 'POST', '/versions', { name: '稿', sectionId: 'nope' })).status).toBe(400);
  });
});

describe('diff against the current text', () => {
  it('marks a deleted and an inserted sentence, each with its author', async () => {
    const base = (await versionsOf(sidA))[0]!;
    // The writer deletes the second sentence; then the leader adds a third.
    text(ownerClient.doc, sidA).delete(FIRST.length, SECOND.length);
    await everywhere(sidA, FIRST);
    text(leaderClient.doc, sidA).insert(FIRST.length, THIRD);
    await everywhere(sidA, FIRST + THIRD);
    const res = await call(viewer, 'GET', `/versions/${base.id}/diff`);
    expect(res.status).toBe(200);
    const segs = res.body.segments as { op: string; text: string; authors?: string[] }[];
    const del = segs.filter((s) => s.op === 'del');
    const ins = segs.filter((s) => s.op === 'ins');
    expect(del.map((s) => s.text).join('')).toContain('二是加强自身建设，完善制度X项');
    expect(del.every((s) => s.authors?.join() === owner.id)).toBe(true);
    expect(ins.map((s) => s.text).join('')).toContain('三是深入调查研究，形成调研报告X篇');
    expect(ins.every((s) => s.authors?.join() === leader.id)).toBe(true);
    expect(
      segs
        .filter((s) => s.op !== 'ins')
        .map((s) => s.text)
        .join('')
        .trim(),
    ).toBe(FIRST + SECOND);
    expect(
      segs
        .filter((s) => s.op !== 'del')
        .map((s) => s.text)
        .join('')
        .trim(),
    ).toBe(FIRST + THIRD);
  });

  it('shows a version read-only to any member; unknown ids are 404', async () => {
    const base = (await versionsOf(sidA)).at(-1)!;
    const res = await call(viewer, 'GET', `/versions/${base.id}`);
    expect(res.status).toBe(200);
    expect(res.body.blocks).toEqual([{ type: 'paragraph', text: FIRST + SECOND }]);
    expect((await call(viewer, 'GET', '/versions/999999')).status).toBe(404);
    expect((await call(viewer, 'GET', '/versions/abc/diff')).status).toBe(404);
  });
});

describe('restoring one section', () => {
  it('a leader restores A: live on three clients, B byte-identical, the restore a version of its own', async () => {
    const target = (await versionsOf(sidA)).find((v) => v.kind === 'named')!;
    const bBefore = fingerprint(serverDoc()).get(bodyRoot(sidB));
    const res = await call(leader, 'POST', `/versions/${target.id}/restore`);
    expect(res.status).toBe(200);
    await everywhere(sidA, FIRST + SECOND);
    expect(fingerprint(serverDoc()).get(bodyRoot(sidB))).toBe(bBefore);
    for (const c of [leaderClient, ownerClient, otherClient])
      expect(fingerprint(c.doc).get(bodyRoot(sidB))).toBe(bBefore);
    const [latest] = await versionsOf(sidA);
    expect(latest).toMatchObject({ kind: 'restore', restoredFrom: target.id, createdBy: leader.id });
    expect(latest?.authors).toEqual([leader.id]);
    // The restore can itself be undone by restoring the version before it.
    const undo = (await versionsOf(sidA))[1]!;
    expect((await call(leader, 'POST', `/versions/${undo.id}/restore`)).status).toBe(200);
    await everywhere(sidA, FIRST + THIRD);
  });

  it('the writer restores their own editable section; not someone else’s', async () => {
    const first = (await versionsOf(sidA)).at(-1)!;
    expect((await call(other, 'POST', `/versions/${first.id}/restore`)).status).toBe(403);
    expect((await call(owner, 'POST', `/versions/${first.id}/restore`)).status).toBe(200);
    await everywhere(sidA, FIRST + SECOND);
  });

  it('refuses the writer on an approved section (403, nothing changes), and viewers and commenters always', async () => {
    const first = (await versionsOf(sidB)).at(-1)!;
    const before = fingerprint(serverDoc());
    const versionsBefore = (await versionsOf(sidB)).length;
    expect((await call(other, 'POST', `/versions/${first.id}/restore`)).status).toBe(403);
    const firstA = (await versionsOf(sidA)).at(-1)!;
    expect((await call(viewer, 'POST', `/versions/${firstA.id}/restore`)).status).toBe(403);
    expect((await call(commenter, 'POST', `/versions/${firstA.id}/restore`)).status).toBe(403);
    expect(fingerprint(serverDoc())).toEqual(before);
    expect((await versionsOf(sidB)).length).toBe(versionsBefore);
  });
});

describe('audit and export', () => {
  it('only leaders see who changed a section when, and export the activity as CSV', async () => {
    const audit = await call(leader, 'GET', `/sections/${sidA}/audit`);
    expect(audit.status).toBe(200);
    const users = new Set(audit.body.entries.map((e: { userId: string }) => e.userId));
    expect(users).toEqual(new Set([owner.id, leader.id]));
    const typed = audit.body.entries
      .filter((e: { userId: string }) => e.userId === owner.id)
      .reduce((sum: number, e: { added: number }) => sum + e.added, 0);
    expect(typed).toBeGreaterThanOrEqual((FIRST + SECOND).length);
    for (const who of [owner, commenter, viewer]) {
      expect((await call(who, 'GET', `/sections/${sidA}/audit`)).status).toBe(403);
      expect((await call(who, 'GET', '/activity.csv')).status).toBe(403);
    }
    const csv = await fetch(`${server.url}/api/reports/${reportId}/activity.csv`, {
      headers: { authorization: `Bearer ${leader.token}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    // The byte order mark Excel and WPS need to read UTF-8 (fetch's text() would drop it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = bytes.subarray(3).toString('utf8');
    expect(body.startsWith('"时间","用户","操作"')).toBe(true);
    expect(body).toContain('"李四","section.edit"');
    expect(body).toContain('"section.restore"');
  });
});

describe('accepted suggestions', () => {
  it('an accepted 修订 is a version of the suggester, decided by the owner', async () => {
    const before = (await versionsOf(sidA)).length;
    const quote = '民主协商活动X次';
    const made = await call(commenter, 'POST', '/suggestions', {
      sectionId: sidA,
      anchor: anchorFor(serverDoc(), sidA, quote),
      quote,
      replacement: '民主协商活动12次',
    });
    expect(made.status).toBe(201);
    expect((await call(owner, 'POST', `/suggestions/${made.body.suggestion.id}/accept`)).status).toBe(200);
    await everywhere(sidA, (FIRST + SECOND).replace(quote, '民主协商活动12次'));
    const [latest] = await versionsOf(sidA);
    expect(latest).toMatchObject({ kind: 'suggestion', authors: [commenter.id], createdBy: owner.id });
    expect((await versionsOf(sidA)).length).toBe(before + 1);
    const diff = await call(leader, 'GET', `/versions/${(await versionsOf(sidA))[1]!.id}/diff`);
    const ins = diff.body.segments.filter((x: { op: string }) => x.op === 'ins');
    expect(ins.map((x: { text: string }) => x.text).join('')).toBe('12');
    expect(ins[0].authors).toEqual([commenter.id]);
  });
});

describe('persistence', () => {
  it('keeps versions and the audit through compaction and a restart', async () => {
    const audit = (await call(leader, 'GET', `/sections/${sidA}/audit`)).body.entries;
    const versions = await versionsOf(sidA);
    server.deps.rooms.get(reportId).compact();
    expect(server.deps.stores.docs.logLength(reportId)).toBe(0);
    expect((await call(leader, 'GET', `/sections/${sidA}/audit`)).body.entries).toEqual(audit);
    for (const c of clients.splice(0)) c.destroy();
    await server.stop();
    server = await startServer({ ...ENV, DATA_DIR: server.dataDir });
    expect(await versionsOf(sidA)).toEqual(versions);
    expect((await call(leader, 'GET', `/sections/${sidA}/audit`)).body.entries).toEqual(audit);
    const diff = await call(leader, 'GET', `/versions/${versions[0]!.id}/diff`);
    expect(diff.body).toMatchObject({ added: 0, removed: 0 });
  });
});
