import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addSection } from '../server/reports/doc-sections.ts';
import type { Connection } from '../server/rooms/connection.ts';
import { Room } from '../server/rooms/room.ts';
import { openStores, type Stores } from '../server/storage/index.ts';
import { MessageType, SyncStep } from '../shared/protocol.ts';
import { typeInto } from './helpers/clients.ts';
import { tempDir } from './helpers/server.ts';

const opened: Stores[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.db.close();
});

function fakeConnection(id: string): Connection & { sent: Uint8Array[]; closed: number[] } {
  const sent: Uint8Array[] = [];
  const closed: number[] = [];
  return {
    user: { id, username: id, displayName: id, isAdmin: false },
    role: 'leader',
    acks: false,
    awarenessClientId: null,
    sent,
    closed,
    send: (m) => sent.push(m),
    cork: () => {},
    uncork: () => {},
    close: (code) => closed.push(code),
  };
}

const updateFrame = (update: Uint8Array) => {
  const out = new Uint8Array(update.length + 8);
  let n = 0;
  out[n++] = MessageType.sync;
  out[n++] = SyncStep.update;
  let len = update.length;
  while (len > 127) {
    out[n++] = (len & 127) | 128;
    len >>>= 7;
  }
  out[n++] = len;
  out.set(update, n);
  return out.slice(0, n + update.length);
};

const isUpdate = (m: Uint8Array) => {
  const d = decoding.createDecoder(m);
  return decoding.readVarUint(d) === MessageType.sync && decoding.readVarUint(d) === SyncStep.update;
};

function setup() {
  const stores = openStores(tempDir(), 'normal');
  opened.push(stores);
  stores.db
    .prepare(
      "INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES ('u', 'u', 'u', 'x', 0, 0)",
    )
    .run();
  stores.db
    .prepare("INSERT INTO reports (id, title, created_by, created_at) VALUES ('r', '报告', 'u', 0)")
    .run();
  const appends: number[] = [];
  const docs = stores.docs;
  const countingDocs = {
    ...docs,
    load: docs.load.bind(docs),
    compact: docs.compact.bind(docs),
    logLength: docs.logLength.bind(docs),
    append: (id: string, entries: Parameters<typeof docs.append>[1], afterSeq: number) => {
      appends.push(entries.length);
      return docs.append(id, entries, afterSeq);
    },
  };
  const room = new Room('r', { docs: countingDocs, clientIds: stores.clientIds });
  room.change(null, (doc) =>
    addSection(doc, { id: 's1', title: '一、', level: 1, assignees: [], status: 'todo', due: null }),
  );
  appends.length = 0;
  return { room, stores, appends };
}

describe('room pipeline', () => {
  it('appends one turn’s updates in one transaction, broadcasts them once, and never echoes the sender', async () => {
    const { room, appends } = setup();
    const a = fakeConnection('a');
    const b = fakeConnection('b');
    room.connect(a);
    room.connect(b);
    a.sent.length = 0;
    b.sent.length = 0;
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    typeInto(client, 's1', '第一句。');
    typeInto(client, 's1', '第二句。');
    typeInto(client, 's1', '第三句。');
    for (const u of updates) room.receive(a, updateFrame(u));
    expect(appends).toEqual([]); // not yet: stored at the end of the turn
    await new Promise((r) => setImmediate(r));
    expect(updates.length).toBeGreaterThan(1);
    expect(appends).toEqual([1]); // one row: the sender's updates merged
    expect(a.sent.filter(isUpdate)).toHaveLength(0);
    expect(b.sent.filter(isUpdate)).toHaveLength(1);
    expect(Y.encodeStateVector(room.doc)).toEqual(Y.encodeStateVector(client));
  });

  it('stores one row per sender in a turn and relays each sender only the others’ updates', async () => {
    const { room, appends, stores } = setup();
    const [a, b, watcher] = [fakeConnection('a'), fakeConnection('b'), fakeConnection('c')];
    for (const conn of [a, b, watcher]) room.connect(conn);
    const clientA = new Y.Doc();
    const clientB = new Y.Doc();
    for (const client of [clientA, clientB]) Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
    const sent = new Map<Y.Doc, Uint8Array[]>([
      [clientA, []],
      [clientB, []],
    ]);
    for (const client of [clientA, clientB])
      client.on('update', (u: Uint8Array) => sent.get(client)!.push(u));
    typeInto(clientA, 's1', '甲写的第一句。');
    typeInto(clientA, 's1', '甲写的第二句。');
    typeInto(clientB, 's1', '乙写的一句。');
    for (const [client, conn] of [
      [clientA, a],
      [clientB, b],
    ] as const)
      for (const u of sent.get(client)!) room.receive(conn, updateFrame(u));
    await new Promise((r) => setImmediate(r));
    expect(appends).toEqual([2]);
    const updatesOf = (conn: typeof a) =>
      conn.sent.filter(isUpdate).map((m) => {
        const d = decoding.createDecoder(m);
        decoding.readVarUint(d);
        decoding.readVarUint(d);
        return decoding.readVarUint8Array(d);
      });
    // a gets only b's text, b only a's, the watcher both in one update.
    const authors = (conn: typeof a) =>
      updatesOf(conn).map((u) => new Set(Y.decodeUpdate(u).structs.map((s) => s.id.client)));
    expect(authors(a)).toEqual([new Set([clientB.clientID])]);
    expect(authors(b)).toEqual([new Set([clientA.clientID])]);
    expect(authors(watcher)).toEqual([new Set([clientA.clientID, clientB.clientID])]);
    const stored = new Y.Doc();
    const load = stores.docs.load('r');
    if (load.snapshot) Y.applyUpdate(stored, load.snapshot);
    for (const u of load.updates) Y.applyUpdate(stored, u);
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(room.doc));
  });

  it('stores and relays a client’s update message as sent, and encodes what yjs does on its own', async () => {
    const { room, stores } = setup();
    const [a, b] = [fakeConnection('a'), fakeConnection('b')];
    room.connect(a);
    room.connect(b);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    typeInto(client, 's1', '一是坚持学习。');
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) {
      room.receive(a, updateFrame(update));
      await new Promise((r) => setImmediate(r));
      expect(stores.docs.load('r').updates.at(-1)).toEqual(update);
      expect(b.sent.filter(isUpdate).at(-1)).toEqual(updateFrame(update));
    }
    // Even one repeating what the server has: the bytes are what was sent, not a re-encoding of the new part.
    const before = updates.length;
    typeInto(client, 's1', '二是狠抓落实。');
    const repeated = Y.mergeUpdates(updates);
    expect(updates.length).toBeGreaterThan(before);
    room.receive(a, updateFrame(repeated));
    await new Promise((r) => setImmediate(r));
    expect(stores.docs.load('r').updates.at(-1)).toEqual(repeated);
    // A server write after it is encoded by yjs again (the 'update' listener is back on).
    room.change(null, (doc) => doc.getMap('meta').set('title', '二〇二六年工作总结'));
    const stored = stores.docs.load('r').updates;
    const fresh = new Y.Doc();
    for (const u of stored) Y.applyUpdate(fresh, u);
    expect(fresh.getMap('meta').get('title')).toBe('二〇二六年工作总结');
    expect(Y.encodeStateVector(fresh)).toEqual(Y.encodeStateVector(room.doc));
  });

  it('serves fresh joiners one cached encoding of the report, dropped once nobody asked for a sweep', () => {
    const { room } = setup();
    const join = () => {
      const conn = fakeConnection('j');
      room.connect(conn);
      // Empty state vector; answered at once (a report this small is never spaced out: SyncReplies).
      expect(room.receive(conn, new Uint8Array([MessageType.sync, SyncStep.step1, 1, 0]))).toBe(0);
      const reply = conn.sent.at(-1)!;
      const d = decoding.createDecoder(reply);
      expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([MessageType.sync, SyncStep.step2]);
      return decoding.readVarUint8Array(d);
    };
    const first = join();
    expect(room.cachedStateBytes).toBe(first.length);
    expect(join()).toEqual(first);
    room.sweep(); // asked for since the last sweep: kept
    expect(room.cachedStateBytes).toBe(first.length);
    room.sweep(); // nobody asked since: an idle report holds no second copy of itself
    expect(room.cachedStateBytes).toBe(0);
    const late = new Y.Doc();
    Y.applyUpdate(late, join());
    expect(late.getMap('sections').has('s1')).toBe(true);
  });

  it('stores what it applied before answering a sync step 1', () => {
    const { room, stores, appends } = setup();
    const a = fakeConnection('a');
    room.connect(a);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    typeInto(client, 's1', '先写后读');
    room.receive(a, updateFrame(updates[0]!));
    room.receive(fakeConnection('b'), new Uint8Array([MessageType.sync, SyncStep.step1, 1, 0]));
    expect(appends).toEqual([1]);
    expect(stores.docs.load('r').updates.length).toBeGreaterThan(0);
  });
});
