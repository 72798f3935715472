/**
 * "Saved, for real": which parts of the doc the server has stored, as a state vector (client id →
 * clock), against what this browser holds. With `?acks=1` the server sends the state vector it
 * has durably stored after each commit (message type 100); updates it relays were stored before
 * it relayed them; and its sync step 1 on connect names what it already has. Everything typed
 * here is saved once the acknowledged vector covers the local doc's.
 */
import * as Y from 'yjs';

/** A state vector: the next clock of every client id. */
export type StateVector = Map<number, number>;

/** Per-client maximum of two state vectors (a new map). */
export function mergeVectors(a: StateVector, b: StateVector): StateVector {
  const out = new Map(a);
  for (const [client, clock] of b) if ((out.get(client) ?? 0) < clock) out.set(client, clock);
  return out;
}

/** Does `acked` include everything in `local`? */
export function covers(acked: StateVector, local: StateVector): boolean {
  for (const [client, clock] of local) if ((acked.get(client) ?? 0) < clock) return false;
  return true;
}

/** What the status line says about the user's edits. */
export type SaveStatus = 'connecting' | 'saved' | 'saving' | 'offline';

/** The status line, from the connection and whether the acknowledged state covers the doc. */
export function saveStatus(c: {
  connected: boolean;
  synced: boolean;
  everConnected: boolean;
  saved: boolean;
}): SaveStatus {
  if (!c.connected) return c.everConnected ? 'offline' : 'connecting';
  if (!c.synced) return 'connecting';
  return c.saved ? 'saved' : 'saving';
}

/** Tracks the server's stored state for one doc. */
export class SaveTracker {
  private acked: StateVector = new Map();

  constructor(private readonly doc: Y.Doc) {}

  /** The server stored (or already had) everything up to this encoded state vector. */
  ack(encoded: Uint8Array): void {
    this.acked = mergeVectors(this.acked, Y.decodeStateVector(encoded));
  }

  /**
   * A transaction that applied an update from the server, which relays only what it has stored:
   * the clients it advanced are stored up to where they now stand.
   */
  ackTransaction(tr: Y.Transaction): void {
    const advanced: StateVector = new Map();
    for (const [client, clock] of tr.afterState)
      if (clock > (tr.beforeState.get(client) ?? 0)) advanced.set(client, clock);
    this.acked = mergeVectors(this.acked, advanced);
  }

  /** What the server has acknowledged storing, as a state vector (a copy). */
  get ackedVector(): StateVector {
    return new Map(this.acked);
  }

  /** Is everything in the local doc stored on the server? */
  get saved(): boolean {
    return covers(this.acked, Y.decodeStateVector(Y.encodeStateVector(this.doc)));
  }
}
