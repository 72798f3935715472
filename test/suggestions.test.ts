/**
 * Suggestions (修订) against a real server: made by REST, stored in the server-only `suggestions`
 * root (live for stock clients), applied only by the server on accept; no path lets a suggester
 * write the body itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot } from '../shared/layout.ts';
import { CloseCode } from '../shared/protocol.ts';
import { readSuggestions } from '../shared/suggestions.ts';
import { anchorFor } from './helpers/anchors.ts';
import { type Account, addSection, api, reportWithCast } from './helpers/api.ts';
import { bodyText, type Client, connect, synced, typeInto, until } from './helpers/clients.ts';
import { fingerprintExcept } from './helpers/fingerprint.ts';
import { startServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let leader: Account;
let owner: Account;
let other: Account;
let commenter: Account;
let viewer: Account;
let outsider: Account;
let reportId: string;
let sid: string;
let sid2: string;
let ownerClient: Client;
const clients: Client[] = [];

const TEXT = '一是坚持政治引领，组织开展民主协商活动X次，形成协商成果X项。';
const TEXT2 = '二是加强自身建设，完善制度X项。';

beforeAll(async () => {
  server = await startServer();
  ({
    leader,
    writer: owner,
    other,
    commenter,
    viewer,
    outsider,
    reportId,
  } = await reportWithCast(server.url));
  sid = (await addSection(server.url, leader, reportId, '一、主要工作', [owner.id])).id;
  sid2 = (await addSection(server.url, leader, reportId, '二、自身建设', [other.id])).id;
  ownerClient = open(owner);
  await synced(ownerClient);
  typeInto(ownerClient.doc, sid, TEXT);
  const otherClient = open(other);
  await synced(otherClient);
  typeInto(otherClient.doc, sid2, TEXT2);
  await until(() => bodyText(serverDoc(), sid) === TEXT && bodyText(serverDoc(), sid2) === TEXT2, 'text');
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
});

function open(who: Account): Client {
  const c = connect(server.wsUrl, reportId, who.token);
  clients.push(c);
  return c;
}
const serverDoc = () => server.deps.rooms.get(reportId).doc;
const call = (who: Account, method: string, path: string, body?: unknown) =>
  api(server.url, method, `/api/reports/${reportId}${path}`, { token: who.token, body });
const suggest = (who: Account, quote: string, replacement: string, section = sid) =>
  call(who, 'POST', '/suggestions', {
    sectionId: section,
    anchor: anchorFor(serverDoc(), section, quote),
    quote,
    replacement,
  });
const activity = (action: string) =>
  server.deps.stores.activity.list(reportId, 1000).filter((a) => a.action === action);
const logRows = () =>
  server.deps.stores.db
    .prepare('SELECT user_id AS userId, roots FROM updates WHERE report_id = ? ORDER BY seq')
    .all(reportId) as { userId: string; roots: string }[];
/** Everything but the suggestions root: what a reject must leave byte-identical. */
const allButSuggestions = () => fingerprintExcept(serverDoc(), (root) => root === 'suggestions');

async function cleanUp(): Promise<void> {
  for (const s of readSuggestions(serverDoc())) await call(leader, 'POST', `/suggestions/${s.id}/reject`);
}

describe('making suggestions', () => {
  it('a commenter’s suggestion is stored by the server and reaches the owner live', async () => {
    const res = await suggest(commenter, '民主协商活动X次', '民主协商活动12次');
    expect(res.status).toBe(201);
    const id = res.body.suggestion.id;
    expect(res.body.suggestion).toMatchObject({ sectionId: sid, author: commenter.id, outdated: false });
    await until(() => ownerClient.doc.getMap('suggestions').has(id), 'suggestion reaches the owner');
    expect(readSuggestions(ownerClient.doc)[0]).toMatchObject({
      quote: '民主协商活动X次',
      replacement: '民主协商活动12次',
    });
    const list = await call(viewer, 'GET', '/suggestions');
    expect(list.body.suggestions.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(bodyText(serverDoc(), sid)).toBe(TEXT);
    await cleanUp();
  });

  it('lets leaders, writers and commenters suggest; not viewers or outsiders', async () => {
    for (const who of [leader, owner, other, commenter])
      expect((await suggest(who, '政治引领', '思想引领')).status).toBe(201);
    expect((await suggest(viewer, '政治引领', '思想引领')).status).toBe(403);
    expect((await suggest(outsider, '政治引领', '思想引领')).status).toBe(404);
    await cleanUp();
  });

  it('refuses forged anchors: another section, spanning two sections, reversed, garbage, a root name', async () => {
    const here = anchorFor(serverDoc(), sid, '政治引领');
    const there = anchorFor(serverDoc(), sid2, '自身建设');
    const post = (anchor: unknown, quote = '政治引领') =>
      call(commenter, 'POST', '/suggestions', { sectionId: sid, anchor, quote, replacement: '改' });
    expect((await post(there, '自身建设')).status).toBe(400);
    expect((await post({ start: here.start, end: there.end })).status).toBe(400);
    expect((await post({ start: here.end, end: here.start })).status).toBe(400);
    expect((await post({ start: 'AAAA', end: 'AAAA' })).status).toBe(400);
    const rootName = (name: string) =>
      Buffer.from(
        Y.encodeRelativePosition(Y.createRelativePositionFromJSON({ tname: name, assoc: 0 })),
      ).toString('base64');
    expect((await post({ start: rootName(bodyRoot(sid)), end: rootName(bodyRoot(sid)) })).status).toBe(400);
    // The right range but a quote that is not the text there.
    expect((await post(here, '经济建设')).status).toBe(409);
    expect(serverDoc().share.has('x')).toBe(false);
    expect(readSuggestions(serverDoc())).toEqual([]);
  });

  it('refuses bad bodies with a clear error', async () => {
    const anchor = anchorFor(serverDoc(), sid, '政治引领');
    const bad = [
      { sectionId: sid, anchor, quote: '政治引领', replacement: '政治引领' },
      { sectionId: sid, anchor, quote: '政治引领', replacement: '两段\n文字' },
      { sectionId: sid, anchor, quote: '政治引领', replacement: '\u0007' },
      { sectionId: sid, quote: '', replacement: '   ' },
      { sectionId: sid, anchor, quote: '政治引领', replacement: '改', extra: 1 },
    ];
    for (const body of bad) {
      const res = await call(commenter, 'POST', '/suggestions', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
    expect((await call(commenter, 'POST', '/suggestions', { ...bad[0], sectionId: 'nope' })).status).toBe(
      400,
    );
  });
});

describe('a suggester cannot write the section directly', () => {
  async function expectRefused(c: Client, edit: (doc: Y.Doc) => void): Promise<void> {
    await synced(c);
    const before = Y.encodeStateAsUpdate(serverDoc());
    const rows = logRows().length;
    const closed = c.nextClose();
    c.provider.shouldConnect = false;
    edit(c.doc);
    expect((await closed).code).toBe(CloseCode.forbidden);
    expect(Y.encodeStateAsUpdate(serverDoc())).toEqual(before);
    expect(logRows()).toHaveLength(rows);
  }

  it('refuses a commenter’s frame applying its own suggestion to the body', async () => {
    const s = (await suggest(commenter, '政治引领', '思想引领')).body.suggestion;
    await expectRefused(open(commenter), (doc) => {
      const start = Y.createAbsolutePositionFromRelativePosition(
        Y.decodeRelativePosition(Buffer.from(s.anchor.start, 'base64')),
        doc,
      )!;
      const text = start.type as Y.XmlText;
      text.delete(start.index, s.quote.length);
      text.insert(start.index, s.replacement);
    });
    expect(bodyText(serverDoc(), sid)).toBe(TEXT);
    await cleanUp();
  });

  it.each([
    ['a commenter', () => commenter],
    ['the owner', () => owner],
    ['a leader', () => leader],
  ])('refuses %s writing the suggestions root over the WebSocket', async (_name, who) => {
    await suggest(commenter, '政治引领', '思想引领');
    await expectRefused(open(who()), (doc) => {
      const map = doc.getMap<unknown>('suggestions');
      map.set('forged', { sectionId: sid, anchor: null, quote: '', replacement: '伪造', author: other.id });
      for (const id of [...map.keys()]) if (id !== 'forged') map.delete(id);
    });
    await cleanUp();
  });
});

describe('accepting and rejecting', () => {
  it('accepting changes exactly that range, as a server write attributed to the suggester', async () => {
    const s = (await suggest(commenter, '民主协商活动X次', '民主协商活动12次')).body.suggestion;
    // Not the suggester, not a writer of another section.
    expect((await call(commenter, 'POST', `/suggestions/${s.id}/accept`)).status).toBe(403);
    expect((await call(other, 'POST', `/suggestions/${s.id}/accept`)).status).toBe(403);
    const rows = logRows().length;
    expect((await call(owner, 'POST', `/suggestions/${s.id}/accept`)).status).toBe(200);
    const expected = TEXT.replace('民主协商活动X次', '民主协商活动12次');
    expect(bodyText(serverDoc(), sid)).toBe(expected);
    expect(bodyText(serverDoc(), sid2)).toBe(TEXT2);
    await until(() => bodyText(ownerClient.doc, sid) === expected, 'owner sees the accepted text');
    expect(readSuggestions(serverDoc())).toEqual([]);
    const [row] = logRows().slice(rows);
    expect(row).toMatchObject({ userId: commenter.id });
    expect(row!.roots.split(',').sort()).toEqual([bodyRoot(sid), 'suggestions']);
    expect(activity('suggestion.accept')[0]).toMatchObject({
      userId: owner.id,
      detail: { suggestionId: s.id, author: commenter.id, replacement: '民主协商活动12次' },
    });
    expect((await call(owner, 'POST', `/suggestions/${s.id}/accept`)).status).toBe(404);
  });

  it('rejecting leaves the text byte-identical', async () => {
    const before = allButSuggestions();
    const s = (await suggest(leader, '形成协商成果X项', '')).body.suggestion;
    expect((await call(other, 'POST', `/suggestions/${s.id}/reject`)).status).toBe(403);
    expect((await call(owner, 'POST', `/suggestions/${s.id}/reject`)).status).toBe(204);
    expect(allButSuggestions()).toEqual(before);
    expect(readSuggestions(serverDoc())).toEqual([]);
    expect(activity('suggestion.reject')[0]).toMatchObject({
      userId: owner.id,
      detail: { author: leader.id },
    });
  });

  it('lets the suggester withdraw their own', async () => {
    const s = (await suggest(commenter, '政治引领', '思想引领')).body.suggestion;
    expect((await call(commenter, 'POST', `/suggestions/${s.id}/reject`)).status).toBe(204);
  });

  it('flags a suggestion whose text changed as outdated and refuses to apply it (409)', async () => {
    const s = (await suggest(commenter, '坚持政治引领', '坚持党的领导')).body.suggestion;
    const text = ownerClient.doc.getXmlFragment(bodyRoot(sid)).get(0) as Y.XmlElement;
    const at = bodyText(ownerClient.doc, sid).indexOf('政治');
    (text.get(0) as Y.XmlText).insert(at, '全面');
    await until(() => bodyText(serverDoc(), sid).includes('全面政治'), 'owner edit');
    const list = await call(owner, 'GET', '/suggestions');
    expect(list.body.suggestions).toEqual([expect.objectContaining({ id: s.id, outdated: true })]);
    const before = allButSuggestions();
    expect((await call(owner, 'POST', `/suggestions/${s.id}/accept`)).status).toBe(409);
    expect(allButSuggestions()).toEqual(before);
    expect(readSuggestions(serverDoc()).map((x) => x.id)).toEqual([s.id]);
    await cleanUp();
  });

  it('accepts or rejects all of one person’s suggestions', async () => {
    await suggest(commenter, '一是', '第一，');
    await suggest(commenter, '形成协商成果', '取得协商成果');
    const mine = (await suggest(leader, '组织开展', '开展')).body.suggestion;
    // A writer of another section decides nothing here.
    expect(
      (await call(other, 'POST', '/suggestions/accept-all', { author: commenter.id })).body.accepted,
    ).toEqual([]);
    const res = await call(owner, 'POST', '/suggestions/accept-all', { author: commenter.id });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toHaveLength(2);
    expect(bodyText(serverDoc(), sid)).toMatch(/^第一，.*取得协商成果/);
    expect(readSuggestions(serverDoc()).map((s) => s.id)).toEqual([mine.id]);
    const rejected = await call(owner, 'POST', '/suggestions/reject-all', {
      author: leader.id,
      sectionId: sid,
    });
    expect(rejected.body.rejected).toEqual([mine.id]);
    expect(readSuggestions(serverDoc())).toEqual([]);
  });

  it('turns a text (say, an edit the server refused) into paragraphs to append', async () => {
    const res = await call(owner, 'POST', '/suggestions', {
      sectionId: sid,
      replacement: '三是补充的内容。\n四是另一段。',
    });
    expect(res.status).toBe(201);
    expect(res.body.suggestion.anchor).toBeNull();
    expect((await call(owner, 'POST', `/suggestions/${res.body.suggestion.id}/accept`)).status).toBe(200);
    expect(bodyText(serverDoc(), sid).split('\n').slice(-2)).toEqual(['三是补充的内容。', '四是另一段。']);
  });
});

describe('progress and 定稿', () => {
  it('counts pending suggestions and blocks approval until they are handled, unless a leader forces it', async () => {
    const s = (await suggest(commenter, '政治引领', '思想引领')).body.suggestion;
    const progress = await call(viewer, 'GET', '/progress');
    expect(progress.body.totals.suggestions).toBe(1);
    expect(progress.body.sections.find((x: { id: string }) => x.id === sid).suggestions).toBe(1);
    const patch = (body: unknown) => call(leader, 'PATCH', `/sections/${sid}`, body);
    expect((await patch({ status: 'submitted' })).status).toBe(200);
    const blocked = await patch({ status: 'approved' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain('1 条待处理修订');
    expect((await patch({ status: 'approved', force: true })).status).toBe(200);
    // Approved: the owner may no longer decide; a leader still may.
    expect((await call(owner, 'POST', `/suggestions/${s.id}/accept`)).status).toBe(403);
    expect((await call(leader, 'POST', `/suggestions/${s.id}/reject`)).status).toBe(204);
    expect((await patch({ status: 'returned' })).status).toBe(200);
  });
});
