/**
 * The update log's own rules, against a real SQLite store: what one turn stores (the coalesced entries),
 * and when the log is folded into a snapshot (once it is as large as the snapshot, or too long).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type CompactionPolicy, UpdateLog } from '../server/rooms/update-log.ts';
import { openStores, type Stores } from '../server/storage/index.ts';
import type { LogEntry } from '../server/storage/types.ts';
import { tempDir } from './helpers/server.ts';

const opened: Stores[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.db.close();
});

function setup(policy: CompactionPolicy, coalesce = (pending: LogEntry[]) => pending) {
  const stores = openStores(tempDir(), 'normal');
  opened.push(stores);
  stores.db
    .prepare(
      "INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES ('u', 'u', 'u', 'x', 0, 0)",
    )
    .run();
  stores.db
    .prepare("INSERT INTO reports (id, title, created_by, created_at) VALUES ('r', '述职报告', 'u', 0)")
    .run();
  const stored: LogEntry[][] = [];
  const log = new UpdateLog<LogEntry>(
    'r',
    stores.docs,
    { lastSeq: 0, entries: 0, bytes: 0, snapshotBytes: 0 },
    { schedule: () => {}, coalesce, onStored: (batch) => stored.push(batch) },
    policy,
  );
  /** Stores one entry of `size` bytes, as one turn. */
  const write = (size: number) => {
    log.add({ update: new Uint8Array(size).fill(7), userId: null, roots: ['body:s1'] });
    expect(log.flush()).toBe(true);
  };
  return { stores, log, stored, write };
}

describe('update log', () => {
  it('stores and relays what `coalesce` makes of a turn', () => {
    const merge = (pending: LogEntry[]) => [
      { update: new Uint8Array(pending.length), userId: null, roots: ['body:s1'] },
    ];
    const { stores, log, stored } = setup({ maxEntries: 100, minBytes: 100 }, merge);
    for (let n = 0; n < 5; n++) log.add({ update: new Uint8Array([n]), userId: null, roots: ['body:s1'] });
    expect(log.unstoredBytes).toBe(5);
    log.flush();
    expect(stored.map((batch) => batch.length)).toEqual([1]);
    expect(stores.docs.load('r').updates).toEqual([new Uint8Array(5)]);
    expect(log.unstoredBytes).toBe(0);
  });

  it('numbers entries on from the last stored one; a stale number writes nothing', () => {
    const { stores, write } = setup({ maxEntries: 1000, minBytes: 1 << 20 });
    write(1);
    write(2);
    const seqs = () =>
      (
        stores.db.prepare("SELECT seq FROM updates WHERE report_id = 'r' ORDER BY seq").all() as {
          seq: number;
        }[]
      ).map((r) => r.seq);
    expect(seqs()).toEqual([1, 2]);
    expect(stores.docs.load('r').lastSeq).toBe(2);
    // Another writer believing the log ends at 1 (there is none: one loaded room per report) is refused.
    const entry = { update: new Uint8Array([9]), userId: null, roots: ['body:s1'] };
    expect(() => stores.docs.append('r', [entry, entry], 1)).toThrow(/UNIQUE|PRIMARY/);
    expect(seqs()).toEqual([1, 2]);
    expect(stores.docs.load('r').updates.map((u) => u.length)).toEqual([1, 2]);
  });

  it('compacts once the log is as large as the snapshot (or the floor while the snapshot is smaller)', () => {
    const { stores, log, write } = setup({ maxEntries: 1000, minBytes: 100 });
    write(60);
    expect(log.compactionDue).toBe(false);
    write(60);
    expect(log.compactionDue).toBe(true);
    log.compact(() => new Uint8Array(300));
    expect(stores.docs.logLength('r')).toBe(0);
    expect(log.compactionDue).toBe(false);
    for (let n = 0; n < 4; n++) write(60);
    expect(log.compactionDue).toBe(false); // 240 bytes of log against a 300-byte snapshot
    write(60);
    expect(log.compactionDue).toBe(true);
  });

  it('compacts a log of many small entries at `maxEntries`', () => {
    const { log, write } = setup({ maxEntries: 3, minBytes: 1_000_000 });
    write(1);
    write(1);
    expect(log.compactionDue).toBe(false);
    write(1);
    expect(log.compactionDue).toBe(true);
  });

  it('starts from what is stored: a loaded log counts towards the next compaction', () => {
    const stores = openStores(tempDir(), 'normal');
    opened.push(stores);
    const log = new UpdateLog<LogEntry>(
      'r',
      stores.docs,
      { lastSeq: 7, entries: 7, bytes: 500, snapshotBytes: 400 },
      { schedule: () => {}, coalesce: (p) => p, onStored: () => {} },
      { maxEntries: 1000, minBytes: 100 },
    );
    expect(log.compactionDue).toBe(true);
  });

  it('asks for a flush once per turn, not per update', () => {
    const stores = openStores(tempDir(), 'normal');
    opened.push(stores);
    stores.db
      .prepare(
        "INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES ('u', 'u', 'u', 'x', 0, 0)",
      )
      .run();
    stores.db
      .prepare("INSERT INTO reports (id, title, created_by, created_at) VALUES ('r', '述职报告', 'u', 0)")
      .run();
    let asked = 0;
    const log = new UpdateLog<LogEntry>(
      'r',
      stores.docs,
      { lastSeq: 0, entries: 0, bytes: 0, snapshotBytes: 0 },
      { schedule: () => asked++, coalesce: (p) => p, onStored: () => {} },
    );
    for (let n = 0; n < 3; n++) log.add({ update: new Uint8Array([n]), userId: null, roots: ['body:s1'] });
    expect(asked).toBe(1);
    log.flush();
    log.add({ update: new Uint8Array([9]), userId: null, roots: ['body:s1'] });
    expect(asked).toBe(2);
  });
});
