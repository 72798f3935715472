import type * as Y from 'yjs';
import { sectionOfRoot } from '../../shared/layout.ts';
import { ClientWrite, changedRoots, ServerWrite } from '../rooms/origins.ts';
import type { Room } from '../rooms/room.ts';
import type { Version, VersionKind, VersionStore } from '../storage/versions.ts';
import { diffChain } from './diff.ts';
import { EMPTY_SECTION, readableNode, type SectionJson, sectionJson } from './section-content.ts';

export interface HistoryTiming {
  /** A burst of edits becomes a version after this long without edits… */
  idleMs: number;
  /** …or after this long of editing. */
  maxMs: number;
}

/** Edits to one section since its last version. */
interface Burst {
  authors: Set<string>;
  startedAt: number;
  timer: NodeJS.Timeout;
}

/** A turn of `captureAll` stores versions for about this long, then lets the event loop run. */
const CAPTURE_TURN_MS = 10;

/** A section as `take` read it, to be stored as a version. */
interface Taken {
  sectionId: string;
  content: SectionJson;
  authors: string[];
}

export interface CaptureOptions {
  name?: string | null;
  restoredFrom?: number | null;
  /** Authors of this version besides those of the open burst (e.g. the suggester of an accepted 修订). */
  authors?: string[];
}

/**
 * Takes section versions: automatically after a burst of editing (one per person: when someone else
 * starts editing a section, what was written before is a version of its own, so authorship stays
 * per person), at workflow transitions and restores, and when a leader names one. Versions are
 * written by the server only, from accepted updates of authenticated users; no client can add one.
 */
export class History {
  private readonly bursts = new WeakMap<Room, Map<string, Burst>>();

  constructor(
    private readonly versions: VersionStore,
    private readonly timing: HistoryTiming,
  ) {}

  /** Starts following a loaded room's edits. */
  attach(room: Room): void {
    const bursts = new Map<string, Burst>();
    this.bursts.set(room, bursts);
    room.doc.on('beforeTransaction', (tr: Y.Transaction) => {
      if (!(tr.origin instanceof ClientWrite)) return;
      for (const root of tr.origin.roots) {
        const sid = sectionOfRoot(root);
        if (sid) this.touch(room, sid, tr.origin.conn.user.id, true);
      }
    });
    room.doc.on('afterTransaction', (tr: Y.Transaction) => {
      // Server writes for a user (an import, say) count that user as an author; restores and accepted
      // suggestions take their own versions (see capture).
      if (!(tr.origin instanceof ServerWrite) || tr.origin.userId === null) return;
      for (const root of changedRoots(tr)) {
        const sid = sectionOfRoot(root);
        if (sid) this.touch(room, sid, tr.origin.userId, false);
      }
    });
  }

  /** Before a room unloads: what was edited since the last versions becomes versions. */
  detach(room: Room): void {
    for (const sid of [...(this.bursts.get(room)?.keys() ?? [])])
      this.safely(() => this.capture(room, sid, 'auto'));
    this.bursts.delete(room);
  }

  /** The authors of edits not yet in a version. */
  openAuthors(room: Room, sectionId: string): string[] {
    return [...(this.bursts.get(room)?.get(sectionId)?.authors ?? [])];
  }

  /** Closes the section's open burst into a version now (before a server write changes it). */
  checkpoint(room: Room, sectionId: string): void {
    if (this.bursts.get(room)?.has(sectionId)) this.capture(room, sectionId, 'auto');
  }

  /**
   * Stores the section as it is now. An automatic version is skipped when nothing changed since the
   * previous one; the others are milestones and always stored.
   */
  capture(
    room: Room,
    sectionId: string,
    kind: VersionKind,
    createdBy: string | null = null,
    options: CaptureOptions = {},
  ): Version | null {
    return this.store(room, this.take(room, sectionId), kind, createdBy, options);
  }

  /**
   * `capture` of many sections (a named version of the whole report): every section is read in one
   * turn, so all the versions are of the same moment, then compared with its previous version and
   * stored over several turns, about CAPTURE_TURN_MS each. In one turn, 500 sections at the import
   * limits held the event loop 181–203 ms.
   */
  async captureAll(
    room: Room,
    sectionIds: string[],
    kind: Exclude<VersionKind, 'auto'>,
    createdBy: string | null,
    options: CaptureOptions = {},
  ): Promise<Version[]> {
    const taken = sectionIds.map((sid) => this.take(room, sid));
    const versions: Version[] = [];
    let next = 0;
    while (next < taken.length) {
      const started = performance.now();
      while (next < taken.length && performance.now() - started < CAPTURE_TURN_MS) {
        versions.push(this.store(room, taken[next++]!, kind, createdBy, options)!);
      }
      if (next < taken.length) await new Promise((resolve) => setImmediate(resolve));
    }
    return versions;
  }

  /** The section's content now and who wrote it since its last version (whose burst this closes). */
  private take(room: Room, sectionId: string): Taken {
    const burst = this.bursts.get(room)?.get(sectionId);
    if (burst) {
      clearTimeout(burst.timer);
      this.bursts.get(room)?.delete(sectionId);
    }
    return { sectionId, content: sectionJson(room.doc, sectionId), authors: [...(burst?.authors ?? [])] };
  }

  private store(
    room: Room,
    { sectionId, content, authors: writers }: Taken,
    kind: VersionKind,
    createdBy: string | null,
    options: CaptureOptions,
  ): Version | null {
    const previous = this.versions.latest(room.reportId, sectionId);
    const before = (
      previous ? this.versions.content(room.reportId, previous.id) : EMPTY_SECTION
    ) as SectionJson;
    if (kind === 'auto' && JSON.stringify(before) === JSON.stringify(content)) return null;
    const { added, removed } = diffChain(readableNode(before), [{ doc: readableNode(content), authors: [] }]);
    const authors = new Set([...writers, ...(options.authors ?? [])]);
    return this.versions.add(room.reportId, {
      sectionId,
      kind,
      name: options.name ?? null,
      createdBy,
      authors: [...authors],
      added,
      removed,
      restoredFrom: options.restoredFrom ?? null,
      content,
    });
  }

  /** `userId` is about to edit the section (`before`), or just did (server writes). */
  private touch(room: Room, sectionId: string, userId: string, before: boolean): void {
    const bursts = this.bursts.get(room);
    if (!bursts) return;
    let burst = bursts.get(sectionId);
    // After the fact the text before cannot be taken any more: the writer joins the open burst.
    if (burst && !before) burst.authors.add(userId);
    else if (burst && !burst.authors.has(userId)) {
      // Someone else's turn: what the others wrote so far is theirs.
      this.safely(() => this.capture(room, sectionId, 'auto'));
      burst = undefined;
    }
    const now = Date.now();
    if (!burst) {
      // The text as it was before anyone edited it here (e.g. before history was kept) is a version
      // of its own, without authors, so the first burst is credited only with what it changed.
      if (before && !this.hasVersion(room, sectionId)) {
        this.safely(() => this.capture(room, sectionId, 'auto'));
      }
      burst = { authors: new Set([userId]), startedAt: now, timer: this.timer(room, sectionId, now) };
      bursts.set(sectionId, burst);
      return;
    }
    clearTimeout(burst.timer);
    burst.timer = this.timer(room, sectionId, burst.startedAt);
  }

  private timer(room: Room, sectionId: string, startedAt: number): NodeJS.Timeout {
    const due = Math.min(this.timing.idleMs, startedAt + this.timing.maxMs - Date.now());
    // setTimeout takes at most 2^31 - 1 ms (about 24 days).
    const ms = Math.min(2 ** 31 - 1, Math.max(0, due));
    const timer = setTimeout(() => this.safely(() => this.capture(room, sectionId, 'auto')), ms);
    timer.unref();
    return timer;
  }

  /**
   * Whether the section has a version yet; taken to be so when storage cannot say. This runs inside a
   * Yjs transaction's beforeTransaction: a throw there would leave the doc's transaction open for good
   * (and crash the node); cluster mode: the query fails once PostgreSQL is slow to answer.
   */
  private hasVersion(room: Room, sectionId: string): boolean {
    try {
      return this.versions.latest(room.reportId, sectionId) !== null;
    } catch (err) {
      console.error('coreport: reading the latest version failed:', err);
      return true;
    }
  }

  /** History must never stop an edit from being taken: a failure to take a version is logged. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      console.error('coreport: taking a version failed:', err);
    }
  }
}
