import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol.ts';
import { userColor } from '../../shared/user-color.ts';
import { firstAwarenessClient, stampAwareness } from './awareness-stamp.ts';
import type { Connection } from './connection.ts';
import type { ConnectionBudget } from './inbound-limits.ts';
import { awarenessMessage } from './messages.ts';

/** One client's change since the last flush: who made it, and the entry applied (null: encode afresh). */
interface Change {
  from: unknown;
  entry: Uint8Array | null;
}

/**
 * A room's awareness (carets, who is here). Each connection speaks for one awareness client id, bound on
 * first use; its states are stamped with the signed-in user; at most `awarenessRate` of its updates are
 * applied per second: extras are coalesced, the latest one applied when the rate allows. Changes are
 * relayed at the end of the turn (`flush`), the latest state of every client that moved in one message.
 */
export class AwarenessRelay {
  /** Made on first use (`awareness`): a report nobody sends presence to keeps none (≈ 1 KB). */
  private presence: awarenessProtocol.Awareness | null = null;
  /**
   * Client ids whose state changed since the last flush, each with the connection that changed it last
   * and, when that was one applied entry, its bytes.
   */
  private changed: Map<number, Change> | null = null;
  /** The one-entry update being applied (see `apply`), for `note` to keep with the change. */
  private applying: Uint8Array | null = null;
  /** Every current state as one message (what `sendAll` sends), until awareness changes. */
  private all: Uint8Array | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly connections: ReadonlySet<Connection>,
    /** Asks for `flush()` at the end of this turn. */
    private readonly schedule: () => void,
    /**
     * Called when a connection first speaks for an awareness client id (the provider's doc client id):
     * false if that id belongs to another user. Binding it at once keeps others, who learn the id from
     * this very awareness state, from squatting it before its owner's first edit.
     */
    private readonly claim: (conn: Connection, clientId: number) => boolean = () => true,
  ) {}

  /** The room's y-protocols Awareness, made when first needed. */
  get awareness(): awarenessProtocol.Awareness {
    if (this.presence) return this.presence;
    const awareness = new awarenessProtocol.Awareness(this.doc);
    // Its own 3-second timer, per loaded report, is replaced by `sweep`, run by one timer for all rooms
    // (and let go of: a cleared timer it still referenced would stay in memory as long as the room).
    clearInterval(awareness._checkInterval);
    awareness._checkInterval = null;
    awareness.setLocalState(null);
    awareness.on('update', (change: Record<string, number[]>, origin: unknown) => this.note(change, origin));
    this.presence = awareness;
    return awareness;
  }

  /**
   * Sends every current state to `conn` (on connect, and for a query-awareness message); returns the
   * bytes sent, for the asker's budget. Encoded once until awareness changes.
   */
  sendAll(conn: Connection): number {
    if (!this.presence) return 0; // nobody has been present yet
    if (this.all === null) {
      const states = [...this.awareness.getStates().keys()];
      this.all = states.length
        ? awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states))
        : new Uint8Array();
    }
    if (this.all.length > 0) conn.send(this.all);
    return this.all.length;
  }

  /** Handles one awareness message from `conn`. */
  receive(conn: Connection, update: Uint8Array, budget: ConnectionBudget): void {
    let stamped: Uint8Array | null = null;
    try {
      if (conn.awarenessClientId === null) {
        const first = firstAwarenessClient(update);
        if (first === null) return;
        if (!this.claim(conn, first)) {
          conn.close(CloseCode.forbidden, `client id ${first} belongs to another user`);
          return;
        }
        conn.awarenessClientId = first;
      }
      const clientId = conn.awarenessClientId;
      for (const other of this.connections) {
        if (other === conn || other.awarenessClientId !== clientId) continue;
        // The same user's client reconnecting while its old socket is not yet known dead (half-open):
        // the new socket takes the id over; the old one keeps nothing to remove when it goes.
        if (other.user.id === conn.user.id) other.awarenessClientId = null;
        else {
          conn.close(CloseCode.forbidden, 'awareness client id in use by another connection');
          return;
        }
      }
      const { id, displayName } = conn.user;
      stamped = stampAwareness(update, clientId, { id, name: displayName, color: userColor(id) });
    } catch {
      conn.close(CloseCode.protocolError, 'malformed awareness update');
      return;
    }
    if (!stamped) return;
    if (budget.awarenessTimer === null && budget.awareness.take()) {
      this.apply(conn, stamped);
      return;
    }
    // Over the rate: keep only the latest (it speaks for the same client id, so it supersedes the rest).
    budget.heldAwareness = stamped;
    budget.awarenessTimer ??= this.later(conn, budget);
  }

  /** Removes the state `conn` spoke for (it disconnected). */
  leave(conn: Connection): void {
    if (conn.awarenessClientId !== null && this.presence) {
      awarenessProtocol.removeAwarenessStates(this.presence, [conn.awarenessClientId], null);
    }
  }

  /**
   * Removes the states of clients that have not renewed theirs within y-protocols' timeout (30 s; a
   * provider renews every 15 s), as the Awareness's own timer would: a client gone without a close.
   */
  sweep(now: number): void {
    const awareness = this.presence;
    if (!awareness) return;
    const outdated: number[] = [];
    for (const [clientId, meta] of awareness.meta) {
      if (now - meta.lastUpdated >= awarenessProtocol.outdatedTimeout && awareness.states.has(clientId))
        outdated.push(clientId);
    }
    if (outdated.length > 0) awarenessProtocol.removeAwarenessStates(awareness, outdated, 'timeout');
  }

  destroy(): void {
    this.presence?.destroy();
  }

  private release(conn: Connection, budget: ConnectionBudget): void {
    budget.awarenessTimer = null;
    const held = budget.heldAwareness;
    budget.heldAwareness = null;
    if (!held || !this.connections.has(conn)) return;
    if (budget.awareness.take()) this.apply(conn, held);
    else {
      budget.heldAwareness = held;
      budget.awarenessTimer = this.later(conn, budget);
    }
  }

  private later(conn: Connection, budget: ConnectionBudget): NodeJS.Timeout {
    const timer = setTimeout(() => this.release(conn, budget), budget.awareness.msUntil());
    timer.unref();
    return timer;
  }

  private apply(conn: Connection, stamped: Uint8Array): void {
    // One entry (what a provider sends), applied as is: its bytes are then exactly what the
    // awareness would encode for that client, so `flush` relays them instead of encoding again.
    this.applying = stamped[0] === 1 ? stamped : null;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped, conn);
    } catch {
      conn.close(CloseCode.protocolError, 'malformed awareness update');
    } finally {
      this.applying = null;
    }
  }

  private note(change: Record<string, number[]>, origin: unknown): void {
    this.all = null;
    for (const ids of [change.added!, change.updated!, change.removed!])
      for (const id of ids) {
        this.changed ??= new Map();
        this.changed.set(id, { from: origin, entry: this.applying });
      }
    this.schedule();
  }

  /** Relays the current state of every client that changed since the last flush, to everyone else. */
  flush(): void {
    if (!this.changed) return;
    const changed = this.changed;
    this.changed = null;
    const ids = [...changed.keys()];
    const message = this.encode(changed, ids);
    for (const conn of this.connections) {
      const own = conn.awarenessClientId;
      if (own === null || changed.get(own)?.from !== conn) conn.send(message);
      else if (ids.length > 1) {
        // Not its own update back: the client knows it, and the echo would cost every typist a frame.
        conn.send(
          this.encode(
            changed,
            ids.filter((id) => id !== own),
          ),
        );
      }
    }
  }

  /** The awareness message for `ids`: their applied entries joined as received, or encoded afresh. */
  private encode(changed: Map<number, Change>, ids: number[]): Uint8Array {
    const entries: Uint8Array[] = [];
    for (const id of ids) {
      const entry = changed.get(id)?.entry;
      if (!entry) return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
      entries.push(entry);
    }
    if (entries.length === 1) return awarenessMessage(entries[0]!);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, entries.length);
    // Each entry is a one-entry update: its count (the byte 1) dropped, the rest as it came.
    for (const entry of entries) encoding.writeUint8Array(encoder, entry.subarray(1));
    return awarenessMessage(encoding.toUint8Array(encoder));
  }
}
