import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countChars, type LogRow, THIN_WINDOW_MS, thinLog } from './thin-log.ts';

/** Log rows of typing into one paragraph text: each row is one edit's update. */
function typing(edits: { user: string; text: string; at: number }[]): { rows: LogRow[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const rows: LogRow[] = [];
  doc.on('update', (bytes: Uint8Array) => {
    const edit = edits[rows.length]!;
    rows.push({ seq: rows.length + 1, userId: edit.user, roots: 'body:s1', bytes, createdAt: edit.at });
  });
  const text = doc.getText('body:s1');
  for (const edit of edits) text.insert(text.length, edit.text);
  return { rows, doc };
}

describe('thinLog', () => {
  it('merges one user’s consecutive rows within the window, keeps who, when and how much', () => {
    const { rows, doc } = typing([
      { user: 'li', text: '一是坚持', at: 0 },
      { user: 'li', text: '政治引领。', at: 1000 },
      { user: 'wang', text: '二是', at: 2000 },
      { user: 'wang', text: '加强建设。', at: 2000 + THIN_WINDOW_MS + 1 },
    ]);
    const thinned = thinLog(rows);
    expect(thinned.map((r) => [r.userId, r.fromSeq, r.toSeq, r.added])).toEqual([
      ['li', 1, 2, 9],
      ['wang', 3, 3, 2],
      ['wang', 4, 4, 5],
    ]);
    // The merged rows still rebuild the same document.
    const again = new Y.Doc();
    for (const r of thinned) Y.applyUpdate(again, r.bytes);
    expect(again.getText('body:s1').toString()).toBe(doc.getText('body:s1').toString());
  });

  it('counts deletions, and keeps rows it cannot decode one by one instead of failing', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, '调研报告');
    const before = Y.encodeStateVector(doc);
    doc.getText('t').delete(0, 2);
    expect(countChars(Y.encodeStateAsUpdate(doc, before))).toEqual({ added: 0, removed: 2 });
    const junk = [1, 2].map((seq) => ({
      seq,
      userId: 'li',
      roots: 'body:s1',
      bytes: new Uint8Array([9, 9]),
      createdAt: 0,
    }));
    expect(thinLog(junk).map((r) => [r.fromSeq, r.added])).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });
});
