/**
 * Awareness abuse and reconnects, at the room: one client id per connection, bound to its user (no one
 * else may speak for it), states stamped with the real user, oversize states dropped, and a client that
 * reconnects while its old socket is still half-open takes its id over instead of being refused.
 */

import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { RoomRegistry, SWEEP_INTERVAL_MS } from '../server/rooms/registry.ts';
import { CloseCode } from '../shared/protocol.ts';
import {
  awarenessFrame,
  fakeConnection,
  type Harness,
  received,
  roomHarness,
} from './helpers/room-harness.ts';

const harnesses: Harness[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const h of harnesses.splice(0)) h.close();
});

function setup() {
  const h = roomHarness();
  harnesses.push(h);
  return h;
}

let clock = 0;
/** An awareness update for one client id, each with a newer clock (as one long-lived client sends). */
function stateOf(clientID: number, state: Record<string, unknown> | null): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientID);
  encoding.writeVarUint(e, ++clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}

describe('awareness', () => {
  it('a reconnect while the old socket is half-open takes the client id over', () => {
    const { room } = setup();
    const old = fakeConnection('w1', 'writer');
    const fresh = fakeConnection('w1', 'writer');
    const watcher = fakeConnection('u');
    room.connect(watcher);
    room.connect(old);
    room.receive(old, awarenessFrame(stateOf(501, { cursor: 1 })));
    room.connect(fresh);
    room.receive(fresh, awarenessFrame(stateOf(501, { cursor: 2 })));
    expect(fresh.closed).toEqual([]);
    expect(room.awareness.getStates().get(501)).toMatchObject({ cursor: 2 });
    room.disconnect(old); // the half-open socket is finally found dead
    expect(room.awareness.getStates().get(501)).toMatchObject({ cursor: 2 });
    room.flush();
    expect(received(watcher, 'awareness').length).toBeGreaterThan(0);
  });

  it('another user may not speak for a client id, even one not yet used for an edit', () => {
    const { room } = setup();
    const owner = fakeConnection('w1', 'writer');
    const other = fakeConnection('u');
    room.connect(owner);
    room.connect(other);
    room.receive(owner, awarenessFrame(stateOf(502, { cursor: 1 })));
    room.receive(other, awarenessFrame(stateOf(502, { cursor: 'forged' })));
    expect(other.closed.map((c) => c.code)).toEqual([CloseCode.forbidden]);
    expect(room.awareness.getStates().get(502)).toMatchObject({ cursor: 1 });
  });

  it('drops states for other ids and oversize states, and stamps the real user', () => {
    const { room } = setup();
    const a = fakeConnection('w1', 'writer');
    room.connect(a);
    room.receive(a, awarenessFrame(stateOf(503, { user: { id: 'u', name: '冒名' }, cursor: 1 })));
    room.receive(a, awarenessFrame(stateOf(504, { cursor: 'other id' })));
    room.receive(a, awarenessFrame(stateOf(503, { cursor: 'x'.repeat(5000) })));
    // The cap counts UTF-8 bytes: 2,000 Chinese characters are 6,000 bytes.
    room.receive(a, awarenessFrame(stateOf(503, { cursor: '述'.repeat(2000) })));
    expect(a.closed).toEqual([]);
    expect([...room.awareness.getStates().keys()]).toEqual([503]);
    expect(room.awareness.getStates().get(503)).toMatchObject({ cursor: 1, user: { id: 'w1', name: 'w1' } });
  });

  it('removes presence not renewed within 30 s and tells everyone, keeps what was renewed', () => {
    const { room } = setup();
    const gone = fakeConnection('w1', 'writer');
    const here = fakeConnection('u');
    room.connect(gone);
    room.connect(here);
    const start = Date.now();
    room.receive(gone, awarenessFrame(stateOf(506, { cursor: 1 })));
    room.receive(here, awarenessFrame(stateOf(507, { cursor: 2 })));
    room.flush();
    const before = received(here, 'awareness').length;
    room.sweep(start + 29_000);
    expect([...room.awareness.getStates().keys()].sort()).toEqual([506, 507]);
    // 507 renews its state (a provider does every 15 s); 506 has gone silent without a close.
    room.awareness.meta.get(507)!.lastUpdated = start + 20_000;
    room.sweep(start + 31_000);
    expect([...room.awareness.getStates().keys()]).toEqual([507]);
    room.flush();
    expect(received(here, 'awareness').length).toBe(before + 1);
  });

  it('the registry sweeps every loaded room on one timer', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const h = setup();
    const registry = new RoomRegistry({ ...h.stores, docs: h.docs }, loadConfig({}));
    try {
      const room = registry.get('r');
      const writer = fakeConnection('w1', 'writer');
      registry.connect('r', writer);
      room.receive(writer, awarenessFrame(stateOf(508, { cursor: 1 })));
      vi.advanceTimersByTime(30_000 - SWEEP_INTERVAL_MS);
      expect(room.awareness.getStates().has(508)).toBe(true);
      vi.advanceTimersByTime(2 * SWEEP_INTERVAL_MS);
      expect(room.awareness.getStates().has(508)).toBe(false);
    } finally {
      registry.closeAll();
    }
  });
});
