import type { Deps } from '../context.ts';

/**
 * A report's stored bytes (snapshot first, then its log), for a copy built off the event loop
 * (copy-report.ts), with everything applied to its live doc stored first, so the copy has what its
 * members see. Read straight from the store where that claims nothing; in cluster mode, where loading
 * claims the report, through its room (opened over several turns if large, released when idle).
 */
export async function storedSource({ stores, rooms }: Deps, reportId: string): Promise<Uint8Array[]> {
  const { docs } = stores;
  const room = docs.read ? rooms.peek(reportId) : await rooms.open(reportId);
  if (room && !room.storageFailing) await room.whenStored();
  const stored = docs.read ? docs.read(reportId) : docs.load(reportId);
  return stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
}
