/**
 * New Yjs client ids at the room (issue 13 items 4 and 10): capped per update and per user and report
 * (write-quotas.ts), counted whether an id arrives with an edit or with presence, kept across room
 * reloads; Skip-only ids refused; the ids the server writes under never bindable by a user.
 */
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Room } from '../server/rooms/room.ts';
import { bodyRoot } from '../shared/layout.ts';
import { CloseCode } from '../shared/protocol.ts';
import { typeInto } from './helpers/clients.ts';
import { editOf, encodeUpdate } from './helpers/forge.ts';
import {
  awarenessFrame,
  clientOf,
  fakeConnection,
  type Harness,
  roomHarness,
  step2Frame,
  updateFrame,
} from './helpers/room-harness.ts';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.close();
});

function setup(deps: Parameters<typeof roomHarness>[0] = {}) {
  const h = roomHarness(deps, 2, { s1: ['w1'], s2: ['w2'] });
  harnesses.push(h);
  return h;
}

/** One GC struct under each of `count` new client ids from `first` on. */
const gcUnderNewIds = (first: number, count: number) =>
  encodeUpdate(
    Array.from({ length: count }, (_, i) => ({
      client: first + i,
      structs: [new Y.GC(Y.createID(first + i, 0), 1)],
    })),
  );

/** A presence update for one client id, as a provider sends on connect. */
function presence(clientID: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientID);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, JSON.stringify({ cursor: null }));
  return encoding.toUint8Array(e);
}

const rows = (h: Harness) =>
  (h.stores.db.prepare("SELECT COUNT(*) AS n FROM client_ids WHERE report_id = 'r'").get() as { n: number })
    .n;

/** A paragraph of s1 typed by w1 under `client`, stored. */
function seed(h: Harness, client: number) {
  const writer = clientOf(h.room, client);
  typeInto(writer.doc, 's1', '一是坚持政治引领');
  const conn = fakeConnection('w1', 'writer');
  h.room.connect(conn);
  h.room.receive(conn, updateFrame(writer.take()));
  h.room.flush();
  expect(conn.closed).toEqual([]);
  h.room.disconnect(conn);
}

describe('new client ids', () => {
  it('one update may bring NEW_CLIENT_IDS_PER_MESSAGE of them: more is refused whole', () => {
    const h = setup({ quotas: { newClientIdsPerMessage: 3 } });
    const conn = fakeConnection('w2', 'writer');
    h.room.connect(conn);
    const before = Y.encodeStateAsUpdate(h.room.doc);
    h.room.receive(conn, updateFrame(gcUnderNewIds(5000, 4)));
    expect(conn.closed).toEqual([
      { code: CloseCode.forbidden, reason: 'update refused: update brings 4 new client ids (limit 3)' },
    ]);
    expect(Y.encodeStateAsUpdate(h.room.doc)).toEqual(before);
    const next = fakeConnection('w2', 'writer');
    h.room.connect(next);
    h.room.receive(next, updateFrame(gcUnderNewIds(5000, 3)));
    expect(next.closed).toEqual([]);
  });

  it('a user adds at most NEW_CLIENT_IDS_PER_HOUR to a report, by edits and presence alike; then 1013', () => {
    const h = setup({ quotas: { newClientIdsPerHour: 5 } });
    const edits = fakeConnection('w2', 'writer');
    h.room.connect(edits);
    h.room.receive(edits, updateFrame(gcUnderNewIds(7000, 3)));
    expect(edits.closed).toEqual([]);
    const tabs = [7100, 7101, 7102].map((id) => {
      const tab = fakeConnection('w2', 'writer');
      h.room.connect(tab);
      h.room.receive(tab, awarenessFrame(presence(id)));
      return tab;
    });
    expect(tabs.map((t) => t.closed[0]?.code ?? 0)).toEqual([0, 0, CloseCode.tryAgainLater]);
    // Known ids cost nothing: the same tab reconnecting and writing again is fine.
    const again = fakeConnection('w2', 'writer');
    h.room.connect(again);
    h.room.receive(again, awarenessFrame(presence(7100)));
    h.room.receive(
      again,
      updateFrame(encodeUpdate([{ client: 7000, structs: [new Y.GC(Y.createID(7000, 1), 1)] }])),
    );
    expect(again.closed).toEqual([]);
    const over = fakeConnection('w2', 'writer');
    h.room.connect(over);
    h.room.receive(over, updateFrame(gcUnderNewIds(7200, 1)));
    expect(over.closed[0]?.code).toBe(CloseCode.tryAgainLater);
    // Someone else's quota is their own.
    const other = fakeConnection('w1', 'writer');
    h.room.connect(other);
    h.room.receive(other, updateFrame(gcUnderNewIds(7300, 2)));
    expect(other.closed).toEqual([]);
    h.room.flush();
    expect(rows(h)).toBe(3 + 2 + 2);
  });

  it('the quota outlives the room: unloading and reloading the report does not renew it', () => {
    const h = setup({ quotas: { newClientIdsPerHour: 2 } });
    const deps = { docs: h.docs, clientIds: h.stores.clientIds, quotas: { newClientIdsPerHour: 2 } };
    const first = new Room('r', deps);
    const conn = fakeConnection('w2', 'writer');
    first.connect(conn);
    first.receive(conn, updateFrame(gcUnderNewIds(8000, 2)));
    expect(conn.closed).toEqual([]);
    first.destroy();
    const second = new Room('r', deps);
    const later = fakeConnection('w2', 'writer');
    second.connect(later);
    second.receive(later, updateFrame(gcUnderNewIds(8100, 1)));
    expect(later.closed[0]?.code).toBe(CloseCode.tryAgainLater);
    second.destroy();
  });

  it('GC structs under a new id are an honest offline edit: typed into a paragraph, then the paragraph deleted', () => {
    const h = setup();
    seed(h, 601);
    const offline = clientOf(h.room, 602);
    const sv = Y.encodeStateVector(h.room.doc);
    const p = offline.doc.getXmlFragment(bodyRoot('s1')).get(0) as Y.XmlElement;
    (p.get(0) as Y.XmlText).insert(8, '，狠抓落实');
    offline.doc.getXmlFragment(bodyRoot('s1')).delete(0, 1);
    const update = Y.encodeStateAsUpdate(offline.doc, sv);
    expect(Y.decodeUpdate(update).structs.map((s) => s.constructor)).toEqual([Y.GC]);
    const conn = fakeConnection('w1', 'writer');
    h.room.connect(conn);
    h.room.receive(conn, step2Frame(update));
    expect(conn.closed).toEqual([]);
    expect(h.room.doc.getXmlFragment(bodyRoot('s1')).length).toBe(0);
  });

  it('a Skip alone under a new id is refused (it would bind the id and write nothing)', () => {
    const h = setup();
    const conn = fakeConnection('w2', 'writer');
    h.room.connect(conn);
    h.room.receive(
      conn,
      updateFrame(encodeUpdate([{ client: 9000, structs: [new Y.Skip(Y.createID(9000, 0), 5)] }])),
    );
    expect(conn.closed[0]).toEqual({
      code: CloseCode.forbidden,
      reason: 'update refused: new client 9000 brings only skips',
    });
    h.room.flush();
    expect(rows(h)).toBe(0);
  });
});

describe("the server's own client ids", () => {
  const ownParagraph = (doc: Y.Doc) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('冒充服务器')]);
    doc.getXmlFragment(bodyRoot('s2')).push([p]);
  };

  it('no user may write under the id the server writes under, nor speak for it', () => {
    const h = setup();
    const serverId = h.room.doc.clientID;
    const before = Y.encodeStateAsUpdate(h.room.doc);
    const conn = fakeConnection('w2', 'writer');
    h.room.connect(conn);
    h.room.receive(conn, updateFrame(editOf(h.room.doc, serverId, ownParagraph)));
    expect(conn.closed[0]).toEqual({
      code: CloseCode.forbidden,
      reason: `update refused: client id ${serverId} belongs to another user or the server`,
    });
    expect(Y.encodeStateAsUpdate(h.room.doc)).toEqual(before);
    const tab = fakeConnection('w2', 'writer');
    h.room.connect(tab);
    h.room.receive(tab, awarenessFrame(presence(serverId)));
    expect(tab.closed[0]?.code).toBe(CloseCode.forbidden);
    h.room.flush();
    expect(rows(h)).toBe(0);
  });

  it('ids the server wrote under before a reload stay reserved (content with no owner is the server’s)', () => {
    const h = setup();
    const earlier = h.room.doc.clientID; // wrote the sections when the harness set the report up
    h.room.destroy();
    const reloaded = new Room('r', { docs: h.docs, clientIds: h.stores.clientIds });
    expect(reloaded.doc.clientID).not.toBe(earlier);
    const conn = fakeConnection('w2', 'writer');
    reloaded.connect(conn);
    reloaded.receive(conn, updateFrame(editOf(reloaded.doc, earlier, ownParagraph)));
    expect(conn.closed[0]?.code).toBe(CloseCode.forbidden);
    // The writer's own id still works.
    const own = fakeConnection('w2', 'writer');
    reloaded.connect(own);
    reloaded.receive(own, updateFrame(editOf(reloaded.doc, 4242, ownParagraph)));
    expect(own.closed).toEqual([]);
    reloaded.destroy();
  });
});
