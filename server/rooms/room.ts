import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.ts';
import { closeReason, MessageType, SyncStep } from '../../shared/protocol.ts';
import type { ClientIdStore } from '../storage/client-ids.ts';
import type { DocStore } from '../storage/types.ts';
import { AwarenessRelay } from './awareness-relay.ts';
import { ClientBindings } from './client-bindings.ts';
import { coalesceBySender, mergeMany, type Pending } from './coalesce.ts';
import type { Connection } from './connection.ts';
import { type Formatting, formattingOf, restoreFormatting } from './format-markers.ts';
import { ConnectionBudget, DEFAULT_INBOUND_LIMITS, type InboundLimits } from './inbound-limits.ts';
import { type LoadedDoc, loadAtOnce } from './load-doc.ts';
import { ackMessage, decodeFrame, syncStep1Message, updateMessage } from './messages.ts';
import { ClientWrite, changedAnything, changedRoots, ServerWrite } from './origins.ts';
import { canEdit, mayWriteRoots } from './policy.ts';
import { WriteQuotaCounters } from './report-quotas.ts';
import { StorageUnavailable } from './storage-unavailable.ts';
import { SyncReplies } from './sync-replies.ts';
import type { Turns } from './turns.ts';
import { analyzeUpdate } from './update-check.ts';
import {
  type CompactionPolicy,
  DEFAULT_COMPACTION,
  DEFAULT_RETRY,
  type RetryOptions,
  type TakenBatch,
  UpdateLog,
} from './update-log.ts';
import { UserBudgets } from './user-budget.ts';
import type { WriteQuotas } from './write-quotas.ts';

export interface RoomDeps {
  docs: DocStore;
  clientIds: ClientIdStore;
  /** When to fold the log into a snapshot (by default: once it is as large as the snapshot). */
  compaction?: Partial<CompactionPolicy>;
  /** Called after an accepted client update, e.g. to move a section from todo to drafting. */
  afterClientWrite?: (room: Room, user: Connection['user'], roots: string[]) => void;
  limits?: Partial<InboundLimits>;
  /** New client ids and format restores allowed per user and report (write-quotas.ts). */
  quotas?: Partial<WriteQuotas>;
  retry?: RetryOptions;
  /** Ends every room's turn together, in one transaction (turns.ts); without it, each room ends its own. */
  turns?: Turns;
  /** Cluster mode: another node took the report over; the room must go (its clients reconnect there). */
  onLost?: (room: Room) => void;
}

/**
 * One open report: its Y.Doc, awareness, the inbound pipeline (rate → type → role → analysis → client ids
 * → sections → apply → append → broadcast) and persistence calls. Sockets live elsewhere; the room sees
 * only `Connection`s. docs/enforcement.md and docs/reliability.md describe the guarantees.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly connections = new Set<Connection>();
  private readonly relay: AwarenessRelay;
  private readonly bindings: ClientBindings;
  private readonly log: UpdateLog<Pending>;
  private readonly limits: InboundLimits;
  private readonly quotas: WriteQuotaCounters;
  /** Answers to sync step 1, cached until the doc changes (see SyncReplies). */
  private readonly replies: SyncReplies;
  private turnScheduled = false;
  /** A compaction waiting for a quiet moment (compactSoon), and when the log last grew meanwhile. */
  private compactTimer: NodeJS.Timeout | null = null;
  private lastStoredAt = 0;
  /** Whether `onUpdate` listens to the doc's 'update' event (see beforeUpdateEvent). */
  private encoding = false;
  // Bound methods, not arrow functions: tsx names every arrow it can (esbuild keepNames), and a renamed
  // function keeps a 256-byte property dictionary, in every loaded room.
  private readonly onUpdate = this.record.bind(this);
  private destroyed = false;

  /**
   * `loaded`: the doc as the registry built it over several turns (load-doc.ts); without it, what is
   * stored is read and applied now.
   */
  constructor(
    readonly reportId: string,
    private readonly deps: RoomDeps,
    loaded?: LoadedDoc,
  ) {
    this.limits = settingsOf(deps).limits;
    this.quotas = settingsOf(deps).quotas;
    // Taken apart in a function of its own: in the constructor, the stored bytes would be kept alive
    // for the room's whole life by the closures created below, which share its scope.
    const { doc, log, replies } = begin(loaded ?? loadAtOnce(deps.docs.load(reportId), reportId));
    this.doc = doc;
    this.replies = replies;
    this.log = new UpdateLog<Pending>(
      reportId,
      deps.docs,
      log,
      {
        schedule: this.scheduleTurn.bind(this),
        coalesce: coalesceBySender,
        onStored: this.broadcast.bind(this),
        state: this.ackState.bind(this),
        onLost: () => deps.onLost?.(this),
      },
      settingsOf(deps).compaction,
      deps.retry ?? DEFAULT_RETRY,
    );
    this.bindings = new ClientBindings(reportId, deps.clientIds, this.doc);
    this.relay = new AwarenessRelay(
      this.doc,
      this.connections,
      () => this.scheduleTurn(),
      this.claim.bind(this),
    );
    this.doc.on('afterTransactionCleanup', (tr: Y.Transaction) => this.beforeUpdateEvent(tr));
  }

  get awareness() {
    return this.relay.awareness;
  }

  /** True while the store refuses appends: updates are held in memory, unrelayed and unacknowledged. */
  get storageFailing(): boolean {
    return this.log.failing;
  }

  /** Bytes of the cached full state (0 when none is held); for tests and diagnostics. */
  get cachedStateBytes(): number {
    return this.replies.bytes;
  }

  /** Whether everything applied to the doc is stored (a room that is not may not be unloaded). */
  get stored(): boolean {
    return this.log.unstoredBytes === 0;
  }

  /** Resolves once everything applied so far (e.g. a writer's last keystrokes) is stored. */
  whenStored(): Promise<void> {
    this.log.flush();
    return new Promise((resolve) => this.log.whenStored(resolve));
  }

  connect(conn: Connection): void {
    this.connections.add(conn);
    conn.send(syncStep1Message(Y.encodeStateVector(this.doc)));
    this.budget(conn).charge(this.relay.sendAll(conn));
  }

  disconnect(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    budgets.get(conn)?.dispose();
    this.relay.leave(conn);
  }

  private budget(conn: Connection): ConnectionBudget {
    let budget = budgets.get(conn);
    if (!budget) {
      budget = new ConnectionBudget(this.limits, settingsOf(this.deps).users.of(conn.user.id));
      budgets.set(conn, budget);
    }
    return budget;
  }

  /**
   * Handles one binary frame (already under the size cap) and returns 0, or, when the connection is over
   * its budget, leaves the frame untouched and returns the milliseconds until it can be taken: the caller
   * holds it (and stops reading the socket) and offers it again then. Anything malformed or refused
   * closes that connection only.
   */
  receive(conn: Connection, data: Uint8Array): number {
    const budget = this.budget(conn);
    const frame = decodeFrame(data);
    const step1 = frame?.type === MessageType.sync && frame.sub === SyncStep.step1;
    const wait = (step1 ? this.replies.wait(frame.payload, budget.user) : 0) || budget.frame(data.length);
    if (wait > 0) return wait;
    if (frame === null) {
      conn.close(CloseCode.protocolError, 'malformed message');
      return 0;
    }
    if (frame.type === MessageType.sync && frame.sub === SyncStep.step1)
      this.answerSyncStep1(conn, frame.payload);
    else if (frame.type === MessageType.sync) {
      const taken = this.acceptUpdate(conn, frame.payload, frame.sub === SyncStep.update);
      // A reconnecting client's step 2 may bring nothing new (its edits were stored, but the ack was
      // lost with the old socket): tell it what is stored, once whatever it brought is.
      if (taken && conn.acks && frame.sub === SyncStep.step2) {
        this.log.whenStoredExactly(() => {
          const ack = ackMessage(Y.encodeStateVector(this.doc));
          return () => conn.send(ack);
        });
      }
    } else if (frame.type === MessageType.awareness) this.relay.receive(conn, frame.payload, budget);
    else if (budget.answerQuery()) budget.charge(this.relay.sendAll(conn));
    return 0;
  }

  /**
   * Applies a change made by the server for `userId` (REST), stores it and broadcasts it before returning.
   * Throws StorageUnavailable (503) when storage is failing: before applying anything if it already was,
   * or after applying (the change is kept and stored on recovery) if this append is the first to fail.
   */
  change<T>(userId: string | null, fn: (doc: Y.Doc) => T): T {
    if (this.log.failing) throw new StorageUnavailable('storage is failing; nothing was changed, try later');
    let result!: T;
    this.doc.transact(() => {
      result = fn(this.doc);
    }, new ServerWrite(userId));
    // Stored now (SQLite), or in flight and stored shortly (PostgreSQL); failing means neither.
    this.log.flush();
    if (this.log.failing) {
      throw new StorageUnavailable('storage is failing; the change is kept in memory and saved on recovery');
    }
    return result;
  }

  private answerSyncStep1(conn: Connection, stateVector: Uint8Array): void {
    // Only what is durable goes out: commit anything applied earlier in this turn first, and while
    // storage fails, answer once it has recovered.
    this.log.flush();
    this.log.whenStoredExactly(() => this.stateReply(conn, stateVector));
  }

  /** The reply to a sync step 1, encoded now (when the doc holds only what is stored once it is sent). */
  private stateReply(conn: Connection, stateVector: Uint8Array): () => void {
    const budget = this.budget(conn);
    let reply: Uint8Array;
    try {
      reply = this.replies.reply(stateVector, budget.user);
    } catch {
      return () => conn.close(CloseCode.protocolError, 'malformed state vector');
    }
    // Replies count against the sender's byte budget, so asking again and again cannot amplify: the
    // asker's next frames wait until it has paid.
    budget.charge(reply.length);
    return () => conn.send(reply);
  }

  /** Binds the id a connection's presence speaks for (awareness-relay.ts), within the user's new-id quota. */
  private claim(conn: Connection, clientId: number): boolean {
    const over = this.quotas.takeNewIds(
      this.reportId,
      conn.user.id,
      this.bindings.unbound([clientId]).length,
    );
    if (over) {
      // Closed here with "try later"; the relay's own close for a false answer then finds it closed.
      conn.close(over.code, over.reason);
      return false;
    }
    return this.bindings.claim(clientId, conn.user.id);
  }

  private refuse(conn: Connection, reason: string): void {
    conn.close(CloseCode.forbidden, closeReason(`update refused: ${reason}`));
  }

  /** Checks and applies a client's update; false when it was refused (the connection is closing). */
  private acceptUpdate(conn: Connection, update: Uint8Array, isUpdateMessage: boolean): boolean {
    // A stock client sends update messages only for local changes; a read-only client's can only be
    // yjs's own cleanup of redundant format markers, which carries no structs (first varint 0) and is
    // checked below. Anything else is refused before the analysis. A sync step 2 may carry nothing new,
    // so a read-only role's step 2 waits for the analysis.
    if (isUpdateMessage && !canEdit(conn.role) && update[0] !== 0) {
      this.refuse(conn, `role ${conn.role} is read-only`);
      return false;
    }
    if (this.log.unstoredBytes + update.length > this.limits.maxUnstoredBytes) {
      conn.close(CloseCode.tryAgainLater, 'storage unavailable, try again later');
      return false;
    }
    const analysis = analyzeUpdate(this.doc, update);
    if (!isUpdateMessage) caughtUp.add(conn);
    // Until a client's sync step 2 arrives, its update messages may build on what the server lost in
    // a crash (never acknowledged, so the client still has it): a clock gap, say. Its step 2 carries all
    // of that, so such an update is dropped, not refused.
    if (!analysis.ok && analysis.missing && isUpdateMessage && !caughtUp.has(conn)) return true;
    if (analysis.ok && analysis.empty) return true;
    const refusal = analysis.ok ? this.writeRefusal(conn, analysis.clients, analysis.roots) : analysis.reason;
    if (refusal || !analysis.ok) {
      this.refuse(conn, refusal ?? 'invalid update');
      return false;
    }
    // Format markers deleted where this connection may not write: accepted, and the formatting they
    // changed put back right after, as a server write (see format-markers.ts), within the user's quota:
    // each restore adds markers for good, and a loop of deletions would grow the doc without end.
    const restore: Formatting[] = [];
    for (const [text, root] of analysis.markers) {
      if (!canEdit(conn.role) || !mayWriteRoots(this.doc, conn.role, conn.user.id, [root]).ok)
        restore.push(formattingOf(text));
    }
    if (restore.length > 0 && !this.quotas.mayRestore(this.reportId, conn.user.id)) {
      this.refuse(conn, 'too many formatting changes in text this user may not write');
      return false;
    }
    // Every new id stays in the state vector (sent with every sync and ack) and in client_ids for good.
    const over = this.quotas.takeNewIds(
      this.reportId,
      conn.user.id,
      this.bindings.unbound(analysis.clients).length,
    );
    if (over) {
      conn.close(over.code, over.reason);
      return false;
    }
    const newClients = this.bindings.bindForEdit(analysis.clients, conn.user.id);
    const roots = [...analysis.roots];
    // An update message is a stock client's transaction as it encoded it: stored and relayed as sent.
    const sent = isUpdateMessage ? update : null;
    Y.applyUpdate(this.doc, update, new ClientWrite(conn, roots, newClients, sent));
    if (restore.length > 0) {
      let runs = 0;
      this.doc.transact(() => {
        for (const formatting of restore) runs += restoreFormatting(formatting);
      }, new ServerWrite(null));
      this.quotas.restored(this.reportId, conn.user.id, runs);
    }
    try {
      this.deps.afterClientWrite?.(this, conn.user, roots);
    } catch (err) {
      if (!(err instanceof StorageUnavailable)) throw err;
    }
    return true;
  }

  /** Why this connection may not write these roots under these client ids, or null if it may. */
  private writeRefusal(conn: Connection, clients: Set<number>, roots: Set<string>): string | null {
    // No new content and nothing but format markers deleted (yjs cleaning up after a remote change, in
    // any client, even a read-only one): the formatting is restored where it may not write.
    if (clients.size === 0 && roots.size === 0) return null;
    if (!canEdit(conn.role)) return `role ${conn.role} is read-only`;
    const squatted = this.bindings.foreign(clients, conn.user.id);
    if (squatted !== null) return `client id ${squatted} belongs to another user or the server`;
    const verdict = mayWriteRoots(this.doc, conn.role, conn.user.id, roots);
    return verdict.ok ? null : verdict.reason;
  }

  /**
   * yjs encodes every transaction into an update, for the 'update' event, only while someone listens to
   * it; this runs just before that. A client's update message needs no encoding (the analysis made sure
   * it applies in full, so its bytes are the change), so the listener is off for it and on for anything
   * else: a sync step 2 (which repeats the client's whole delete set), server writes and yjs's own
   * follow-up transactions.
   */
  private beforeUpdateEvent(tr: Y.Transaction): void {
    const sent = tr.origin instanceof ClientWrite ? tr.origin.sent : null;
    if (sent === null) {
      if (!this.encoding) this.doc.on('update', this.onUpdate);
      this.encoding = true;
      return;
    }
    if (this.encoding) this.doc.off('update', this.onUpdate);
    this.encoding = false;
    if (changedAnything(tr)) this.record(sent, tr.origin, this.doc, tr);
  }

  /** Queues an applied update (the doc's 'update' listener, or called with a client's bytes as sent). */
  private record(update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void {
    this.replies.invalidate();
    if (origin instanceof ClientWrite) {
      const { conn, roots, newClients } = origin;
      this.log.add({ update, userId: conn.user.id, roots, clients: newClients, from: conn });
    } else if (origin instanceof ServerWrite) {
      this.log.add({ update, userId: origin.userId, roots: changedRoots(tr), from: null });
    } else {
      // A transaction yjs makes on its own right after applying a client's update: it removes formatting
      // marks made redundant by a remote change. Stored and relayed like the change itself, so disk and
      // clients match the live doc, and clients receive the marks already cleaned up.
      this.log.add({ update, userId: null, roots: changedRoots(tr), from: null });
    }
  }

  private scheduleTurn(): void {
    if (this.deps.turns) {
      this.deps.turns.schedule(this);
      return;
    }
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => {
      this.turnScheduled = false;
      if (!this.destroyed) this.flush();
    });
  }

  /**
   * Sends what this turn produced (normally called at its end): stores and relays the applied updates,
   * then the latest presence of everyone who moved, each socket corked so it all leaves in one write.
   * Returns whether everything applied is stored.
   */
  flush(): boolean {
    return this.deliver(() => this.log.flush());
  }

  /** Group commit (turns.ts): this turn's updates, taken to be appended with other rooms' in one transaction. */
  takeTurn(): TakenBatch<Pending> | null {
    return this.destroyed ? null : this.log.take();
  }

  /** Group commit: ends the turn with the commit's answer for what `takeTurn` gave (null: it gave nothing). */
  endTurn(settled: { batch: TakenBatch<Pending>; result: number | Error } | null): void {
    if (this.destroyed) return;
    this.deliver(() => (settled ? this.log.settle(settled.batch, settled.result) : this.log.flush()));
  }

  /** Runs `store` (which relays what it stored), then relays presence, with every socket corked. */
  private deliver(store: () => boolean): boolean {
    const corked = [...this.connections];
    for (const conn of corked) conn.cork();
    try {
      const stored = store();
      this.relay.flush();
      return stored;
    } finally {
      for (const conn of corked) conn.uncork();
    }
  }

  /**
   * Relays a stored batch (one entry per sender) to everyone but its sender, then acknowledges it. Each
   * client gets the turn as one update: applied in one transaction, it also carries the cleanup yjs
   * made of formatting marks the turn's changes made redundant (see `record`), which a client applying
   * the changes one by one would make itself, in sections it may not write.
   */
  private broadcast(batch: Pending[], stored: Uint8Array | null): void {
    const merged = (entries: Pending[]) => updateMessage(mergeMany(entries.map((e) => e.update)));
    const toAll = merged(batch);
    const senders = new Map<Connection, Pending>();
    for (const entry of batch) if (entry.from) senders.set(entry.from, entry);
    // The state vector taken as this batch was formed is exactly what is stored now (with PostgreSQL,
    // the doc may already hold more: what was applied while the append was in flight).
    let ack: Uint8Array | null = null;
    for (const conn of this.connections) {
      const own = senders.get(conn);
      if (!own) conn.send(toAll);
      else if (batch.length > 1) conn.send(merged(batch.filter((entry) => entry !== own)));
      if (!conn.acks || !stored) continue;
      ack ??= ackMessage(stored);
      conn.send(ack);
    }
    if (this.log.compactionDue) this.compactSoon();
  }

  /**
   * Compaction encodes the whole doc, so it never runs in the turn that relays keystrokes (the relayed
   * writes would wait behind it, corked): it runs in a timer of its own once the room has been quiet
   * for COMPACT_QUIET_MS, or COMPACT_MAX_DELAY_MS after it fell due if writers never pause.
   */
  private compactSoon(): void {
    this.lastStoredAt = performance.now();
    if (this.compactTimer) return;
    const due = this.lastStoredAt;
    const check = () => {
      const now = performance.now();
      const quietFor = now - this.lastStoredAt;
      if (quietFor < COMPACT_QUIET_MS && now - due < COMPACT_MAX_DELAY_MS) {
        this.compactTimer = setTimeout(check, COMPACT_QUIET_MS - quietFor).unref();
        return;
      }
      this.compactTimer = null;
      if (!this.destroyed) this.compact();
    };
    this.compactTimer = setTimeout(check, COMPACT_QUIET_MS).unref();
  }

  /** The doc's state vector for the acks of the batch being formed; encoded only if someone asks for acks. */
  private ackState(): Uint8Array | null {
    for (const conn of this.connections) if (conn.acks) return Y.encodeStateVector(this.doc);
    return null;
  }

  /**
   * Periodic upkeep (the registry's one timer for every room, rather than a timer per room): removes
   * presence not renewed in time, and drops the cached full state if nobody asked for it since last time.
   */
  sweep(now = Date.now()): void {
    this.relay.sweep(now);
    this.replies.sweep();
  }

  /** Folds the log into a snapshot of the live doc (one transaction; later entries stay). */
  compact(): void {
    this.log.compact(() => Y.encodeStateAsUpdate(this.doc));
  }

  /** Closes every connection of `userId` (removed from the report). */
  closeUser(userId: string, code: number, reason: string): void {
    for (const conn of [...this.connections]) if (conn.user.id === userId) conn.close(code, reason);
  }

  /** Applies a role change to the user's open connections. */
  setRole(userId: string, role: Connection['role']): void {
    for (const conn of this.connections) if (conn.user.id === userId) conn.role = role;
  }

  /** Last attempt to store, then frees the doc. Returns whether everything was stored. */
  destroy(): boolean {
    this.destroyed = true;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    const stored = this.log.close();
    for (const conn of this.connections) budgets.get(conn)?.dispose();
    this.relay.destroy();
    this.doc.destroy();
    return stored;
  }
}

/** How long a room must go without storing anything before a due compaction runs (compactSoon). */
export const COMPACT_QUIET_MS = 250;
/** The longest a due compaction waits for a quiet moment. */
export const COMPACT_MAX_DELAY_MS = 2000;

/**
 * Per-connection state kept for the room (a connection belongs to one room): module-wide rather than a
 * WeakMap and WeakSet in every room, which cost an idle report about 200 bytes.
 */
const budgets = new WeakMap<Connection, ConnectionBudget>();
/** Connections whose sync step 2 has arrived (see acceptUpdate). */
const caughtUp = new WeakSet<Connection>();

/** Limits and compaction policy with defaults filled in: worked out once per deps object, shared by its rooms. */
const settings = new WeakMap<
  RoomDeps,
  { limits: InboundLimits; compaction: CompactionPolicy; quotas: WriteQuotaCounters; users: UserBudgets }
>();

function settingsOf(deps: RoomDeps) {
  let found = settings.get(deps);
  if (!found) {
    const limits = { ...DEFAULT_INBOUND_LIMITS, ...deps.limits };
    // Budgets are per user across every room sharing these deps (the registry's: the whole process).
    found = {
      limits,
      compaction: { ...DEFAULT_COMPACTION, ...deps.compaction },
      quotas: new WriteQuotaCounters(deps.quotas),
      users: new UserBudgets(limits),
    };
    settings.set(deps, found);
  }
  return found;
}

/**
 * A loaded report's doc, log and sync replies: the stored full state it was built from answers the
 * first joiner, which encoding the doc would cost 30–160 ms of CPU at the import limits.
 */
function begin({ doc, log, fullState }: LoadedDoc) {
  const replies = new SyncReplies(doc);
  if (fullState) replies.prime(fullState);
  return { doc, log, replies };
}
