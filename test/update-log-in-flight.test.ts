/**
 * The update log with an asynchronous store (PostgreSQL in cluster mode, here the real SQLite store
 * answering only when the test lets it): while one append is in flight the doc already holds what was
 * applied after it, so an ack or a sync reply built from the doc at COMMIT would claim, or show, updates
 * not yet stored. They are built when their batch is formed instead. (Found by the cluster kill test:
 * acknowledged tokens missing from PostgreSQL after the owner was killed.)
 */
import { afterEach, expect, it } from 'vitest';
import { UpdateLog } from '../server/rooms/update-log.ts';
import { openStores, type Stores } from '../server/storage/index.ts';
import type { LogEntry } from '../server/storage/types.ts';
import { tempDir } from './helpers/server.ts';

const opened: Stores[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.db.close();
});

it('acks and answers with exactly what is stored, never with what was applied while an append was in flight', async () => {
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
  // Each append is written at once but answered only when the test opens its gate, in order.
  const gates: (() => void)[] = [];
  const docs = {
    ...stores.docs,
    logLength: (id: string) => stores.docs.logLength(id),
    load: (id: string) => stores.docs.load(id),
    compact: (id: string, s: Uint8Array, upto: number) => stores.docs.compact(id, s, upto),
    append: (id: string, entries: LogEntry[], afterSeq: number) => {
      const seq = stores.docs.append(id, entries, afterSeq);
      return new Promise<number>((resolve) => gates.push(() => resolve(seq)));
    },
  };
  const open = async () => {
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  /** What the "doc" holds: the number of entries applied so far. */
  let applied = 0;
  const acks: number[] = [];
  const log = new UpdateLog<LogEntry>(
    'r',
    docs,
    { lastSeq: 0, entries: 0, bytes: 0, snapshotBytes: 0 },
    {
      schedule: () => {},
      coalesce: (pending) => pending,
      onStored: (_batch, state) => acks.push(state![0]!),
      state: () => new Uint8Array([applied]),
    },
    { maxEntries: 1000, minBytes: 1 << 20 },
  );
  const apply = () => {
    applied++;
    log.add({ update: new Uint8Array([applied]), userId: null, roots: ['body:s1'] });
  };

  apply();
  log.flush(); // batch 1 (entry 1) in flight
  const replies: number[] = [];
  const ask = () =>
    log.whenStoredExactly(() => {
      const shown = applied;
      return () => replies.push(shown);
    });
  ask(); // a sync request while batch 1 is in flight
  apply(); // entry 2, applied while batch 1 is in flight
  await open(); // batch 1 stored; batch 2 (entry 2) formed and sent
  expect(acks).toEqual([1]); // not 2: entry 2 is not stored yet
  expect(replies).toEqual([]); // the reply would show entry 2: it waits for batch 2
  apply(); // entry 3, while batch 2 is in flight
  await open();
  expect(acks).toEqual([1, 2]);
  expect(replies).toEqual([2]); // prepared as batch 2 was formed, sent once it was stored
  await open();
  expect(acks).toEqual([1, 2, 3]);
  // Nothing in flight: answered at once, with everything.
  ask();
  expect(replies).toEqual([2, 3]);
  expect(stores.docs.load('r').updates.length).toBe(3);
});
