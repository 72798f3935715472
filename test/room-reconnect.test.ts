/**
 * A client reconnecting after a crash may type before its sync step 2 has reached the server; those
 * update messages can build on text the crash took (never acknowledged, still in the client). They are
 * dropped, not refused, and the step 2 that follows brings everything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol.ts';
import { bodyText, typeInto } from './helpers/clients.ts';
import {
  clientOf,
  fakeConnection,
  type Harness,
  nextTurn,
  roomHarness,
  step2Frame,
  updateFrame,
} from './helpers/room-harness.ts';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.close();
});

describe('reconnect after a crash', () => {
  it('drops update messages that build on lost text until the step 2 arrives, then takes everything', async () => {
    const h = roomHarness();
    harnesses.push(h);
    const writer = clientOf(h.room, 301);
    typeInto(writer.doc, 's1', '已确认。');
    const first = fakeConnection('w1', 'writer', true);
    h.room.connect(first);
    h.room.receive(first, updateFrame(writer.take()));
    await nextTurn();
    // Typed while the server was going down: never stored, so the restarted room lacks it.
    typeInto(writer.doc, 's1', '未确认。', bodyText(writer.doc, 's1').length);
    writer.take();
    h.room.disconnect(first);

    const conn = fakeConnection('w1', 'writer', true);
    h.room.connect(conn);
    typeInto(writer.doc, 's1', '重连时写的。', bodyText(writer.doc, 's1').length);
    h.room.receive(conn, updateFrame(writer.take())); // a clock gap for the server
    expect(conn.closed).toEqual([]);
    expect(bodyText(h.room.doc, 's1')).toBe('已确认。');
    const step2 = Y.encodeStateAsUpdate(writer.doc, Y.encodeStateVector(h.room.doc));
    h.room.receive(conn, step2Frame(step2));
    expect(bodyText(h.room.doc, 's1')).toBe('已确认。未确认。重连时写的。');

    // After the step 2, a gap is a real error again.
    typeInto(writer.doc, 's1', '跳号');
    writer.take(); // never sent
    typeInto(writer.doc, 's1', '缺口后');
    h.room.receive(conn, updateFrame(writer.take()));
    expect(conn.closed.map((c) => c.code)).toEqual([CloseCode.forbidden]);
  });

  it('still refuses a forbidden write at once, before the step 2', () => {
    const h = roomHarness();
    harnesses.push(h);
    const writer = clientOf(h.room, 302);
    const conn = fakeConnection('w1', 'writer');
    h.room.connect(conn);
    const before = Y.encodeStateAsUpdate(h.room.doc);
    typeInto(writer.doc, 's2', '别人的部分');
    h.room.receive(conn, updateFrame(writer.take()));
    expect(conn.closed.map((c) => c.code)).toEqual([CloseCode.forbidden]);
    expect(Y.encodeStateAsUpdate(h.room.doc)).toEqual(before);
  });
});
