import type * as Y from 'yjs';
import { reportProgress } from '../../shared/progress.ts';
import type { Room } from '../rooms/room.ts';
import type { ReportSummaryStore } from '../storage/report-summaries.ts';

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

/**
 * Keeps each loaded report's summary row (what the report list shows) current: written when the room
 * loads, a moment after it changes, and when it unloads. Other nodes list the report from that row
 * (cluster mode), and a report nobody has open is listed without loading its document.
 * `isLive` says whether the room is still this node's (one dropped because another node took the report
 * over writes nothing more).
 */
export function summaryKeeper(summaries: ReportSummaryStore, isLive: (room: Room) => boolean) {
  const timers = new Map<Room, NodeJS.Timeout>();
  const write = (room: Room) => {
    try {
      summaries.write(room.reportId, reportProgress(room.doc).totals, clockOf(room.doc));
    } catch (err) {
      // The list shows the previous summary until the next change is written.
      console.error(`coreport: report ${room.reportId}: writing its summary failed:`, err);
    }
  };
  const later = (room: Room) => {
    if (timers.has(room)) return;
    const timer = setTimeout(() => {
      timers.delete(room);
      if (isLive(room)) write(room);
    }, SUMMARY_DELAY_MS);
    timer.unref();
    timers.set(room, timer);
  };
  return {
    attach(room: Room): void {
      write(room);
      // Not 'update': listening to it makes yjs encode every transaction.
      room.doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.changed.size > 0 || tr.deleteSet.clients.size > 0) later(room);
      });
    },
    detach(room: Room): void {
      clearTimeout(timers.get(room));
      timers.delete(room);
      write(room);
    },
  };
}
