/**
 * Group commit across rooms (server/rooms/turns.ts), against a real SQLite store: edits that several
 * reports receive in one event-loop turn are appended in one transaction, relayed only after its COMMIT,
 * and a batch refused on its own (or a transaction that fails as a whole) is kept, unrelayed, and
 * stored on retry.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { loadConfig } from '../server/config.ts';
import { addSection } from '../server/reports/doc-sections.ts';
import { RoomRegistry } from '../server/rooms/registry.ts';
import type { Room } from '../server/rooms/room.ts';
import { openStores } from '../server/storage/index.ts';
import { bodyText, typeInto, until } from './helpers/clients.ts';
import {
  clientOf,
  type FakeConnection,
  fakeConnection,
  nextTurn,
  received,
  sqliteError,
  updateFrame,
} from './helpers/room-harness.ts';
import { tempDir } from './helpers/server.ts';

const REPORTS = ['r1', 'r2', 'r3', 'r4', 'r5'];
const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Open {
  room: Room;
  writer: FakeConnection;
  reader: FakeConnection;
  client: ReturnType<typeof clientOf>;
}

/** A registry over one SQLite file with five reports, each open with a writer (of s1) and a reader. */
function setup() {
  const stores = openStores(tempDir(), 'normal');
  stores.db
    .prepare(
      "INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES ('u', 'u', 'u', 'x', 0, 0)",
    )
    .run();
  const registry = new RoomRegistry(stores, loadConfig({}));
  cleanups.push(() => {
    registry.closeAll();
    stores.db.close();
  });
  const open = REPORTS.map((id, n): Open => {
    stores.db
      .prepare("INSERT INTO reports (id, title, created_by, created_at) VALUES (?, '年度报告', 'u', 0)")
      .run(id);
    const room = registry.get(id);
    room.change(null, (doc) =>
      addSection(doc, {
        id: 's1',
        title: '一、',
        level: 1,
        assignees: ['w1'],
        status: 'drafting',
        due: null,
      }),
    );
    const writer = fakeConnection('w1', 'writer', true);
    const reader = fakeConnection('u', 'leader');
    registry.connect(id, writer);
    registry.connect(id, reader);
    const client = clientOf(room, 200 + n);
    typeInto(client.doc, 's1', `第${n + 1}份报告的一句话。`);
    return { room, writer, reader, client };
  });
  const storedText = (id: string) => {
    const stored = stores.docs.load(id);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    return bodyText(doc, 's1');
  };
  return { stores, open, storedText };
}

const relayed = (open: Open[]) => open.reduce((sum, o) => sum + received(o.reader, 'update').length, 0);
const acked = (open: Open[]) => open.reduce((sum, o) => sum + received(o.writer, 'ack').length, 0);

describe('group commit', () => {
  it('stores the edits of every room in one turn in one transaction, relaying and acking only after COMMIT', async () => {
    const { stores, open, storedText } = setup();
    const appendAll = stores.docs.appendAll.bind(stores.docs);
    let atCommit: { relayed: number; acked: number; batches: number } | null = null;
    vi.spyOn(stores.docs, 'appendAll').mockImplementation((batches) => {
      atCommit = { relayed: relayed(open), acked: acked(open), batches: batches.length };
      return appendAll(batches);
    });
    const commits = stores.docs.commits;
    for (const o of open) o.room.receive(o.writer, updateFrame(o.client.take()));
    await nextTurn();

    expect(stores.docs.commits - commits).toBe(1);
    expect(atCommit).toEqual({ relayed: 0, acked: 0, batches: REPORTS.length });
    open.forEach((o, n) => {
      expect(received(o.reader, 'update')).toHaveLength(1);
      expect(received(o.writer, 'ack')).toHaveLength(1);
      expect(storedText(REPORTS[n]!)).toBe(`第${n + 1}份报告的一句话。`);
    });
  });

  it('a batch refused on its own leaves the others stored; it is kept unrelayed and stored on retry', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { stores, open, storedText } = setup();
    // A row already where r2's next entry goes: its INSERT fails (primary key), the others' do not.
    const next = stores.docs.load('r2').lastSeq + 1;
    stores.db
      .prepare(
        "INSERT INTO updates (report_id, seq, user_id, roots, bytes, created_at) VALUES ('r2', ?, NULL, '', ?, 0)",
      )
      .run(next, new Uint8Array([0, 0]));
    const commits = stores.docs.commits;
    for (const o of open) o.room.receive(o.writer, updateFrame(o.client.take()));
    await nextTurn();

    expect(stores.docs.commits - commits).toBe(1);
    const [, r2, ...rest] = open;
    expect(received(r2!.reader, 'update')).toEqual([]);
    expect(received(r2!.writer, 'ack')).toEqual([]);
    expect(r2!.room.storageFailing).toBe(true);
    expect(bodyText(r2!.room.doc, 's1')).toBe('第2份报告的一句话。'); // kept in memory
    for (const o of [open[0]!, ...rest]) expect(received(o.reader, 'update')).toHaveLength(1);
    expect(storedText('r3')).toBe('第3份报告的一句话。');

    stores.db.prepare("DELETE FROM updates WHERE report_id = 'r2' AND seq = ?").run(next);
    await until(() => received(r2!.reader, 'update').length === 1, 'r2 stored on retry');
    expect(received(r2!.writer, 'ack')).toHaveLength(1);
    expect(storedText('r2')).toBe('第2份报告的一句话。');
  });

  it('a transaction that fails as a whole relays nothing anywhere, and every room stores on retry', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { stores, open, storedText } = setup();
    vi.spyOn(stores.docs, 'appendAll').mockImplementationOnce(() => {
      throw sqliteError('SQLITE_BUSY');
    });
    for (const o of open) o.room.receive(o.writer, updateFrame(o.client.take()));
    await nextTurn();

    expect(relayed(open)).toBe(0);
    expect(acked(open)).toBe(0);
    expect(open.every((o) => o.room.storageFailing)).toBe(true);
    await until(() => relayed(open) === REPORTS.length, 'every room stored on retry');
    expect(acked(open)).toBe(REPORTS.length);
    for (const [n, id] of REPORTS.entries()) expect(storedText(id)).toBe(`第${n + 1}份报告的一句话。`);
  });
});
