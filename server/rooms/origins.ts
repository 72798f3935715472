import * as Y from 'yjs';
import type { Connection } from './connection.ts';

/** Transaction origin of an update a client sent and the room accepted. */
export class ClientWrite {
  constructor(
    readonly conn: Connection,
    readonly roots: string[],
    /** Client ids this update binds to its user for the first time (stored with it). */
    readonly newClients: number[],
    /** The update as the client sent it, when it can be stored and relayed as is (see Room.record). */
    readonly sent: Uint8Array | null = null,
  ) {}
}

/** Transaction origin of a change the server made on a user's behalf (REST). */
export class ServerWrite {
  constructor(readonly userId: string | null) {}
}

// biome-ignore lint/suspicious/noExplicitAny: Yjs types are invariant in their event type
type AnyType = Y.AbstractType<any>;

/** Root type names a transaction changed (for server-made changes; clients' come from the update check). */
export function changedRoots(transaction: Y.Transaction): string[] {
  const roots = new Set<string>();
  for (const type of transaction.changed.keys()) {
    let root: AnyType = type;
    while (root._item) root = root._item.parent as AnyType;
    roots.add(Y.findRootTypeKey(root));
  }
  return [...roots];
}

/** Whether a transaction added or deleted anything (yjs emits no 'update' for one that did not). */
export function changedAnything(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}
