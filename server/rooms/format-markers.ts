import * as Y from 'yjs';

/**
 * Format markers (bold on, bold off, …) deleted in a text the sender may not write. yjs deletes markers
 * by itself after applying remote changes when it finds them redundant, and which ones it finds depends
 * on how the changes reached that replica (one transaction or several) and on how far it has caught up.
 * A client reading along therefore sends such deletions for sections it may not write. Refusing them
 * would lock it out (4403 on every reconnect, its own offline work in its own section with it), so the
 * room accepts them and then restores whatever formatting they changed, as a server write in the same
 * turn: nobody's text looks different, and every replica converges. Each restore adds markers for good,
 * so the room counts restored runs per user (FORMAT_RESTORES_PER_HOUR) and refuses deletions it would
 * have to restore once they are used up: a reader deleting markers in a loop cannot grow the doc.
 */

/** The formatting of each live content item of `text`, in order. */
export interface Formatting {
  text: Y.Text;
  runs: { item: Y.Item; key: string; attrs: Map<string, unknown> }[];
}

/** Reads the formatting of `text` before markers are deleted, for `restoreFormatting`. */
export function formattingOf(text: Y.Text): Formatting {
  const current = new Map<string, unknown>();
  const runs: Formatting['runs'] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) {
      const { key, value } = item.content;
      if (value === null) current.delete(key);
      else current.set(key, value);
    } else if (item.countable) {
      const attrs = new Map(current);
      runs.push({ item, key: JSON.stringify([...attrs].sort(([a], [b]) => (a < b ? -1 : 1))), attrs });
    }
  }
  return { text, runs };
}

/**
 * Formats the content of `before.text` back to `before` where it now differs. Only markers were deleted
 * since (the same content items, in the same order); anything else leaves the text alone. Returns how
 * many runs it formatted (each adds markers).
 */
export function restoreFormatting(before: Formatting): number {
  const after = formattingOf(before.text);
  if (after.runs.length !== before.runs.length) return 0;
  const fixes: [index: number, length: number, attrs: Record<string, unknown>][] = [];
  let index = 0;
  for (let i = 0; i < after.runs.length; i++) {
    const was = before.runs[i]!;
    const now = after.runs[i]!;
    if (was.item !== now.item) return 0;
    if (was.key !== now.key) fixes.push([index, now.item.length, difference(was.attrs, now.attrs)]);
    index += now.item.length;
  }
  for (const [at, length, attrs] of fixes) before.text.format(at, length, attrs);
  return fixes.length;
}

/** The attributes that turn `now` back into `was` (null removes one). */
function difference(was: Map<string, unknown>, now: Map<string, unknown>): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  for (const key of new Set([...was.keys(), ...now.keys()])) {
    const value = was.get(key) ?? null;
    if (JSON.stringify(value) !== JSON.stringify(now.get(key) ?? null)) attrs[key] = value;
  }
  return attrs;
}
