import * as Y from 'yjs';
import { syncStep2Message } from './messages.ts';
import type { UserBudget } from './user-budget.ts';

/** Replies kept per room: the empty state vector's (every fresh client) and a few reconnecting ones'. */
const MAX_CACHED = 4;
/** An encoding that took less than this (a small report) is not worth spacing out. */
const COSTLY_MS = 10;
/** A costly encoding is followed by twice its time without another: such work takes at most a third of the loop. */
const SPACING = 2;

/**
 * A room's answers to sync step 1: the encoded sync step 2 message for a state vector, cached until the
 * doc changes (a reconnect storm asks for the same few again and again; so does a hostile flood), and
 * costly encodings spaced out. Encoding is a walk over the whole report (its delete set, at least), tens
 * of milliseconds on a large one, so one that missed the cache and took over COSTLY_MS makes the next
 * miss, in this room and by the same user, wait twice as long as it took: the event loop is never held
 * by such requests back to back, and they take at most a third of it. The sweep drops what nobody
 * asked for since the last sweep: an idle report holds no second, encoded copy of itself.
 */
export class SyncReplies {
  private readonly cache = new Map<string, { message: Uint8Array; updateBytes: number }>();
  private asked = false;
  private busyUntil = 0;

  constructor(private readonly doc: Y.Doc) {}

  /** Milliseconds before a step 1 with `stateVector` may be answered by `user` (0: now, or malformed). */
  wait(stateVector: Uint8Array, user: UserBudget): number {
    let k: string;
    try {
      k = key(this.normalize(stateVector));
    } catch {
      return 0; // refused when answered
    }
    if (this.cache.has(k)) return 0;
    return Math.max(user.busyFor(), Math.ceil(this.busyUntil - user.now()));
  }

  /** The sync step 2 message answering `stateVector`; throws on a malformed state vector. */
  reply(stateVector: Uint8Array, user: UserBudget): Uint8Array {
    this.asked = true;
    const normal = this.normalize(stateVector);
    const k = key(normal);
    const hit = this.cache.get(k);
    if (hit) return hit.message;
    const started = user.now();
    const update = Y.encodeStateAsUpdate(this.doc, normal);
    const message = syncStep2Message(update);
    const done = user.now();
    if (done - started >= COSTLY_MS) {
      this.busyUntil = done + SPACING * (done - started);
      user.busyUntil = this.busyUntil;
    }
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(k, { message, updateBytes: update.length });
    return message;
  }

  /**
   * The state vector as far as it matters to this doc, in one canonical encoding: clients the doc has
   * not seen, and clocks of 0, change nothing in the reply, and a clock past the doc's is the doc's. So
   * every state vector asking for the same answer shares one cache entry (an empty one, a fresh client's
   * with its own id, an attacker's made-up ids).
   */
  private normalize(stateVector: Uint8Array): Uint8Array {
    const asked = Y.decodeStateVector(stateVector);
    const known = new Map<number, number>();
    for (const client of [...asked.keys()].sort((a, b) => a - b)) {
      const have = Y.getState(this.doc.store, client);
      const clock = Math.min(asked.get(client)!, have);
      if (clock > 0) known.set(client, clock);
    }
    return Y.encodeStateVector(known);
  }

  /**
   * `fullState` holds exactly what the doc holds (the stored bytes it was just loaded from): the reply
   * to the empty state vector (a fresh client's), without encoding the doc.
   */
  prime(fullState: Uint8Array): void {
    this.cache.set(key(EMPTY_STATE_VECTOR), {
      message: syncStep2Message(fullState),
      updateBytes: fullState.length,
    });
  }

  /** The doc changed: every cached reply is stale. */
  invalidate(): void {
    if (this.cache.size > 0) this.cache.clear();
  }

  /** Drops the cache if nobody asked since the last sweep. */
  sweep(): void {
    if (!this.asked) this.invalidate();
    this.asked = false;
  }

  /** Bytes of the cached updates (tests, diagnostics). */
  get bytes(): number {
    let sum = 0;
    for (const entry of this.cache.values()) sum += entry.updateBytes;
    return sum;
  }
}

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Map());

const key = (stateVector: Uint8Array) =>
  Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.length).toString('latin1');
