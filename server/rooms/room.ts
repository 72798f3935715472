import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, closeReason, MessageType, SyncStep } from '../../shared/protocol.ts';
import { userColor } from '../../shared/user-color.ts';
import type { ClientIdStore } from '../storage/client-ids.ts';
import type { DocStore, LogEntry } from '../storage/types.ts';
import { firstAwarenessClient, stampAwareness } from './awareness-stamp.ts';
import type { Connection } from './connection.ts';
import {
  ackMessage,
  awarenessMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from './messages.ts';
import { ClientWrite, changedRoots, ServerWrite } from './origins.ts';
import { canEdit, mayWriteRoots } from './policy.ts';
import { analyzeUpdate } from './update-check.ts';

interface Pending extends LogEntry {
  from: Connection | null;
}

export interface RoomDeps {
  docs: DocStore;
  clientIds: ClientIdStore;
  /** Fold the log into a snapshot once it holds this many entries. */
  compactEvery: number;
  /** Called after an accepted client update, e.g. to move a section from todo to drafting. */
  afterClientWrite?: (room: Room, user: Connection['user'], roots: string[]) => void;
}

/**
 * One open report: its Y.Doc, awareness, the inbound pipeline (decode → check → apply → append → broadcast)
 * and persistence calls. Sockets live elsewhere; the room sees only `Connection`s.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  private readonly bindings: Map<number, string>;
  private pending: Pending[] = [];
  private flushScheduled = false;
  private lastSeq: number;
  private sinceCompaction: number;

  constructor(
    readonly reportId: string,
    private readonly deps: RoomDeps,
  ) {
    const stored = deps.docs.load(reportId);
    this.doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(this.doc, update);
    });
    // The update check assumes a doc without parked structs; a log that left some is damaged.
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      console.error(`coreport: report ${reportId} loaded with pending (unresolvable) updates`);
    }
    this.lastSeq = stored.lastSeq;
    this.sinceCompaction = stored.updates.length;
    this.bindings = deps.clientIds.load(reportId);
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) =>
      this.record(update, origin, tr),
    );
    this.awareness.on('update', (change: Record<string, number[]>, origin: unknown) =>
      this.relayAwareness(change, origin),
    );
  }

  connect(conn: Connection): void {
    this.connections.add(conn);
    conn.send(syncStep1Message(Y.encodeStateVector(this.doc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length)
      conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
  }

  disconnect(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.awarenessClientId !== null) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [conn.awarenessClientId], null);
    }
  }

  /** Handles one binary frame. Anything malformed or refused closes that connection only. */
  receive(conn: Connection, data: Uint8Array): void {
    let decoder: decoding.Decoder;
    let type: number;
    let payload: Uint8Array;
    let sub = -1;
    try {
      decoder = decoding.createDecoder(data);
      type = decoding.readVarUint(decoder);
      if (type === MessageType.sync) {
        sub = decoding.readVarUint(decoder);
        if (sub !== SyncStep.step1 && sub !== SyncStep.step2 && sub !== SyncStep.update)
          throw new Error('sync type');
      } else if (type !== MessageType.awareness && type !== MessageType.queryAwareness) {
        throw new Error('message type');
      }
      payload = type === MessageType.queryAwareness ? new Uint8Array() : decoding.readVarUint8Array(decoder);
    } catch {
      conn.close(CloseCode.protocolError, 'malformed message');
      return;
    }
    if (type === MessageType.sync && sub === SyncStep.step1) this.answerSyncStep1(conn, payload);
    else if (type === MessageType.sync) this.acceptUpdate(conn, payload);
    else if (type === MessageType.awareness) this.acceptAwareness(conn, payload);
    else {
      const states = [...this.awareness.getStates().keys()];
      conn.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
    }
  }

  /** Applies a change made by the server for `userId` (REST), stores it and broadcasts it before returning. */
  change<T>(userId: string | null, fn: (doc: Y.Doc) => T): T {
    let result!: T;
    this.doc.transact(() => {
      result = fn(this.doc);
    }, new ServerWrite(userId));
    this.flush();
    return result;
  }

  private answerSyncStep1(conn: Connection, stateVector: Uint8Array): void {
    // Only what is durable goes out: commit anything applied earlier in this turn first.
    this.flush();
    let update: Uint8Array;
    try {
      update = Y.encodeStateAsUpdate(this.doc, stateVector);
    } catch {
      conn.close(CloseCode.protocolError, 'malformed state vector');
      return;
    }
    conn.send(syncStep2Message(update));
  }

  private refuse(conn: Connection, reason: string): void {
    conn.close(CloseCode.forbidden, closeReason(`update refused: ${reason}`));
  }

  private acceptUpdate(conn: Connection, update: Uint8Array): void {
    const analysis = analyzeUpdate(this.doc, update);
    if (analysis.ok && analysis.empty) return;
    const refusal = analysis.ok ? this.writeRefusal(conn, analysis.clients, analysis.roots) : analysis.reason;
    if (refusal || !analysis.ok) {
      this.refuse(conn, refusal ?? 'invalid update');
      return;
    }
    for (const client of analysis.clients) {
      if (this.bindings.has(client)) continue;
      this.bindings.set(client, conn.user.id);
      this.deps.clientIds.bind(this.reportId, client, conn.user.id);
    }
    const roots = [...analysis.roots];
    Y.applyUpdate(this.doc, update, new ClientWrite(conn, roots));
    this.deps.afterClientWrite?.(this, conn.user, roots);
  }

  /** Why this connection may not write these roots under these client ids, or null if it may. */
  private writeRefusal(conn: Connection, clients: Set<number>, roots: Set<string>): string | null {
    if (!canEdit(conn.role)) return `role ${conn.role} is read-only`;
    for (const client of clients) {
      const owner = this.bindings.get(client);
      if (owner !== undefined && owner !== conn.user.id) return `client id ${client} belongs to another user`;
    }
    const verdict = mayWriteRoots(this.doc, conn.role, conn.user.id, roots);
    return verdict.ok ? null : verdict.reason;
  }

  private acceptAwareness(conn: Connection, update: Uint8Array): void {
    let stamped: Uint8Array | null = null;
    try {
      conn.awarenessClientId ??= firstAwarenessClient(update);
      const clientId = conn.awarenessClientId;
      if (clientId === null) return;
      if ([...this.connections].some((other) => other !== conn && other.awarenessClientId === clientId)) {
        conn.close(CloseCode.forbidden, 'awareness client id in use by another connection');
        return;
      }
      const { id, displayName } = conn.user;
      stamped = stampAwareness(update, clientId, { id, name: displayName, color: userColor(id) });
    } catch {
      conn.close(CloseCode.protocolError, 'malformed awareness update');
      return;
    }
    if (stamped) awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped, conn);
  }

  private record(update: Uint8Array, origin: unknown, tr: Y.Transaction): void {
    if (origin instanceof ClientWrite) {
      this.pending.push({ update, userId: origin.conn.user.id, roots: origin.roots, from: origin.conn });
    } else if (origin instanceof ServerWrite) {
      this.pending.push({ update, userId: origin.userId, roots: changedRoots(tr), from: null });
    } else {
      return; // loading from storage
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Appends this turn's updates in one transaction, then broadcasts them: stored before anyone sees them. */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.lastSeq = this.deps.docs.append(this.reportId, batch);
    this.sinceCompaction += batch.length;
    this.broadcast(batch);
    if (this.sinceCompaction >= this.deps.compactEvery) this.compact();
  }

  private broadcast(batch: Pending[]): void {
    const toAll = updateMessage(
      batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update)),
    );
    const senders = new Set(batch.map((p) => p.from));
    const ack = ackMessage(Y.encodeStateVector(this.doc));
    for (const conn of this.connections) {
      if (!senders.has(conn)) conn.send(toAll);
      else {
        const others = batch.filter((p) => p.from !== conn).map((p) => p.update);
        if (others.length) conn.send(updateMessage(Y.mergeUpdates(others)));
      }
      if (conn.acks) conn.send(ack);
    }
  }

  /** Folds the log into a snapshot of the live doc (one transaction; later entries stay). */
  compact(): void {
    this.flush();
    if (this.sinceCompaction === 0) return;
    this.deps.docs.compact(this.reportId, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
    this.sinceCompaction = 0;
  }

  private relayAwareness(change: Record<string, number[]>, origin: unknown): void {
    const changed = [...change.added!, ...change.updated!, ...change.removed!];
    const message = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const conn of this.connections) if (conn !== origin) conn.send(message);
  }

  /** Closes every connection of `userId` (removed from the report). */
  closeUser(userId: string, code: number, reason: string): void {
    for (const conn of [...this.connections]) if (conn.user.id === userId) conn.close(code, reason);
  }

  /** Applies a role change to the user's open connections. */
  setRole(userId: string, role: Connection['role']): void {
    for (const conn of this.connections) if (conn.user.id === userId) conn.role = role;
  }

  destroy(): void {
    this.flush();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
