import { CloseCode } from '../../shared/protocol.ts';
import type { Config } from '../config.ts';
import { splitOffThread } from '../import-export/parse-off-thread.ts';
import type { Stores } from '../storage/index.ts';
import type { Connection } from './connection.ts';
import { type LoadedDoc, loadAtOnce, loadInPieces, type SplitStored, tooLargeAtOnce } from './load-doc.ts';
import { Room, type RoomDeps } from './room.ts';
import { Turns } from './turns.ts';

/** How often every room is swept (`Room.sweep`): y-protocols checks presence timeouts this often. */
export const SWEEP_INTERVAL_MS = 3000;

/** Called when a room is loaded, and before it is unloaded (e.g. to follow its edits for history). */
export interface RoomLifecycle {
  onLoad?: (room: Room) => void;
  beforeUnload?: (room: Room) => void;
}

/**
 * The live rooms: one per open report, loaded on first use and unloaded after the last client has been
 * gone a while. `open` loads a large report over several turns (load-doc.ts) and is what sockets and
 * REST calls use; `get` loads at once (storage reads are synchronous), for callers that cannot wait.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  /** Reports being loaded over several turns, by `open`. */
  private readonly opening = new Map<string, Promise<Room>>();
  /** Shut down (`closeAll`): a load still under way when it finishes adds no room. */
  private closed = false;
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  /** How many times a room was loaded from storage (observable in tests). */
  loads = 0;
  /** One deps object shared by every room, rather than a copy kept by each loaded report. */
  private readonly roomDeps: RoomDeps;
  private readonly sweeper: NodeJS.Timeout;
  private readonly lifecycle: RoomLifecycle;
  private readonly docs: Stores['docs'];

  constructor(
    stores: Stores,
    private readonly config: Config,
    { onLoad, beforeUnload, ...hooks }: Pick<RoomDeps, 'afterClientWrite'> & RoomLifecycle = {},
    /** Cuts a large stored doc into pieces to load (a worker thread's job). */
    private readonly split: SplitStored = splitOffThread,
  ) {
    this.roomDeps = {
      docs: stores.docs,
      clientIds: stores.clientIds,
      limits: config.limits,
      quotas: config.quotas,
      turns: new Turns(stores.docs, config.commitWindowMs),
      ...hooks,
      onLost: (room) => this.drop(room),
    };
    this.lifecycle = { onLoad, beforeUnload };
    stores.docs.onLost = (reportId) => {
      const room = this.rooms.get(reportId);
      if (room) this.drop(room);
    };
    this.docs = stores.docs;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** Upkeep of every loaded room (see `Room.sweep`). */
  sweep(now = Date.now()): void {
    for (const room of this.rooms.values()) room.sweep(now);
  }

  /**
   * The room of a report, loading it at once if needed (a large report holds the event loop while it
   * is applied: prefer `open`). Schedules an unload if nobody connects.
   */
  get(reportId: string): Room {
    return this.rooms.get(reportId) ?? this.add(new Room(reportId, this.roomDeps));
  }

  /**
   * The room of a report once it is loaded: a large one over several turns, its doc cut into pieces
   * off the event loop (load-doc.ts). Rejects as `get` throws (cluster mode: NotOwner; storage failing).
   */
  open(reportId: string): Promise<Room> {
    const room = this.rooms.get(reportId);
    if (room) return Promise.resolve(room);
    let opening = this.opening.get(reportId);
    if (!opening) {
      opening = this.loadInPieces(reportId).finally(() => this.opening.delete(reportId));
      this.opening.set(reportId, opening);
    }
    return opening;
  }

  private async loadInPieces(reportId: string): Promise<Room> {
    const stored = this.docs.load(reportId);
    if (!tooLargeAtOnce(stored))
      return this.add(new Room(reportId, this.roomDeps, loadAtOnce(stored, reportId)));
    const loaded: LoadedDoc = await loadInPieces(stored, reportId, this.split);
    // Loaded at once meanwhile (`get`): that room it is.
    const room = this.rooms.get(reportId);
    if (room || this.closed) loaded.doc.destroy();
    if (room) return room;
    if (this.closed) throw new Error('server shutting down');
    return this.add(new Room(reportId, this.roomDeps, loaded));
  }

  private add(room: Room): Room {
    this.lifecycle.onLoad?.(room);
    this.loads++;
    this.rooms.set(room.reportId, room);
    this.scheduleUnload(room);
    return room;
  }

  /** The room if it is loaded; REST reads use it to see the live doc without loading one. */
  peek(reportId: string): Room | undefined {
    return this.rooms.get(reportId);
  }

  connect(reportId: string, conn: Connection): Room {
    const room = this.get(reportId);
    clearTimeout(this.idleTimers.get(reportId));
    this.idleTimers.delete(reportId);
    room.connect(conn);
    return room;
  }

  disconnect(room: Room, conn: Connection): void {
    room.disconnect(conn);
    this.scheduleUnload(room);
  }

  private scheduleUnload(room: Room): void {
    if (room.connections.size > 0 || this.idleTimers.has(room.reportId)) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.reportId);
      if (room.connections.size > 0 || this.rooms.get(room.reportId) !== room) return;
      // Updates that could not be stored yet live only in this room: keep it until they are.
      if (room.stored) this.unload(room);
      else this.scheduleUnload(room);
    }, this.config.roomIdleMs);
    timer.unref();
    this.idleTimers.set(room.reportId, timer);
  }

  private unload(room: Room, compact = true): void {
    this.lifecycle.beforeUnload?.(room);
    if (compact) room.compact();
    room.destroy();
    this.rooms.delete(room.reportId);
    this.docs.release?.(room.reportId);
  }

  /**
   * Cluster mode: another node owns the report now (or this one could not renew its lease in time).
   * The room goes without storing anything more (nothing unstored was acknowledged); its clients get
   * 1012 and reconnect, to the new owner, resending what they have.
   */
  drop(room: Room): void {
    if (this.rooms.get(room.reportId) !== room) return;
    clearTimeout(this.idleTimers.get(room.reportId));
    this.idleTimers.delete(room.reportId);
    this.rooms.delete(room.reportId);
    for (const conn of [...room.connections]) conn.close(CloseCode.serviceRestart, 'report moved, reconnect');
    room.destroy();
  }

  /** Every loaded room (shutdown waits for them to be stored). */
  all(): Room[] {
    return [...this.rooms.values()];
  }

  /** Applies `fn` to every open connection of a user in a report (role changes, removal). */
  forUser(reportId: string, fn: (room: Room) => void): void {
    const room = this.rooms.get(reportId);
    if (room) fn(room);
  }

  get size(): number {
    return this.rooms.size;
  }

  /**
   * Shutdown: flush and compact every room, close every socket with 1001. Cluster mode skips the
   * compaction (`compact` false): each report's lease is released right after its last writes, so the
   * next owner serves it at once (and compacts it itself later).
   */
  closeAll(compact = true): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const room of [...this.rooms.values()]) {
      for (const conn of [...room.connections]) conn.close(CloseCode.goingAway, 'server shutting down');
      this.unload(room, compact);
    }
  }
}
