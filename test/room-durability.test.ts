/**
 * Durable acknowledgement and persistence faults, at the room (no sockets): an ack carries exactly the
 * committed state vector and is never sent before COMMIT; a failing append (disk full, busy, I/O error,
 * injected through the DocStore interface) sends no ack, relays nothing, keeps the updates, retries with
 * backoff and stores them once the store works again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { loadConfig } from '../server/config.ts';
import { setSectionFields } from '../server/reports/doc-sections.ts';
import { RoomRegistry } from '../server/rooms/registry.ts';
import { StorageUnavailable } from '../server/rooms/storage-unavailable.ts';
import { bodyText, typeInto, until } from './helpers/clients.ts';
import {
  clientOf,
  fakeConnection,
  type Harness,
  nextTurn,
  received,
  roomHarness,
  sqliteError,
  step1Frame,
  step2Frame,
  updateFrame,
} from './helpers/room-harness.ts';

const harnesses: Harness[] = [];
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const h of harnesses.splice(0)) h.close();
});

function setup(...args: Parameters<typeof roomHarness>) {
  const h = roomHarness(...args);
  harnesses.push(h);
  return h;
}

const svMap = (sv: Uint8Array) => Object.fromEntries(Y.decodeStateVector(sv));
const quietErrors = () => vi.spyOn(console, 'error').mockImplementation(() => {});

describe('durable acks', () => {
  it('acknowledge exactly the committed state vector, and only after COMMIT', async () => {
    const { room, docs, storedDoc } = setup();
    const a = fakeConnection('w1', 'writer', true);
    const b = fakeConnection('u', 'leader', true);
    room.connect(a);
    room.connect(b);
    const client = clientOf(room, 101);
    for (const text of ['第一句。', '第二句。', '第三句。']) typeInto(client.doc, 's1', text);
    let seenAtCommit: { acks: number; relayed: number } | null = null;
    docs.beforeCommit = () => {
      seenAtCommit = { acks: received(a, 'ack').length, relayed: received(b, 'update').length };
    };
    for (const u of client.updates) room.receive(a, updateFrame(u));
    await nextTurn();
    expect(seenAtCommit).toEqual({ acks: 0, relayed: 0 });
    const [ack] = received(a, 'ack');
    expect(ack).toBeDefined();
    expect(received(b, 'ack')).toEqual([ack]);
    expect(svMap(ack!)).toEqual(svMap(Y.encodeStateVector(storedDoc())));
    expect(svMap(ack!)[101]).toBe(svMap(Y.encodeStateVector(client.doc))[101]);
  });

  it('answer a reconnecting client’s sync step 2 even when it brings nothing new (the old ack was lost)', async () => {
    const { room, storedDoc } = setup();
    const client = clientOf(room, 108);
    typeInto(client.doc, 's1', '断线前已保存');
    const first = fakeConnection('w1', 'writer', false);
    room.connect(first);
    room.receive(first, updateFrame(client.take()));
    await nextTurn();
    room.disconnect(first);
    const again = fakeConnection('w1', 'writer', true);
    room.connect(again);
    room.receive(again, step2Frame(Y.encodeStateAsUpdate(client.doc, Y.encodeStateVector(room.doc))));
    const [ack] = received(again, 'ack');
    expect(ack).toBeDefined();
    expect(svMap(ack!)).toEqual(svMap(Y.encodeStateVector(storedDoc())));
    expect(svMap(ack!)[108]).toBe(svMap(Y.encodeStateVector(client.doc))[108]);
  });

  it('are sent only to connections that asked for them', async () => {
    const { room } = setup();
    const a = fakeConnection('w1', 'writer', false);
    room.connect(a);
    const client = clientOf(room, 102);
    typeInto(client.doc, 's1', '无需确认');
    room.receive(a, updateFrame(client.take()));
    await nextTurn();
    expect(received(a, 'ack')).toEqual([]);
  });
});

describe.each(['SQLITE_FULL', 'SQLITE_BUSY', 'SQLITE_IOERR'])('a failing append (%s)', (code) => {
  it('sends no ack, relays nothing, keeps the update, then stores, relays and acks it on retry', async () => {
    quietErrors();
    const { room, docs, stores, storedDoc } = setup({ retry: { retryBaseMs: 5, retryMaxMs: 20 } });
    docs.error = sqliteError(code);
    const a = fakeConnection('w1', 'writer', true);
    const b = fakeConnection('u', 'leader', true);
    room.connect(a);
    room.connect(b);
    const storedBefore = Y.encodeStateAsUpdate(storedDoc());
    const client = clientOf(room, 103);
    typeInto(client.doc, 's1', '断电前写的字');
    docs.failAppends = 3;
    room.receive(a, updateFrame(client.take()));
    await nextTurn();

    expect(room.storageFailing).toBe(true);
    expect(bodyText(room.doc, 's1')).toBe('断电前写的字'); // kept in memory
    expect(received(a, 'ack')).toEqual([]);
    expect(received(b, 'update')).toEqual([]);
    // A newcomer is not shown what is not on disk: its sync step 1 is answered after recovery.
    const c = fakeConnection('u', 'leader');
    room.connect(c);
    room.receive(c, step1Frame(new Uint8Array([0])));
    expect(received(c, 'step2')).toEqual([]);
    // REST changes are refused before they touch the doc.
    const before = Y.encodeStateAsUpdate(room.doc);
    expect(() => room.change('u', (doc) => setSectionFields(doc, 's2', { title: '改' }))).toThrow(
      StorageUnavailable,
    );
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
    expect(Y.encodeStateAsUpdate(storedDoc())).toEqual(storedBefore);
    const binding = stores.db.prepare('SELECT user_id FROM client_ids WHERE client_id = 103');
    expect(binding.get()).toBeUndefined();

    await until(() => !room.storageFailing && received(a, 'ack').length > 0, 'recovery');
    expect(docs.attempts).toBeGreaterThanOrEqual(4);
    expect(bodyText(storedDoc(), 's1')).toBe('断电前写的字');
    expect(svMap(received(a, 'ack')[0]!)).toEqual(svMap(Y.encodeStateVector(storedDoc())));
    expect(received(b, 'update')).toHaveLength(1);
    const cDoc = new Y.Doc();
    Y.applyUpdate(cDoc, received(c, 'step2')[0]!);
    expect(bodyText(cDoc, 's1')).toBe('断电前写的字');
    expect(binding.get()).toEqual({ user_id: 'w1' });
  });
});

describe('persistence faults', () => {
  it('a REST change whose own append fails is kept and stored on recovery (503 meanwhile)', async () => {
    quietErrors();
    const { room, docs, storedDoc } = setup({ retry: { retryBaseMs: 5, retryMaxMs: 20 } });
    docs.failAppends = 1;
    expect(() => room.change('u', (doc) => setSectionFields(doc, 's2', { title: '二、新标题' }))).toThrow(
      StorageUnavailable,
    );
    await until(() => !room.storageFailing && room.stored, 'recovery');
    const sections = storedDoc().getMap<Y.Map<unknown>>('sections');
    expect(sections.get('s2')!.get('title')).toBe('二、新标题');
  });

  it('backs off between attempts and never throws into the event loop', () => {
    quietErrors();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance', 'Date'] });
    const { room, docs, storedDoc } = setup({ retry: { retryBaseMs: 100, retryMaxMs: 5000 } });
    const a = fakeConnection('w1', 'writer', true);
    room.connect(a);
    const client = clientOf(room, 104);
    typeInto(client.doc, 's1', '磁盘满了');
    docs.failAppends = Number.POSITIVE_INFINITY;
    const before = docs.attempts;
    room.receive(a, updateFrame(client.take()));
    vi.advanceTimersByTime(60_000);
    // Delays double from 50–100 ms up to 2.5–5 s: between 12 and 30 attempts fit in a minute.
    const attempts = docs.attempts - before;
    expect(attempts).toBeGreaterThanOrEqual(12);
    expect(attempts).toBeLessThanOrEqual(30);
    expect(received(a, 'ack')).toEqual([]);
    docs.failAppends = 0;
    vi.advanceTimersByTime(5000);
    expect(room.storageFailing).toBe(false);
    expect(received(a, 'ack')).toHaveLength(1);
    expect(bodyText(storedDoc(), 's1')).toBe('磁盘满了');
  });

  it('refuses new updates with 1013 once the unstored backlog passes its cap, leaving the doc as it was', async () => {
    quietErrors();
    const { room, docs } = setup({
      limits: { maxUnstoredBytes: 4096 },
      retry: { retryBaseMs: 1000, retryMaxMs: 1000 },
    });
    const a = fakeConnection('w1', 'writer');
    room.connect(a);
    const client = clientOf(room, 105);
    docs.failAppends = Number.POSITIVE_INFINITY;
    typeInto(client.doc, 's1', '满'.repeat(1000));
    room.receive(a, updateFrame(client.take()));
    await nextTurn();
    expect(room.storageFailing).toBe(true);
    const before = Y.encodeStateAsUpdate(room.doc);
    typeInto(client.doc, 's1', '再'.repeat(1000));
    room.receive(a, updateFrame(client.take()));
    expect(a.closed.map((c) => c.code)).toEqual([1013]);
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
  });

  it('a failing compaction is logged and leaves the log intact', async () => {
    const errors = quietErrors();
    const { room, docs, storedDoc } = setup({ compaction: { maxEntries: 2 } });
    docs.failCompactions = 1;
    const a = fakeConnection('w1', 'writer');
    room.connect(a);
    const client = clientOf(room, 106);
    for (const t of ['一', '二', '三']) {
      typeInto(client.doc, 's1', t);
      room.receive(a, updateFrame(client.take()));
      await nextTurn();
    }
    // Compaction runs once the room is quiet (compactSoon), not in the turn that relayed.
    await until(() => errors.mock.calls.length > 0, 'compaction attempted');
    expect(bodyText(storedDoc(), 's1')).toBe(bodyText(client.doc, 's1'));
  });

  it('the registry keeps a room with unstored updates loaded until they are stored', async () => {
    quietErrors();
    const h = setup();
    const config = { ...loadConfig({}), roomIdleMs: 0 };
    const registry = new RoomRegistry({ ...h.stores, docs: h.docs }, config);
    const room = registry.get('r');
    const a = fakeConnection('w1', 'writer');
    registry.connect('r', a);
    const client = clientOf(room, 107);
    typeInto(client.doc, 's1', '未落盘');
    h.docs.failAppends = 2;
    room.receive(a, updateFrame(client.take()));
    registry.disconnect(room, a);
    await new Promise((r) => setTimeout(r, 20));
    expect(registry.peek('r')).toBe(room);
    await until(() => registry.peek('r') === undefined, 'unloaded after storing', 15_000);
    expect(bodyText(h.storedDoc(), 's1')).toBe('未落盘');
  });
});
