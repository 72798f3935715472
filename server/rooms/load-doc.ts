/**
 * A report's Y.Doc built from what is stored (snapshot, then log entries). A small report is applied
 * at once. A large one (a report at the import limits is a 1.5 MB update, 200–300 ms of CPU to apply
 * whole) is cut into pieces off the event loop (doc-pieces.ts, in a worker) and applied a few
 * milliseconds per turn, so opening it never holds the loop; the room serves once the doc is whole.
 */
import * as Y from 'yjs';
import type { StoredDoc } from '../storage/types.ts';
import type { StoredLog } from './update-log.ts';

/** Stored docs up to this many bytes are applied in one turn (about 30 ms of CPU at most). */
export const LOAD_AT_ONCE_BYTES = 192 * 1024;
/** A turn applies pieces for about this long, then lets the event loop run. */
const TURN_MS = 8;

export interface LoadedDoc {
  doc: Y.Doc;
  /** What the update log needs to know of what is stored. */
  log: StoredLog;
  /**
   * The doc's whole state as one update, when known without encoding the doc (the stored bytes it was
   * built from): the first joiner's sync reply.
   */
  fullState: Uint8Array | null;
}

/** Cuts stored updates into pieces to apply in order, and merges them into one (the worker's job). */
export type SplitStored = (blobs: Uint8Array[]) => Promise<{ pieces: Uint8Array[]; merged: Uint8Array }>;

function blobsOf(stored: StoredDoc): Uint8Array[] {
  return stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
}

function logOf(stored: StoredDoc): StoredLog {
  return {
    lastSeq: stored.lastSeq,
    entries: stored.updates.length,
    bytes: stored.updates.reduce((sum, update) => sum + update.length, 0),
    snapshotBytes: stored.snapshot?.length ?? 0,
  };
}

/** Whether the doc holds structs or deletions it could not place (a damaged log). */
function parked(doc: Y.Doc, reportId: string): boolean {
  if (!doc.store.pendingStructs && !doc.store.pendingDs) return false;
  // The update check assumes a doc without parked structs.
  console.error(`coreport: report ${reportId} loaded with pending (unresolvable) updates`);
  return true;
}

/**
 * Runs `apply` (applying pieces of what is stored) in one transaction that yjs treats as local. After a
 * remote transaction yjs removes formatting markers that change nothing, and in a doc built only up
 * to a piece, a bold run's end marker can arrive before its start and look redundant: the load would
 * delete formatting the report has (and store nothing of it). What is stored was checked when it was
 * written; the load only rebuilds it.
 */
export function asStored(doc: Y.Doc, apply: () => void): void {
  doc.transact((tr) => {
    apply();
    // applyUpdate marks the transaction remote; its cleanup (after this returns) reads the mark.
    tr.local = true;
  });
}

/** Applies everything stored in one turn. */
export function loadAtOnce(stored: StoredDoc, reportId: string): LoadedDoc {
  const doc = new Y.Doc({ gc: true });
  const blobs = blobsOf(stored);
  // One transaction: no observer runs per update.
  doc.transact(() => {
    for (const update of blobs) Y.applyUpdate(doc, update);
  });
  const whole = blobs.length === 1 && !parked(doc, reportId);
  return { doc, log: logOf(stored), fullState: whole ? blobs[0]! : null };
}

/** Whether loading `stored` in one turn could hold the event loop too long. */
export function tooLargeAtOnce(stored: StoredDoc): boolean {
  return blobsOf(stored).reduce((sum, blob) => sum + blob.length, 0) > LOAD_AT_ONCE_BYTES;
}

/**
 * Builds the doc over several turns from pieces `split` cuts off the event loop. If the split fails
 * (the worker ran out of time or memory), the doc is applied at once: opening a report must not fail.
 */
export async function loadInPieces(
  stored: StoredDoc,
  reportId: string,
  split: SplitStored,
): Promise<LoadedDoc> {
  const blobs = blobsOf(stored);
  let cut: Awaited<ReturnType<SplitStored>>;
  try {
    cut = await split(blobs);
  } catch (err) {
    console.error(`coreport: report ${reportId}: cutting it into pieces failed, loading it at once:`, err);
    return loadAtOnce(stored, reportId);
  }
  const doc = new Y.Doc({ gc: true });
  const { pieces } = cut;
  let next = 0;
  while (next < pieces.length) {
    const started = performance.now();
    asStored(doc, () => {
      while (next < pieces.length && performance.now() - started < TURN_MS)
        Y.applyUpdate(doc, pieces[next++]!);
    });
    if (next < pieces.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return { doc, log: logOf(stored), fullState: parked(doc, reportId) ? null : cut.merged };
}
