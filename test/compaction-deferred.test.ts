/**
 * Compaction off the hot path: it encodes the whole doc, so it never runs in the turn that relays
 * keystrokes (their writes would wait behind it). It runs in a timer of its own once the room is quiet,
 * or after COMPACT_MAX_DELAY_MS if writers never pause, and the snapshot it writes is the live doc.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { COMPACT_MAX_DELAY_MS, COMPACT_QUIET_MS } from '../server/rooms/room.ts';
import { bodyText, typeInto } from './helpers/clients.ts';
import {
  clientOf,
  fakeConnection,
  type Harness,
  received,
  roomHarness,
  updateFrame,
} from './helpers/room-harness.ts';

const harnesses: Harness[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const h of harnesses.splice(0)) h.close();
});

function setup() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
  const h = roomHarness({ compaction: { maxEntries: 3 } });
  harnesses.push(h);
  const compactions: number[] = [];
  const compact = h.docs.compact.bind(h.docs);
  h.docs.compact = (reportId, snapshot, uptoSeq) => {
    compactions.push(uptoSeq);
    compact(reportId, snapshot, uptoSeq);
  };
  const writer = fakeConnection('w1', 'writer');
  const reader = fakeConnection('u', 'leader');
  h.room.connect(writer);
  h.room.connect(reader);
  const client = clientOf(h.room, 301);
  /** One keystroke, received and ended as its own turn. */
  const key = (text: string) => {
    typeInto(client.doc, 's1', text, bodyText(client.doc, 's1').length);
    h.room.receive(writer, updateFrame(client.take()));
    vi.advanceTimersToNextTimer(); // the turn's setImmediate: store, relay
  };
  return { ...h, compactions, reader, client, key };
}

const snapshotRows = (h: Harness) =>
  h.stores.db.prepare("SELECT COUNT(*) AS n FROM snapshots WHERE report_id = 'r'").get() as { n: number };

describe('compaction', () => {
  it('waits until the turn that relayed is over and the room is quiet, then snapshots the live doc', () => {
    const h = setup();
    for (const t of ['年', '度', '总', '结']) h.key(t);
    expect(received(h.reader, 'update')).toHaveLength(4);
    // Due since the third entry, yet nothing was encoded in any of these turns.
    expect(h.compactions).toEqual([]);
    vi.advanceTimersByTime(COMPACT_QUIET_MS);
    expect(h.compactions).toHaveLength(1);
    expect(h.stores.docs.logLength('r')).toBe(0);
    expect(snapshotRows(h).n).toBe(1);
    expect(bodyText(h.storedDoc(), 's1')).toBe('年度总结');
    expect(Y.encodeStateVector(h.storedDoc())).toEqual(Y.encodeStateVector(h.room.doc));
  });

  it('still compacts while writers never pause, within COMPACT_MAX_DELAY_MS', () => {
    const h = setup();
    let typed = '';
    const step = COMPACT_QUIET_MS / 5;
    for (let t = 0; t < COMPACT_MAX_DELAY_MS + COMPACT_QUIET_MS && h.compactions.length === 0; t += step) {
      h.key('字');
      typed += '字';
      vi.advanceTimersByTime(step);
    }
    expect(h.compactions).toHaveLength(1);
    expect(bodyText(h.storedDoc(), 's1')).toBe(typed);
    // The keystrokes after the snapshot stay in the log.
    h.key('尾');
    expect(bodyText(h.storedDoc(), 's1')).toBe(`${typed}尾`);
  });
});
