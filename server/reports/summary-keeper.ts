import type * as Y from 'yjs';
import { reportProgress } from '../../shared/progress.ts';
import type { Room } from '../rooms/room.ts';
import type { ReportSummaryStore } from '../storage/report-summaries.ts';
import { BodyCountsCache } from './body-counts-cache.ts';

/** How long after a change the summary is written: a burst of typing costs one write. */
export const SUMMARY_DELAY_MS = 1000;

/** How much of the document a summary describes: grows with every edit applied (the state vector's sum). */
function clockOf(doc: Y.Doc): number {
  let sum = 0;
  for (const structs of doc.store.clients.values()) {
    const last = structs.at(-1);
    if (last) sum += last.id.clock + last.length;
  }
  return sum;
}

/** Per loaded room: its body counts between writes, and the totals last written. */
interface Kept {
  counts: BodyCountsCache;
  written: string | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Keeps each loaded report's summary row (what the report list shows) current: written when the room
 * loads, a moment after it changes (if the totals changed: formatting, comments or presence alone
 * write nothing), and when it unloads. Other nodes list the report from that row (cluster mode), and a
 * report nobody has open is listed without loading its document. The totals are counted incrementally:
 * only the sections changed since the last write are walked again (BodyCountsCache).
 * `isLive` says whether the room is still this node's (one dropped because another node took the report
 * over writes nothing more).
 */
export function summaryKeeper(summaries: ReportSummaryStore, isLive: (room: Room) => boolean) {
  const kept = new Map<Room, Kept>();
  const write = (room: Room, state: Kept, always: boolean) => {
    try {
      const totals = reportProgress(room.doc, state.counts.countsOf).totals;
      const json = JSON.stringify(totals);
      if (!always && json === state.written) return;
      summaries.write(room.reportId, totals, clockOf(room.doc));
      state.written = json;
    } catch (err) {
      // The list shows the previous summary until the next change is written.
      console.error(`coreport: report ${room.reportId}: writing its summary failed:`, err);
    }
  };
  const later = (room: Room, state: Kept) => {
    if (state.timer) return;
    state.timer = setTimeout(() => {
      state.timer = null;
      if (isLive(room)) write(room, state, false);
    }, SUMMARY_DELAY_MS);
    state.timer.unref();
  };
  return {
    attach(room: Room): void {
      const state: Kept = { counts: new BodyCountsCache(), written: null, timer: null };
      kept.set(room, state);
      write(room, state, true);
      // Not 'update': listening to it makes yjs encode every transaction.
      room.doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.changed.size === 0 && tr.deleteSet.clients.size === 0) return;
        state.counts.noteChanged(tr);
        later(room, state);
      });
    },
    detach(room: Room): void {
      const state = kept.get(room);
      if (!state) return;
      kept.delete(room);
      if (state.timer) clearTimeout(state.timer);
      write(room, state, true);
    },
  };
}
