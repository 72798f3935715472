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
  stores.db.prepare("INSERT INTO users VALUES ('u', 'u', 'u', 'x', 0, 0)").run();
  stores.db.prepare("INSERT INTO reports VALUES ('r', '报告', 'u', 0)").run();
  const appends: number[] = [];
  const docs = stores.docs;
  const countingDocs = {
    ...docs,
    load: docs.load.bind(docs),
    compact: docs.compact.bind(docs),
    logLength: docs.logLength.bind(docs),
    append: (id: string, entries: Parameters<typeof docs.append>[1]) => {
      appends.push(entries.length);
      return docs.append(id, entries);
    },
  };
  const room = new Room('r', { docs: countingDocs, clientIds: stores.clientIds, compactEvery: 1000 });
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
    expect(appends).toEqual([updates.length]);
    expect(a.sent.filter(isUpdate)).toHaveLength(0);
    expect(b.sent.filter(isUpdate)).toHaveLength(1);
    expect(Y.encodeStateVector(room.doc)).toEqual(Y.encodeStateVector(client));
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
