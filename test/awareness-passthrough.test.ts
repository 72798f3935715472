/**
 * Awareness relayed without re-encoding (issue 18 lever 4): a state that already carries the signed-in
 * user exactly as the stamp would is relayed byte for byte as the client sent it; anything else is
 * stamped and re-encoded; several clients moving in one turn are joined into one message.
 */
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { stampAwareness } from '../server/rooms/awareness-stamp.ts';
import { userColor } from '../shared/user-color.ts';
import {
  awarenessFrame,
  fakeConnection,
  type Harness,
  received,
  roomHarness,
} from './helpers/room-harness.ts';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.close();
});

let clock = 0;
function stateOf(clientID: number, state: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientID);
  encoding.writeVarUint(e, ++clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}

const stampOf = (id: string) => ({ id, name: id, color: userColor(id) });

/** The states a stock client would hold after applying `updates`. */
function statesAfter(updates: Uint8Array[]) {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null); // only the states received
  for (const u of updates) awarenessProtocol.applyAwarenessUpdate(awareness, u, null);
  const states = Object.fromEntries(awareness.getStates());
  awareness.destroy();
  return states;
}

describe('awareness stamp', () => {
  it('returns an already stamped state as sent, and rewrites any other', () => {
    const stamp = stampOf('w1');
    const stamped = stateOf(7, { user: stamp, cursor: { anchor: 3, head: 3 }, section: 's1' });
    expect(stampAwareness(stamped, 7, stamp)).toBe(stamped);
    const removal = stateOf(7, null);
    expect(stampAwareness(removal, 7, stamp)).toBe(removal);
    for (const user of [{ ...stamp, name: '冒名者' }, { ...stamp, admin: true }, undefined]) {
      const spoofed = stateOf(7, { user, cursor: 1 });
      const out = stampAwareness(spoofed, 7, stamp)!;
      expect(out).not.toBe(spoofed);
      expect(statesAfter([out])[7]).toEqual({ user: stamp, cursor: 1 });
    }
  });
});

describe('awareness relay', () => {
  it('relays a stamped state byte for byte, and joins the states of several clients of a turn', () => {
    const h = roomHarness();
    harnesses.push(h);
    const [a, b, watcher] = [
      fakeConnection('w1', 'writer'),
      fakeConnection('w2', 'writer'),
      fakeConnection('u'),
    ];
    for (const conn of [a, b, watcher]) h.room.connect(conn);
    const fromA = stateOf(601, { user: stampOf('w1'), cursor: 1 });
    h.room.receive(a, awarenessFrame(fromA));
    h.room.flush();
    expect(received(watcher, 'awareness')).toEqual([fromA]);

    const moveA = stateOf(601, { user: stampOf('w1'), cursor: 2 });
    const spoofB = stateOf(602, { user: { id: 'w1', name: '甲' }, cursor: 9 });
    h.room.receive(a, awarenessFrame(moveA));
    h.room.receive(b, awarenessFrame(spoofB));
    h.room.flush();
    const [, joined] = received(watcher, 'awareness');
    expect(statesAfter([joined!])).toEqual({
      601: { user: stampOf('w1'), cursor: 2 },
      602: { user: stampOf('w2'), cursor: 9 },
    });
    // Each typist gets the other's state, never its own back.
    expect(Object.keys(statesAfter(received(a, 'awareness')))).toEqual(['602']);
    expect(Object.keys(statesAfter(received(b, 'awareness')))).toEqual(['601']);
    expect(h.room.awareness.getStates().get(602)).toEqual({ user: stampOf('w2'), cursor: 9 });
  });
});
