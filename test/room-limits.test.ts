/**
 * The cheap front of the inbound pipeline, at the room: per-connection message and byte budgets (close
 * 4429), sync step 1 replies charged to the same budget (no amplification), awareness at most
 * `awarenessRate` per second (extras coalesced, never closed), and refusals leaving the doc byte-identical.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol.ts';
import { typeInto, typeParagraph } from './helpers/clients.ts';
import {
  awarenessFrame,
  clientOf,
  fakeConnection,
  type Harness,
  nextTurn,
  received,
  roomHarness,
  step1Frame,
  updateFrame,
} from './helpers/room-harness.ts';

const harnesses: Harness[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const h of harnesses.splice(0)) h.close();
});

function setup(...args: Parameters<typeof roomHarness>) {
  const h = roomHarness(...args);
  harnesses.push(h);
  return h;
}

const codes = (conn: ReturnType<typeof fakeConnection>) => conn.closed.map((c) => c.code);

describe('per-connection rate limit', () => {
  it('closes with 4429 past the message burst; nothing after the limit is applied', async () => {
    const { room } = setup({ limits: { messageBurst: 5, messageRate: 1 } });
    const a = fakeConnection('w1', 'writer');
    room.connect(a);
    const client = clientOf(room, 201);
    for (let n = 0; n < 5; n++) {
      typeInto(client.doc, 's1', `${n}`);
      room.receive(a, updateFrame(client.take()));
    }
    expect(codes(a)).toEqual([]);
    await nextTurn();
    const before = Y.encodeStateAsUpdate(room.doc);
    typeInto(client.doc, 's1', '超');
    room.receive(a, updateFrame(client.take()));
    expect(codes(a)).toEqual([CloseCode.rateLimited]);
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
  });

  it('counts bytes too', () => {
    const { room } = setup({ limits: { byteBurst: 4096, byteRate: 1 } });
    const a = fakeConnection('w1', 'writer');
    room.connect(a);
    const client = clientOf(room, 202);
    typeParagraph(client.doc, 's1', '长'.repeat(2000));
    const update = client.take();
    expect(update.length).toBeGreaterThan(4096);
    const before = Y.encodeStateAsUpdate(room.doc);
    room.receive(a, updateFrame(update));
    expect(codes(a)).toEqual([]); // one message over the burst costs one burst
    room.receive(a, updateFrame(update));
    expect(codes(a)).toEqual([CloseCode.rateLimited]);
    expect(Y.encodeStateAsUpdate(room.doc)).not.toEqual(before);
  });
});

describe('sync step 1 amplification', () => {
  it('charges replies to the byte budget: asking for the whole doc again and again closes 4429', () => {
    const { room } = setup({ limits: { byteBurst: 64 * 1024, byteRate: 1 } });
    const seed = fakeConnection('u');
    const seeder = clientOf(room, 203);
    for (let n = 0; n < 10; n++) typeParagraph(seeder.doc, 's2', `二是${'调研'.repeat(500)}${n}`);
    room.receive(seed, updateFrame(seeder.take()));
    const full = Y.encodeStateAsUpdate(room.doc).length;
    expect(full).toBeGreaterThan(16 * 1024);
    const a = fakeConnection('w1', 'viewer');
    room.connect(a);
    for (let n = 0; n < 20 && a.closed.length === 0; n++) room.receive(a, step1Frame(new Uint8Array([0])));
    expect(codes(a)).toEqual([CloseCode.rateLimited]);
    const repliedBytes = received(a, 'step2').reduce((sum, u) => sum + u.length, 0);
    expect(repliedBytes).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('awareness rate', () => {
  it('applies at most awarenessRate updates a second, coalescing extras into the latest, and never closes', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance', 'Date'] });
    const { room } = setup({ limits: { awarenessRate: 10 } });
    const a = fakeConnection('w1', 'writer');
    const b = fakeConnection('u');
    room.connect(a);
    room.connect(b);
    const doc = new Y.Doc();
    const local = new awarenessProtocol.Awareness(doc);
    let applied = 0;
    room.awareness.on('update', () => applied++);
    for (let n = 0; n < 50; n++) {
      local.setLocalStateField('cursor', { n });
      room.receive(a, awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(local, [doc.clientID])));
    }
    expect(applied).toBe(10);
    expect(room.awareness.getStates().get(doc.clientID)?.cursor).toEqual({ n: 9 });
    // Relayed once at the end of the turn: the latest state, not ten messages.
    room.flush();
    expect(received(b, 'awareness')).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(applied).toBeGreaterThan(10);
    expect(applied).toBeLessThanOrEqual(20);
    expect(room.awareness.getStates().get(doc.clientID)?.cursor).toEqual({ n: 49 });
    expect(received(b, 'awareness').length).toBeGreaterThan(1);
    expect(codes(a)).toEqual([]);
    local.destroy();
  });
});

describe('refusals leave the document byte-identical', () => {
  it.each([
    ['another writer’s section', (d: Y.Doc) => typeInto(d, 's2', '越权')],
    ['the meta map', (d: Y.Doc) => d.getMap('meta').set('title', '篡改')],
    ['the sections map', (d: Y.Doc) => d.getMap('sections').delete('s2')],
  ])('%s', async (_name, edit) => {
    const { room, storedDoc } = setup();
    const a = fakeConnection('w1', 'writer');
    room.connect(a);
    const client = clientOf(room, 204);
    typeInto(client.doc, 's1', '自己的');
    room.receive(a, updateFrame(client.take()));
    await nextTurn();
    const before = Y.encodeStateAsUpdate(room.doc);
    const storedBefore = Y.encodeStateAsUpdate(storedDoc());
    client.doc.transact(() => {
      typeInto(client.doc, 's1', '夹带');
      edit(client.doc);
    });
    room.receive(a, updateFrame(client.take()));
    await nextTurn();
    expect(codes(a)).toEqual([CloseCode.forbidden]);
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
    expect(Y.encodeStateAsUpdate(storedDoc())).toEqual(storedBefore);
  });

  it('a read-only role’s update message is refused before it is analysed', () => {
    const { room } = setup();
    const v = fakeConnection('w1', 'viewer');
    room.connect(v);
    const before = Y.encodeStateAsUpdate(room.doc);
    room.receive(v, updateFrame(new Uint8Array([1, 2, 3]))); // garbage: the role decides first
    expect(v.closed[0]).toMatchObject({
      code: CloseCode.forbidden,
      reason: 'update refused: role viewer is read-only',
    });
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
  });
});
