import * as Y from 'yjs';

/**
 * Whether deleting `markers` (format items of `text`) leaves every piece of its content formatted as
 * before. yjs deletes such redundant markers on its own after applying a remote change; when and which
 * it finds depends on how the changes were grouped into transactions, so a client reading along may
 * clean up a marker the server kept. Such a deletion changes nothing anyone can see.
 */
export function deletesOnlyRedundantMarkers(text: Y.Text, markers: ReadonlySet<Y.Item>): boolean {
  const before = formatting(text, new Set());
  const after = formatting(text, markers);
  return before.length === after.length && before.every((attrs, i) => attrs === after[i]);
}

/** The attributes in effect at each live content item of `text`, ignoring the format items in `skip`. */
function formatting(text: Y.Text, skip: ReadonlySet<Y.Item>): string[] {
  const current = new Map<string, unknown>();
  const out: string[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || skip.has(item)) continue;
    if (item.content instanceof Y.ContentFormat) {
      const { key, value } = item.content;
      if (value === null) current.delete(key);
      else current.set(key, value);
    } else out.push(JSON.stringify([...current].sort(([a], [b]) => (a < b ? -1 : 1))));
  }
  return out;
}
