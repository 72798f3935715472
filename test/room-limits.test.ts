/**
 * The cheap front of the inbound pipeline, at the room: per-connection message and byte budgets (a
 * frame over them is left for later, never closed), sync step 1 replies charged to the same budget (no
 * amplification), awareness at most
 * `awarenessRate` per second (extras coalesced, never closed), and refusals leaving the doc byte-identical.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol.ts';
import { bodyText, typeInto, typeParagraph } from './helpers/clients.ts';
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

describe('per-connection rate limit (back-pressure)', () => {
  it('past the message burst leaves the frame untouched and says how long to wait; it is taken then', () => {
    vi.useFakeTimers({ toFake: ['setImmediate', 'performance', 'Date'] });
    const { room } = setup({ limits: { messageBurst: 5, messageRate: 10 } });
    const a = fakeConnection('w1', 'writer');
    room.connect(a);
    const client = clientOf(room, 201);
    for (let n = 0; n < 5; n++) {
      typeInto(client.doc, 's1', `${n}`);
      expect(room.receive(a, updateFrame(client.take()))).toBe(0);
    }
    const before = Y.encodeStateAsUpdate(room.doc);
    typeInto(client.doc, 's1', '超');
    const over = updateFrame(client.take());
    const wait = room.receive(a, over);
    expect(wait).toBe(100); // one message at 10 a second
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
    vi.advanceTimersByTime(wait);
    expect(room.receive(a, over)).toBe(0);
    expect(bodyText(room.doc, 's1')).toBe('超43210');
    expect(codes(a)).toEqual([]);
  });

  it('counts bytes too', () => {
    vi.useFakeTimers({ toFake: ['setImmediate', 'performance', 'Date'] });
    const { room } = setup({ limits: { byteBurst: 4096, byteRate: 1024 } });
    const a = fakeConnection('w1', 'writer');
    room.connect(a);
    const client = clientOf(room, 202);
    typeParagraph(client.doc, 's1', '长'.repeat(2000));
    const first = client.take();
    typeParagraph(client.doc, 's1', '短');
    const second = client.take();
    expect(first.length).toBeGreaterThan(4096);
    expect(room.receive(a, updateFrame(first))).toBe(0); // one message over the burst costs one burst
    const wait = room.receive(a, updateFrame(second));
    expect(wait).toBeGreaterThan(0);
    vi.advanceTimersByTime(wait);
    expect(room.receive(a, updateFrame(second))).toBe(0);
    expect(codes(a)).toEqual([]);
  });
});

describe('sync step 1 amplification', () => {
  it('charges replies to the byte budget: asking for the whole doc again and again makes the asker wait', () => {
    vi.useFakeTimers({ toFake: ['setImmediate', 'performance', 'Date'] });
    const { room } = setup({ limits: { byteBurst: 64 * 1024, byteRate: 1024 } });
    const seed = fakeConnection('u');
    const seeder = clientOf(room, 203);
    for (let n = 0; n < 10; n++) typeParagraph(seeder.doc, 's2', `二是${'调研'.repeat(500)}${n}`);
    room.receive(seed, updateFrame(seeder.take()));
    const full = Y.encodeStateAsUpdate(room.doc).length;
    expect(full).toBeGreaterThan(16 * 1024);
    const a = fakeConnection('w1', 'viewer');
    room.connect(a);
    let answered = 0;
    while (room.receive(a, step1Frame(new Uint8Array([0]))) === 0) answered++;
    // The burst pays for a few replies; the one that overdraws it goes out, and then the asker waits
    // until the debt is paid at the byte rate (a second per KiB here).
    expect(answered).toBe(Math.ceil((64 * 1024) / full));
    const repliedBytes = received(a, 'step2').reduce((sum, u) => sum + u.length, 0);
    expect(repliedBytes).toBeLessThanOrEqual(64 * 1024 + full);
    expect(room.receive(a, step1Frame(new Uint8Array([0])))).toBeGreaterThan(10_000);
    expect(codes(a)).toEqual([]);
  });
});

describe('cached replies', () => {
  it('answers every state vector asking for the same thing from one encoding, until the doc changes', () => {
    const { room } = setup();
    const seed = fakeConnection('u');
    const seeder = clientOf(room, 205);
    typeParagraph(seeder.doc, 's2', '二、调研发现');
    room.receive(seed, updateFrame(seeder.take()));
    const a = fakeConnection('w1', 'viewer');
    room.connect(a);
    // Empty, a fresh client's own id, made-up ids: all the whole doc, one cached message.
    const sv = (entries: [number, number][]) => Y.encodeStateVector(new Map(entries));
    const replyTo = (asked: Uint8Array) => {
      expect(room.receive(a, step1Frame(asked))).toBe(0);
      return a.sent.at(-1)!;
    };
    const whole = replyTo(sv([]));
    expect(replyTo(sv([[777, 0]]))).toBe(whole);
    expect(replyTo(sv([[123_456, 9]]))).toBe(whole);
    // A clock past the server's is the server's: nothing of 205's, the same reply each time.
    const rest = replyTo(sv([[205, 1_000_000]]));
    expect(rest).not.toBe(whole);
    expect(
      replyTo(
        sv([
          [205, 2_000_000],
          [4242, 5],
        ]),
      ),
    ).toBe(rest);
    typeParagraph(seeder.doc, 's2', '三、下一步');
    room.receive(seed, updateFrame(seeder.take()));
    const fresh = replyTo(sv([]));
    expect(fresh).not.toBe(whole);
    const late = new Y.Doc();
    Y.applyUpdate(late, received(a, 'step2').at(-1)!);
    expect(bodyText(late, 's2')).toBe('二、调研发现\n三、下一步');
  });

  it('answers query-awareness at most once a second per connection, charging the asker', () => {
    vi.useFakeTimers({ toFake: ['setImmediate', 'performance', 'Date'] });
    const { room } = setup();
    const present = fakeConnection('w1', 'writer');
    room.connect(present);
    const doc = new Y.Doc();
    const local = new awarenessProtocol.Awareness(doc);
    local.setLocalStateField('cursor', { note: '在写第一节' });
    room.receive(present, awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(local, [doc.clientID])));
    room.flush();
    const asker = fakeConnection('v', 'viewer');
    room.connect(asker);
    const greeting = received(asker, 'awareness').length;
    for (let n = 0; n < 100; n++) room.receive(asker, new Uint8Array([3]));
    expect(received(asker, 'awareness').length).toBe(greeting + 1);
    vi.advanceTimersByTime(1000);
    for (let n = 0; n < 100; n++) room.receive(asker, new Uint8Array([3]));
    expect(received(asker, 'awareness').length).toBe(greeting + 2);
    local.destroy();
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
