/** A Room with fake connections and a fault-injecting DocStore: the pipeline without sockets. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addSection } from '../../server/reports/doc-sections.ts';
import type { Connection } from '../../server/rooms/connection.ts';
import { Room, type RoomDeps } from '../../server/rooms/room.ts';
import type { SqliteDocStore } from '../../server/storage/doc-store.ts';
import { openStores, type Stores } from '../../server/storage/index.ts';
import type { DocStore, LogEntry } from '../../server/storage/types.ts';
import type { Role } from '../../shared/layout.ts';
import { MessageType, SyncStep } from '../../shared/protocol.ts';
import { tempDir } from './server.ts';

export interface FakeConnection extends Connection {
  sent: Uint8Array[];
  closed: { code: number; reason: string }[];
}

export function fakeConnection(id: string, role: Role = 'leader', acks = false): FakeConnection {
  const sent: Uint8Array[] = [];
  const closed: { code: number; reason: string }[] = [];
  return {
    user: { id, username: id, displayName: id, isAdmin: false },
    role,
    acks,
    awarenessClientId: null,
    sent,
    closed,
    send: (m) => sent.push(m),
    cork: () => {},
    uncork: () => {},
    close: (code, reason) => closed.push({ code, reason }),
  };
}

const frame = (type: number, sub: number | null, payload: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  if (sub !== null) encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
};
export const updateFrame = (update: Uint8Array) => frame(MessageType.sync, SyncStep.update, update);
export const step1Frame = (sv: Uint8Array) => frame(MessageType.sync, SyncStep.step1, sv);
export const step2Frame = (update: Uint8Array) => frame(MessageType.sync, SyncStep.step2, update);
export const awarenessFrame = (update: Uint8Array) => frame(MessageType.awareness, null, update);

/** The messages of `kind` a fake connection received: their payloads (state vector, update, …). */
export function received(conn: FakeConnection, kind: 'ack' | 'update' | 'step2' | 'awareness'): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of conn.sent) {
    const d = decoding.createDecoder(m);
    const type = decoding.readVarUint(d);
    if (kind === 'ack' && type === MessageType.ack) out.push(decoding.readVarUint8Array(d));
    if (kind === 'awareness' && type === MessageType.awareness) out.push(decoding.readVarUint8Array(d));
    if (type !== MessageType.sync) continue;
    const sub = decoding.readVarUint(d);
    if ((kind === 'update' && sub === SyncStep.update) || (kind === 'step2' && sub === SyncStep.step2))
      out.push(decoding.readVarUint8Array(d));
  }
  return out;
}

/** A SQLite error as better-sqlite3 throws it. */
export function sqliteError(code: string): Error {
  return Object.assign(new Error(`${code}: injected`), { name: 'SqliteError', code });
}

/** Wraps a DocStore: `failAppends` makes the next n appends throw (after doing nothing). */
export class FaultyDocStore implements DocStore {
  failAppends = 0;
  failCompactions = 0;
  error = sqliteError('SQLITE_FULL');
  attempts = 0;
  /** Called before each successful append; sees the room's state just before COMMIT. */
  beforeCommit: ((entries: LogEntry[]) => void) | null = null;

  constructor(private readonly inner: SqliteDocStore) {}
  load(reportId: string) {
    return this.inner.load(reportId);
  }
  append(reportId: string, entries: LogEntry[], afterSeq: number): number {
    this.attempts++;
    if (this.failAppends > 0) {
      this.failAppends--;
      throw this.error;
    }
    this.beforeCommit?.(entries);
    return this.inner.append(reportId, entries, afterSeq);
  }
  compact(reportId: string, snapshot: Uint8Array, uptoSeq: number): void {
    if (this.failCompactions > 0) {
      this.failCompactions--;
      throw this.error;
    }
    this.inner.compact(reportId, snapshot, uptoSeq);
  }
  logLength(reportId: string): number {
    return this.inner.logLength(reportId);
  }
}

export interface Harness {
  room: Room;
  stores: Stores;
  docs: FaultyDocStore;
  /** The report as stored, loaded fresh from SQLite. */
  storedDoc(): Y.Doc;
  close(): void;
}

/** A room for report `r` with sections s1..sN (by default s1 assigned to `w1`), seeded through the server. */
export function roomHarness(
  deps: Partial<RoomDeps> = {},
  sections = 2,
  assignees: Record<string, string[]> = { s1: ['w1'] },
): Harness {
  const stores = openStores(tempDir(), 'normal');
  stores.db
    .prepare(
      "INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES ('u', 'u', 'u', 'x', 0, 0)",
    )
    .run();
  stores.db
    .prepare("INSERT INTO reports (id, title, created_by, created_at) VALUES ('r', '报告', 'u', 0)")
    .run();
  const docs = new FaultyDocStore(stores.docs);
  const room = new Room('r', { docs, clientIds: stores.clientIds, ...deps });
  room.doc.clientID = 1; // the server's own edits print the same in every run
  room.change(null, (doc) => {
    for (let n = 1; n <= sections; n++) {
      const sid = `s${n}`;
      addSection(doc, {
        id: sid,
        title: `${n}、`,
        level: 1,
        assignees: assignees[sid] ?? [],
        status: 'drafting',
        due: null,
      });
    }
  });
  return {
    room,
    stores,
    docs,
    storedDoc() {
      const stored = stores.docs.load('r');
      const doc = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
      return doc;
    },
    close() {
      room.destroy();
      stores.db.close();
    },
  };
}

export interface TestClient {
  doc: Y.Doc;
  /** Every update the client made, in order. */
  updates: Uint8Array[];
  /** The updates made since the last call, merged into one (what one message would carry). */
  take(): Uint8Array;
}

/** A client doc synced from the room, recording the updates it makes. */
export function clientOf(room: Room, clientID: number): TestClient {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
  const updates: Uint8Array[] = [];
  let taken = 0;
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return {
    doc,
    updates,
    take() {
      const fresh = updates.slice(taken);
      taken = updates.length;
      return Y.mergeUpdates(fresh);
    },
  };
}

export const nextTurn = () => new Promise<void>((r) => setImmediate(r));
