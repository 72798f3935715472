import type { DocStore } from '../storage/types.ts';
import type { Room } from './room.ts';

/**
 * The end of the event-loop turn for every room at once (group commit): what all rooms applied in this
 * turn is appended in one SQLite transaction, and only after its COMMIT does each room relay and
 * acknowledge its share (and then its presence, each socket corked). One transaction per turn for the
 * whole process, rather than one per room: its BEGIN/COMMIT, locks and WAL writes are the largest fixed
 * cost of a keystroke.
 *
 * `windowMs` (COMMIT_WINDOW_MS) bounds how often that happens while the store is busy: a turn due less
 * than `windowMs` after the last commit waits until then, so keystrokes arriving meanwhile share its
 * transaction and its writes to every socket. 0 (the default) never waits.
 *
 * Stores without `appendAll` (PostgreSQL, asynchronous with its own group commit, see UpdateLog) keep
 * one append per room.
 */
export class Turns {
  private readonly due = new Set<Room>();
  private scheduled = false;
  private lastCommit = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly docs: DocStore,
    private readonly windowMs = 0,
  ) {}

  /** Asks for `room`'s turn to end with this one (or, while the store is busy, within `windowMs`). */
  schedule(room: Room): void {
    this.due.add(room);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastCommit + this.windowMs - performance.now();
    if (wait >= 1) setTimeout(() => this.run(), wait);
    else setImmediate(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    const rooms = [...this.due];
    this.due.clear();
    const taken = this.docs.appendAll ? rooms.map((room) => room.takeTurn()) : [];
    const batches = taken.filter((t) => t !== null);
    let results: (number | Error)[] = [];
    if (batches.length > 0) {
      try {
        results = this.docs.appendAll!(batches);
      } catch (err) {
        // Nothing was written: every batch is kept and retried by its room (with backoff).
        const failure = err instanceof Error ? err : new Error(String(err));
        results = batches.map(() => failure);
      }
      this.lastCommit = performance.now();
    }
    let next = 0;
    rooms.forEach((room, i) => {
      const batch = taken[i] ?? null;
      const settled = batch === null ? null : { batch, result: results[next++]! };
      try {
        room.endTurn(settled);
      } catch (err) {
        // One room's failure to relay must not leave the others' stored batches unsettled.
        console.error(`coreport: report ${room.reportId}: ending the turn failed:`, err);
      }
    });
  }
}
