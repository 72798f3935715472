import * as Y from 'yjs';

/** One row of the update log, as the history keeps it. */
export interface LogRow {
  seq: number;
  userId: string | null;
  roots: string;
  bytes: Uint8Array;
  createdAt: number;
}

/** Consecutive log rows of one user on the same roots, merged into one. */
export interface ThinnedRow {
  fromSeq: number;
  toSeq: number;
  userId: string | null;
  roots: string;
  /** Characters inserted; items deleted (characters, and the odd formatting marker). */
  added: number;
  removed: number;
  bytes: Uint8Array;
  startedAt: number;
  endedAt: number;
}

/** Rows further apart than this, or more than `MAX_GROUP` of them, are not merged. */
export const THIN_WINDOW_MS = 5 * 60_000;
const MAX_GROUP = 500;

/** Characters an update inserts and deletes, from its structs and delete set. */
export function countChars(update: Uint8Array): { added: number; removed: number } {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { added: 0, removed: 0 };
  }
  const { structs, ds } = decoded;
  let added = 0;
  for (const s of structs) if (s instanceof Y.Item && s.content instanceof Y.ContentString) added += s.length;
  let removed = 0;
  for (const ranges of ds.clients.values()) for (const r of ranges) removed += r.len;
  return { added, removed };
}

/**
 * Thins a run of log rows for keeping: consecutive rows of one user on the same roots within five
 * minutes become one (`Y.mergeUpdates` over small groups only: over tens of thousands of rows it takes
 * tens of seconds, yjs #710). The audit needs who, when and how much, not every keystroke.
 */
export function thinLog(rows: LogRow[]): ThinnedRow[] {
  const out: ThinnedRow[] = [];
  let group: LogRow[] = [];
  const close = () => {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) return;
    let bytes: Uint8Array;
    try {
      bytes = group.length === 1 ? first.bytes : Y.mergeUpdates(group.map((r) => r.bytes));
    } catch {
      // Rows yjs cannot merge (a damaged log) are kept one by one: compaction must not fail over history.
      const rows = group;
      group = [];
      for (const row of rows) {
        group = [row];
        close();
      }
      return;
    }
    // Counted once over the merged update (a merge keeps every struct and deletion of its rows):
    // decoding each row instead costs about 40 µs a row, on compaction's path.
    const { added, removed } = countChars(bytes);
    out.push({
      fromSeq: first.seq,
      toSeq: last.seq,
      userId: first.userId,
      roots: first.roots,
      added,
      removed,
      bytes,
      startedAt: first.createdAt,
      endedAt: last.createdAt,
    });
    group = [];
  };
  for (const row of rows) {
    const first = group[0];
    if (
      first &&
      (first.userId !== row.userId ||
        first.roots !== row.roots ||
        row.createdAt - first.createdAt > THIN_WINDOW_MS ||
        group.length >= MAX_GROUP)
    )
      close();
    group.push(row);
  }
  close();
  return out;
}
