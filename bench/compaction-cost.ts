import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { dataFile } from './lib/fixture.ts';

/**
 * `node --import tsx bench/compaction-cost.ts [every]`: what compacting every `every` log entries (the
 * room's fixed 500) costs over the B4 trace: the time to encode the whole doc at sampled points, summed
 * over all compactions and spread per edit. Evidence for a lever, not part of `npm run bench`.
 */
const every = Number(process.argv[2] ?? 500);
const raw = JSON.parse(gunzipSync(fs.readFileSync(dataFile('automerge-paper.json.gz'))).toString()) as {
  txns: { patches: [number, number, string][] }[];
};
const doc = new Y.Doc();
const paragraph = new Y.XmlElement('paragraph');
paragraph.insert(0, [new Y.XmlText()]);
doc.getXmlFragment('body:x').push([paragraph]);
const text = paragraph.get(0) as Y.XmlText;
const n = raw.txns.length;
const compactions = Math.floor(n / every);
const sampleEvery = Math.max(1, Math.floor(compactions / 20));
let total = 0;
let samples = 0;
for (let i = 0; i < n; i++) {
  doc.transact(() => {
    for (const [pos, del, ins] of raw.txns[i]!.patches) {
      if (del) text.delete(pos, del);
      if (ins) text.insert(pos, ins);
    }
  });
  if ((i + 1) % (every * sampleEvery) === 0) {
    const start = performance.now();
    const state = Y.encodeStateAsUpdate(doc);
    const ms = performance.now() - start;
    console.log(`after ${i + 1} edits: encode ${ms.toFixed(2)} ms, ${state.length} B`);
    total += ms;
    samples++;
  }
}
const ms = (total / samples) * compactions;
console.log(
  `${compactions} compactions: ≈ ${ms.toFixed(0)} ms of encoding = ${((ms * 1000) / n).toFixed(1)} µs per edit ` +
    '(the snapshot write to SQLite comes on top)',
);
