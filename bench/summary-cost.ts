import * as Y from 'yjs';
import { BodyCountsCache } from '../server/reports/body-counts-cache.ts';
import { OUTLINE, SECTIONS } from '../shared/layout.ts';
import { reportProgress } from '../shared/progress.ts';
import { reportContent } from './lib/content.ts';
import { median } from './lib/stats.ts';

/**
 * `node --import tsx bench/summary-cost.ts [sections] [kilobytes]`: what one summary of a report costs
 * the summary keeper while someone types in one of its sections: the totals counted afresh (every body
 * walked) against counted incrementally (BodyCountsCache: only the typed body walked). Evidence for a
 * lever, not part of `npm run bench`.
 */
const sections = Number(process.argv[2] ?? 30);
const kilobytes = Number(process.argv[3] ?? 200);
const sids = Array.from({ length: sections }, (_, i) => `s${i}`);
const doc = new Y.Doc();
doc.transact(() => {
  for (const sid of sids) {
    const entry = new Y.Map<unknown>();
    doc.getMap(SECTIONS).set(sid, entry);
    entry.set('title', `第${sid}节`);
    entry.set('status', 'drafting');
  }
  doc.getArray<string>(OUTLINE).push(sids);
});
for (const update of reportContent(sids, kilobytes * 1024)) Y.applyUpdate(doc, update);
const cache = new BodyCountsCache();
doc.on('afterTransaction', (tr: Y.Transaction) => cache.noteChanged(tr));
const typed = (doc.getXmlFragment('body:s3').get(0) as Y.XmlElement).get(0) as Y.XmlText;

const time = (fn: () => void) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const fresh: number[] = [];
const cached: number[] = [];
reportProgress(doc, cache.countsOf);
for (let i = 0; i < 200; i++) {
  typed.insert(0, '字');
  fresh.push(time(() => reportProgress(doc)));
  cached.push(time(() => reportProgress(doc, cache.countsOf)));
}
console.log(
  `${sections} sections, ${Y.encodeStateAsUpdate(doc).length} B: one summary after typing in one section, ` +
    `median of 200: afresh ${median(fresh).toFixed(3)} ms, incremental ${median(cached).toFixed(3)} ms ` +
    `(${(median(fresh) / median(cached)).toFixed(1)}×)`,
);
