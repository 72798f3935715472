/**
 * Yjs cleans up formatting marks made redundant by remote changes, in a transaction of its own, on
 * every replica that applies them — the server included. The room stores and relays that cleanup like
 * any change: otherwise the stored copy would differ from the live one, and every other client would
 * do the cleanup itself and send deletions in a section it may not write (refused with 4403).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot } from '../shared/layout.ts';
import { typeInto } from './helpers/clients.ts';
import {
  clientOf,
  fakeConnection,
  type Harness,
  nextTurn,
  received,
  roomHarness,
  updateFrame,
} from './helpers/room-harness.ts';
import { figure } from './helpers/scale.ts';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.close();
});

const text = (doc: Y.Doc) => (doc.getXmlFragment(bodyRoot('s1')).get(0) as Y.XmlElement).get(0) as Y.XmlText;

describe('formatting cleanup', () => {
  it('is stored and relayed: stored = live, and other clients have nothing to clean up', async () => {
    const h = roomHarness({}, 2, { s1: ['w1'], s2: ['w2'] });
    harnesses.push(h);
    const { room } = h;
    const seed = clientOf(room, 601);
    typeInto(seed.doc, 's1', '一是坚持政治引领');
    const owner = fakeConnection('w1', 'writer');
    room.connect(owner);
    room.receive(owner, updateFrame(seed.take()));
    await nextTurn();
    // The owner's two tabs make the same words bold at the same time: one pair of marks is redundant,
    // and every replica that applies both as remote changes removes it.
    const tabA = clientOf(room, 602);
    const tabB = clientOf(room, 603);
    text(tabA.doc).format(0, 4, { bold: true });
    text(tabB.doc).format(0, 4, { bold: true });
    const tabConn = fakeConnection('w1', 'writer');
    room.connect(tabConn);
    const other = fakeConnection('w2', 'writer');
    room.connect(other);
    const otherDoc = clientOf(room, 604);
    room.receive(owner, updateFrame(tabA.take()));
    room.receive(tabConn, updateFrame(tabB.take()));
    await nextTurn();

    expect(Y.equalSnapshots(Y.snapshot(h.storedDoc()), Y.snapshot(room.doc))).toBe(true);
    expect(text(h.storedDoc()).toDelta()).toEqual(text(room.doc).toDelta());
    // Another user's client applies what it was sent and finds nothing left to clean up.
    const own: Uint8Array[] = [];
    otherDoc.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'relay') own.push(u);
    });
    for (const u of received(other, 'update')) Y.applyUpdate(otherDoc.doc, u, 'relay');
    expect(own).toEqual([]);
    expect(text(otherDoc.doc).toDelta()).toEqual(text(room.doc).toDelta());
  });
});

describe('deleting format markers in a section one may not write', () => {
  /**
   * s1's text after two tabs made the same words bold: "一是坚持" between a live bold start marker and
   * two live end markers (yjs removed the second start marker, but which markers it finds redundant
   * depends on how changes were grouped into transactions, so a client reading along may remove one
   * of the end markers itself). A reader synced to it, and the deletion of a marker as one update.
   */
  async function boldTwice() {
    const h = roomHarness({}, 2, { s1: ['w1'], s2: ['w2'] });
    harnesses.push(h);
    const { room } = h;
    const owner = fakeConnection('w1', 'writer');
    room.connect(owner);
    const seed = clientOf(room, 601);
    typeInto(seed.doc, 's1', '一是坚持政治引领');
    room.receive(owner, updateFrame(seed.take()));
    const [tabA, tabB] = [clientOf(room, 602), clientOf(room, 603)];
    text(tabA.doc).format(0, 4, { bold: true });
    text(tabB.doc).format(0, 4, { bold: true });
    room.receive(owner, updateFrame(tabA.take()));
    room.receive(owner, updateFrame(tabB.take()));
    await nextTurn();
    const reader = clientOf(room, 604);
    const markers = (value: true | null) => {
      const out: Y.Item[] = [];
      for (let item = text(reader.doc)._start; item; item = item.right)
        if (!item.deleted && item.content instanceof Y.ContentFormat && item.content.value === value)
          out.push(item);
      return out;
    };
    const deletion = (items: Y.Item[]) => {
      reader.doc.transact((tr) => {
        for (const item of items) item.delete(tr);
      });
      return reader.take();
    };
    return { h, room, markers, deletion, reader };
  }

  it.each([
    ['a writer of another section', 'writer'],
    ['a viewer', 'viewer'],
    ['a commenter', 'commenter'],
  ] as const)('a redundant one is accepted from %s: it changes nothing visible', async (_who, role) => {
    const { h, room, markers, deletion } = await boldTwice();
    expect(markers(null)).toHaveLength(2);
    const delta = text(room.doc).toDelta();
    const conn = fakeConnection('w2', role);
    room.connect(conn);
    room.receive(conn, updateFrame(deletion([markers(null)[0]!])));
    await nextTurn();
    expect(conn.closed).toEqual([]);
    expect(text(room.doc).toDelta()).toEqual(delta);
    expect(Y.equalSnapshots(Y.snapshot(h.storedDoc()), Y.snapshot(room.doc))).toBe(true);
  });

  it.each([
    ['the start of the bold words', true, 'writer'],
    ['the start of the bold words', true, 'viewer'],
    ['both ends of the bold words', null, 'writer'],
  ] as const)(
    'deleting %s is accepted from a %s and undone: the words stay bold',
    async (_what, value, role) => {
      const { h, room, markers, deletion, reader } = await boldTwice();
      const delta = text(room.doc).toDelta();
      expect(delta[0].attributes).toEqual({ bold: true });
      const targets = markers(value);
      expect(targets.length).toBeGreaterThan(0);
      const update = deletion(targets);
      expect(text(reader.doc).toDelta()).not.toEqual(delta); // it would un-bold them (or bold the rest)
      const conn = fakeConnection('w2', role);
      room.connect(conn);
      room.receive(conn, updateFrame(update));
      await nextTurn();
      expect(conn.closed).toEqual([]);
      expect(text(room.doc).toDelta()).toEqual(delta);
      expect(Y.equalSnapshots(Y.snapshot(h.storedDoc()), Y.snapshot(room.doc))).toBe(true);
      // The deleting client gets the repair and converges.
      for (const u of received(conn, 'update')) Y.applyUpdate(reader.doc, u);
      expect(text(reader.doc).toDelta()).toEqual(delta);
      expect(Y.encodeStateVector(reader.doc)).toEqual(Y.encodeStateVector(room.doc));
    },
  );

  it('the owner deleting a marker in their own section is an edit like any other (nothing restored)', async () => {
    const { room, markers, deletion } = await boldTwice();
    const owner = fakeConnection('w1', 'writer');
    room.connect(owner);
    room.receive(owner, updateFrame(deletion(markers(true))));
    await nextTurn();
    expect(owner.closed).toEqual([]);
    expect(text(room.doc).toDelta()[0].attributes).toBeUndefined();
  });
});

describe('a reader deleting format markers in a loop (issue 13 item 5)', () => {
  it('does not grow the doc: restores are bounded per user, then refused; others see the same text', async () => {
    const h = roomHarness({}, 2, { s1: ['w1'], s2: ['w2'] });
    harnesses.push(h);
    const { room } = h;
    const owner = fakeConnection('w1', 'writer');
    room.connect(owner);
    const seed = clientOf(room, 601);
    typeInto(seed.doc, 's1', '一是坚持政治引领，二是狠抓工作落实');
    text(seed.doc).format(0, 8, { bold: true });
    text(seed.doc).format(9, 4, { italic: true });
    room.receive(owner, updateFrame(seed.take()));
    await nextTurn();
    const watcher = clientOf(room, 605);
    const watcherConn = fakeConnection('w2', 'writer');
    room.connect(watcherConn);
    const delta = text(room.doc).toDelta();
    const sizeBefore = Y.encodeStateAsUpdate(room.doc).length;

    const rounds = 200;
    let conn = fakeConnection('v', 'viewer');
    room.connect(conn);
    let refused = 0;
    for (let round = 0; round < rounds; round++) {
      if (conn.closed.length > 0) {
        refused++;
        room.disconnect(conn);
        conn = fakeConnection('v', 'viewer');
        room.connect(conn);
      }
      // A fresh copy of the server's doc each round, its live markers in s1 deleted.
      const reader = clientOf(room, 604);
      const markers: Y.Item[] = [];
      for (let item = text(reader.doc)._start; item; item = item.right)
        if (!item.deleted && item.content instanceof Y.ContentFormat) markers.push(item);
      reader.doc.transact((tr) => {
        for (const item of markers) item.delete(tr);
      });
      room.receive(conn, updateFrame(reader.take()));
      room.flush();
      reader.doc.destroy();
    }
    await nextTurn();
    const sizeAfter = Y.encodeStateAsUpdate(room.doc).length;
    figure('marker-loop', { rounds, refused, sizeBefore, sizeAfter });
    expect(refused).toBeGreaterThan(rounds / 2);
    // Without the bound every round re-inserted the markers: 396 → 6,693 bytes in these 200 rounds.
    expect(sizeAfter - sizeBefore).toBeLessThan(2000);
    expect(text(room.doc).toDelta()).toEqual(delta);
    for (const u of received(watcherConn, 'update')) Y.applyUpdate(watcher.doc, u);
    expect(text(watcher.doc).toDelta()).toEqual(delta);
    expect(watcherConn.closed).toEqual([]);
    expect(Y.equalSnapshots(Y.snapshot(h.storedDoc()), Y.snapshot(room.doc))).toBe(true);
  });
});
