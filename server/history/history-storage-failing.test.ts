/**
 * History follows edits from inside their Yjs transaction (beforeTransaction): storage failing there
 * (cluster mode: PostgreSQL slow or cut off) must not escape, or the transaction would stay open for
 * good and the node crash. The edit goes through; the version is simply not taken.
 */
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import type { Connection } from '../rooms/connection.ts';
import { ClientWrite } from '../rooms/origins.ts';
import type { Room } from '../rooms/room.ts';
import type { VersionStore } from '../storage/versions.ts';
import { History } from './history.ts';

it('lets a client edit through when storage cannot say whether the section has a version', () => {
  const failing = {
    latest: () => {
      throw new Error('PostgreSQL did not answer in time');
    },
    add: () => {
      throw new Error('PostgreSQL did not answer in time');
    },
  } as unknown as VersionStore;
  const history = new History(failing, { idleMs: 60_000, maxMs: 60_000 });
  const doc = new Y.Doc();
  history.attach({ reportId: 'r1', doc } as unknown as Room);
  const root = bodyRoot('s1');
  const conn = { user: { id: 'u1' } } as unknown as Connection;
  const errors: unknown[] = [];
  const log = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    doc.transact(
      () => doc.getText(root).insert(0, '本季度完成调研三次。'),
      new ClientWrite(conn, [root], []),
    );
  } finally {
    console.error = log;
  }
  expect(doc.getText(root).toString()).toBe('本季度完成调研三次。');
  expect((doc as unknown as { _transaction: unknown })._transaction).toBeNull();
  expect(errors.length).toBeGreaterThan(0); // logged, not thrown
});
