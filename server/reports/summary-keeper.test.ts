import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot, OUTLINE, SECTIONS } from '../../shared/layout.ts';
import { reportProgress } from '../../shared/progress.ts';
import type { Room } from '../rooms/room.ts';
import type { ReportSummaryStore, ReportTotals } from '../storage/report-summaries.ts';
import { BodyCountsCache } from './body-counts-cache.ts';
import { SUMMARY_DELAY_MS, summaryKeeper } from './summary-keeper.ts';

function section(doc: Y.Doc, id: string, text: string): void {
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    doc.getMap(SECTIONS).set(id, entry);
    entry.set('title', `第${id}节`);
    entry.set('status', 'drafting');
    doc.getArray<string>(OUTLINE).push([id]);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    doc.getXmlFragment(bodyRoot(id)).insert(0, [paragraph]);
  });
}

const textOf = (doc: Y.Doc, id: string) =>
  (doc.getXmlFragment(bodyRoot(id)).get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** A cache fed every transaction of `doc`, as the keeper feeds it. */
function cached(doc: Y.Doc) {
  const cache = new BodyCountsCache();
  doc.on('afterTransaction', (tr: Y.Transaction) => cache.noteChanged(tr));
  return cache;
}

it('counts again only the sections changed since the last count, and agrees with a fresh count', () => {
  const doc = new Y.Doc();
  for (const id of ['s1', 's2', 's3']) section(doc, id, '全年完成XX项工作。');
  const cache = cached(doc);
  expect(reportProgress(doc, cache.countsOf)).toEqual(reportProgress(doc));
  expect(cache.recounts).toBe(3);
  textOf(doc, 's2').insert(0, '上半年');
  expect(reportProgress(doc, cache.countsOf)).toEqual(reportProgress(doc));
  expect(cache.recounts).toBe(4);
  // Deleting a paragraph changes the fragment itself, not its text.
  doc.getXmlFragment(bodyRoot('s3')).delete(0, 1);
  expect(reportProgress(doc, cache.countsOf).totals).toEqual(reportProgress(doc).totals);
  expect(cache.recounts).toBe(5);
  // Status and outline changes walk no body.
  doc.getMap<Y.Map<unknown>>(SECTIONS).get('s1')!.set('status', 'approved');
  expect(reportProgress(doc, cache.countsOf)).toEqual(reportProgress(doc));
  expect(cache.recounts).toBe(5);
});

it('counts a body that arrived from another replica, whose root object yjs replaces when first read', () => {
  const source = new Y.Doc();
  section(source, 's1', '第一节');
  const doc = new Y.Doc();
  const cache = cached(doc);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  expect(reportProgress(doc, cache.countsOf).totals).toEqual(reportProgress(source).totals);
  section(source, 's2', '第二节内容XX');
  textOf(source, 's1').insert(3, '：完成');
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, Y.encodeStateVector(doc)));
  expect(reportProgress(doc, cache.countsOf)).toEqual(reportProgress(source));
});

describe('summary keeper', () => {
  let writes: ReportTotals[];
  const store = {
    write: (_id: string, totals: ReportTotals) => writes.push(totals),
  } as unknown as ReportSummaryStore;
  beforeEach(() => {
    vi.useFakeTimers();
    writes = [];
  });
  afterEach(() => vi.useRealTimers());

  it('writes a summary after a change of the totals, and none after a change that leaves them', () => {
    const doc = new Y.Doc();
    section(doc, 's1', '全年完成XX项工作。');
    const room = { reportId: 'r1', doc } as unknown as Room;
    const keeper = summaryKeeper(store, () => true);
    keeper.attach(room);
    expect(writes).toHaveLength(1);
    textOf(doc, 's1').format(0, 2, { bold: true });
    vi.advanceTimersByTime(SUMMARY_DELAY_MS);
    expect(writes).toHaveLength(1);
    textOf(doc, 's1').insert(0, '上半年');
    vi.advanceTimersByTime(SUMMARY_DELAY_MS);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toEqual(reportProgress(doc).totals);
    keeper.detach(room);
    expect(writes).toHaveLength(3);
  });
});
