import type { ClientIdStore } from '../storage/client-ids.ts';

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

  constructor(
    private readonly reportId: string,
    private readonly store: ClientIdStore,
  ) {
    this.owners = store.load(reportId);
  }

  /** A client id among `clients` that belongs to someone other than `userId`, or null. */
  foreign(clients: Iterable<number>, userId: string): number | null {
    for (const client of clients) {
      const owner = this.owners.get(client);
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
    const owner = this.owners.get(clientId);
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
