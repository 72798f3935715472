import * as Y from 'yjs';
import { addSection } from '../server/reports/doc-sections.ts';
import { mayWriteRoots } from '../server/rooms/policy.ts';
import { analyzeUpdate } from '../server/rooms/update-check.ts';
import { bodyRoot } from '../shared/layout.ts';

/**
 * The section check's cost per update on a 100-section, 2,000-paragraph report, against applying the
 * same keystroke updates unchecked. Reports medians of per-block ratios (machines here are noisy).
 */

const SECTIONS = 100;
const PARAGRAPHS_PER_SECTION = 20;
const KEYSTROKES = 2000;
const BLOCKS = 7;

function buildReport(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let s = 0; s < SECTIONS; s++) {
      addSection(doc, {
        id: `s${s}`,
        title: `第${s + 1}部分`,
        level: 1,
        assignees: ['u'],
        status: 'drafting',
        due: null,
      });
      const body = doc.getXmlFragment(bodyRoot(`s${s}`));
      for (let p = 0; p < PARAGRAPHS_PER_SECTION; p++) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [
          new Y.XmlText(`${p + 1}是坚持问题导向，组织开展专题调研X次，形成调研报告X篇。`),
        ]);
        body.push([paragraph]);
      }
    }
  });
  return doc;
}

/** Keystroke updates typed by one writer into random sections of a copy of `base`. */
function keystrokes(base: Uint8Array): Uint8Array[] {
  const writer = new Y.Doc();
  Y.applyUpdate(writer, base);
  const updates: Uint8Array[] = [];
  writer.on('update', (u: Uint8Array) => updates.push(u));
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let k = 0; k < KEYSTROKES; k++) {
    const body = writer.getXmlFragment(bodyRoot(`s${next(SECTIONS)}`));
    const text = (body.get(next(PARAGRAPHS_PER_SECTION)) as Y.XmlElement).get(0) as Y.XmlText;
    if (k % 10 === 9) text.delete(next(text.length - 1), 1);
    else text.insert(next(text.length), '字');
  }
  return updates;
}

function timeApply(base: Uint8Array, updates: Uint8Array[], checked: boolean): number {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const start = process.hrtime.bigint();
  for (const update of updates) {
    if (checked) {
      const analysis = analyzeUpdate(doc, update);
      if (!analysis.ok || !mayWriteRoots(doc, 'writer', 'u', analysis.roots).ok) throw new Error('refused');
    }
    Y.applyUpdate(doc, update);
  }
  return Number(process.hrtime.bigint() - start) / 1000 / updates.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchUpdateCheck() {
  const base = Y.encodeStateAsUpdate(buildReport());
  const updates = keystrokes(base);
  timeApply(base, updates, true); // warm-up
  timeApply(base, updates, false);
  const plain: number[] = [];
  const checked: number[] = [];
  const ratios: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    // Alternate the order within blocks so drift in machine load hits both sides alike.
    const [first, second] = b % 2 ? [true, false] : [false, true];
    const t1 = timeApply(base, updates, first);
    const t2 = timeApply(base, updates, second);
    const tPlain = first ? t2 : t1;
    const tChecked = first ? t1 : t2;
    plain.push(tPlain);
    checked.push(tChecked);
    ratios.push(tChecked / tPlain);
  }
  return {
    name: 'update check (100 sections, 2,000 paragraphs)',
    updates: updates.length,
    applyOnlyMicros: median(plain),
    checkAndApplyMicros: median(checked),
    ratio: median(ratios),
  };
}
