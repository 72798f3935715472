/**
 * What stays open under a session after the request that authenticated it: WebSockets and
 * notification streams. Logging out runs their closers, so a signed-out session cannot keep writing
 * or reading through a socket it opened before. Keyed by the session's token hash: the same user's
 * other sessions (another browser, another device) are not affected.
 */
export class SessionClosers {
  private readonly bySession = new Map<string, Set<() => void>>();

  /** Registers `close` for the session; returns the function that forgets it (call when it closed anyway). */
  hold(tokenHash: string, close: () => void): () => void {
    let set = this.bySession.get(tokenHash);
    if (!set) {
      set = new Set();
      this.bySession.set(tokenHash, set);
    }
    set.add(close);
    return () => {
      set.delete(close);
      if (set.size === 0 && this.bySession.get(tokenHash) === set) this.bySession.delete(tokenHash);
    };
  }

  /** Closes everything the session holds open. */
  closeAll(tokenHash: string): void {
    const set = this.bySession.get(tokenHash);
    this.bySession.delete(tokenHash);
    for (const close of set ?? []) close();
  }

  /** Open things held, for tests and diagnostics. */
  get size(): number {
    let n = 0;
    for (const set of this.bySession.values()) n += set.size;
    return n;
  }
}
