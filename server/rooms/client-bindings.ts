import type * as Y from 'yjs';
import type { ClientIdStore } from '../storage/client-ids.ts';

/** Owner of the ids the server writes under (never a user id: those are never empty). */
const SERVER = '';

/**
 * Which user each Yjs client id of a report belongs to: bound by a first edit (stored with that edit,
 * in its transaction) or by a first awareness state (stored at once), so authorship cannot be forged
 * and nobody can squat another user's id.
 */
export class ClientBindings {
  private readonly owners: Map<number, string>;
  /**
   * Ids claimed through awareness whose binding could not be stored yet: stored with their first edit.
   * Created when first needed (storage failing): every loaded report would otherwise hold an empty set.
   */
  private unstored: Set<number> | null = null;

  /**
   * `doc` is the room's doc, loaded: the ids the server writes under are reserved, so no user can bind
   * them (and pass off their writes as the server's, or have the server's later writes attributed to
   * them): the doc's own `clientID` (read when asked: it is the server's whatever it is set to), and
   * every id the loaded doc holds content under with no owner. A user's id is always bound by the time
   * its content is stored (in the same transaction), so those are the server's ids of earlier loads.
   */
  constructor(
    private readonly reportId: string,
    private readonly store: ClientIdStore,
    private readonly doc: Y.Doc,
  ) {
    this.owners = store.load(reportId);
    for (const client of doc.store.clients.keys())
      if (!this.owners.has(client)) this.owners.set(client, SERVER);
  }

  private ownerOf(client: number): string | undefined {
    return client === this.doc.clientID ? SERVER : this.owners.get(client);
  }

  /** The ids among `clients` that are bound to nobody yet. */
  unbound(clients: Iterable<number>): number[] {
    const fresh: number[] = [];
    for (const client of clients) if (this.ownerOf(client) === undefined) fresh.push(client);
    return fresh;
  }

  /** A client id among `clients` that belongs to someone other than `userId` (or to the server), or null. */
  foreign(clients: Iterable<number>, userId: string): number | null {
    for (const client of clients) {
      const owner = this.ownerOf(client);
      if (owner !== undefined && owner !== userId) return client;
    }
    return null;
  }

  /** Binds `clients` to `userId` and returns those whose binding must be stored with this edit. */
  bindForEdit(clients: Iterable<number>, userId: string): number[] {
    const fresh: number[] = [];
    for (const client of clients) {
      if (this.unstored?.delete(client)) fresh.push(client);
      else if (!this.owners.has(client)) fresh.push(client);
      this.owners.set(client, userId);
    }
    return fresh;
  }

  /** Binds an id announced through awareness to `userId`; false if it belongs to someone else. */
  claim(clientId: number, userId: string): boolean {
    const owner = this.ownerOf(clientId);
    if (owner !== undefined) return owner === userId;
    this.owners.set(clientId, userId);
    try {
      this.store.bind(this.reportId, clientId, userId);
    } catch {
      // Storage failing: the binding holds while the room is loaded, and is stored with a first edit.
      this.unstored ??= new Set();
      this.unstored.add(clientId);
    }
    return true;
  }
}
