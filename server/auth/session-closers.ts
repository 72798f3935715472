/** Something kept open under a session, which logging out ends. */
export interface SessionHolder {
  endSession(): void;
}

/**
 * What stays open under a session after the request that authenticated it: WebSockets and
 * notification streams. Logging out ends them, so a signed-out session cannot keep writing or reading
 * through a socket it opened before. Keyed by the session's token hash: the same user's other sessions
 * (another browser, another device) are not affected. Holders are objects rather than closures: every
 * idle socket keeps its entry for its whole life, and a method costs nothing per socket.
 */
export class SessionClosers {
  private readonly bySession = new Map<string, Set<SessionHolder>>();

  /** Registers `holder` under the session (until `forget`, or until the session ends). */
  hold(tokenHash: string, holder: SessionHolder): void {
    let set = this.bySession.get(tokenHash);
    if (!set) {
      set = new Set();
      this.bySession.set(tokenHash, set);
    }
    set.add(holder);
  }

  /** Forgets `holder` (it closed anyway); idempotent. */
  forget(tokenHash: string, holder: SessionHolder): void {
    const set = this.bySession.get(tokenHash);
    if (!set?.delete(holder)) return;
    if (set.size === 0) this.bySession.delete(tokenHash);
  }

  /** Ends everything the session holds open. */
  closeAll(tokenHash: string): void {
    const set = this.bySession.get(tokenHash);
    this.bySession.delete(tokenHash);
    for (const holder of set ?? []) holder.endSession();
  }

  /** Open things held, for tests and diagnostics. */
  get size(): number {
    let n = 0;
    for (const set of this.bySession.values()) n += set.size;
    return n;
  }
}
