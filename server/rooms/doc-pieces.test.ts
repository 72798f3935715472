import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { causalOrder, splitUpdate } from './doc-pieces.ts';
import { asStored } from './load-doc.ts';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/**
 * Three writers editing the same sections of a report, syncing at random: paragraphs typed into each
 * other's text, bold runs, deletions, sections added. The result is a doc whose structs depend on
 * each other's across clients in every way (origins, right origins, parents).
 */
function interleaved(seed: number): Y.Doc {
  const next = random(seed);
  // Client ids from the seed too: yjs orders concurrent inserts by them.
  const docs = [1, 2, 3].map((n) => {
    const doc = new Y.Doc();
    doc.clientID = Math.floor(next() * 2 ** 30) * 3 + n;
    return doc;
  });
  const words = ['一是坚持', '政治引领', '二是加强', '队伍建设', '三是完成', '重点任务'];
  for (let round = 0; round < 300; round++) {
    const doc = docs[Math.floor(next() * docs.length)]!;
    const body = doc.getXmlFragment(`body:s${Math.floor(next() * 3)}`);
    const roll = next();
    if (roll < 0.2 || body.length === 0) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(words[Math.floor(next() * words.length)]!)]);
      body.insert(Math.floor(next() * (body.length + 1)), [p]);
    } else {
      const p = body.get(Math.floor(next() * body.length)) as Y.XmlElement;
      const text = p.get(0) as Y.XmlText;
      const at = Math.floor(next() * (text.length + 1));
      if (roll < 0.6) text.insert(at, words[Math.floor(next() * words.length)]!);
      else if (roll < 0.75 && text.length > 2) text.format(0, 2, { bold: true });
      else if (text.length > 1) text.delete(Math.min(at, text.length - 1), 1);
      else body.delete(body.toArray().indexOf(p), 1);
    }
    if (next() < 0.3) {
      const a = docs[Math.floor(next() * docs.length)]!;
      const b = docs[Math.floor(next() * docs.length)]!;
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
  }
  for (const a of docs) for (const b of docs) Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return docs[0]!;
}

/** What a doc holds: its state vector, delete set and every root's content. */
function contentOf(doc: Y.Doc) {
  const roots = [...doc.share.keys()].sort().map((name) => [name, doc.getXmlFragment(name).toJSON()]);
  const ds = Y.createDeleteSetFromStructStore(doc.store);
  return {
    stateVector: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(),
    deleted: [...ds.clients].sort().map(([client, ranges]) => [client, ranges.map((r) => [r.clock, r.len])]),
    roots,
  };
}

describe('splitUpdate', () => {
  it('cuts a doc of three interleaved writers into pieces that apply in order, none left pending', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const source = interleaved(seed);
      const update = Y.encodeStateAsUpdate(source);
      const pieces = splitUpdate(update, 20);
      expect(pieces.length).toBeGreaterThan(10);
      const rebuilt = new Y.Doc();
      for (const piece of pieces) {
        asStored(rebuilt, () => Y.applyUpdate(rebuilt, piece));
        // Causally closed: nothing parked for a later piece.
        expect(rebuilt.store.pendingStructs).toBeNull();
        expect(rebuilt.store.pendingDs).toBeNull();
      }
      const whole = new Y.Doc();
      Y.applyUpdate(whole, update);
      expect(contentOf(rebuilt)).toEqual(contentOf(whole));
      expect(contentOf(rebuilt)).toEqual(contentOf(source));
    }
  });

  it('cuts a log entry that builds on what is already in the doc', () => {
    const doc = interleaved(7);
    const base = Y.encodeStateAsUpdate(doc);
    const before = Y.encodeStateVector(doc);
    const body = doc.getXmlFragment('body:s1');
    for (let i = 0; i < 50; i++) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`第${i}项：完成X项工作。`)]);
      body.insert(Math.floor(body.length / 2), [p]);
    }
    body.delete(0, 2);
    const entry = Y.encodeStateAsUpdate(doc, before);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, base);
    for (const piece of splitUpdate(entry, 10)) {
      asStored(rebuilt, () => Y.applyUpdate(rebuilt, piece));
      expect(rebuilt.store.pendingStructs).toBeNull();
    }
    expect(contentOf(rebuilt)).toEqual(contentOf(doc));
  });

  it('keeps each client in clock order and puts every dependency first', () => {
    const { structs } = Y.decodeUpdate(Y.encodeStateAsUpdate(interleaved(11)));
    const ordered = causalOrder(structs);
    expect(ordered).toHaveLength(structs.length);
    const reached = new Map<number, number>();
    for (const s of ordered) {
      expect(s.id.clock).toBeGreaterThanOrEqual(reached.get(s.id.client) ?? 0);
      if (s instanceof Y.Item) {
        for (const dep of [s.origin, s.rightOrigin, s.parent instanceof Y.ID ? s.parent : null]) {
          if (dep) expect(reached.get(dep.client) ?? 0).toBeGreaterThan(dep.clock);
        }
      }
      reached.set(s.id.client, s.id.clock + s.length);
    }
  });

  it('gives an update small enough as one piece, and a delete-only update as is', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, '调研报告');
    const typed = Y.encodeStateAsUpdate(doc);
    expect(splitUpdate(typed)).toHaveLength(1);
    const before = Y.encodeStateVector(doc);
    doc.getText('t').delete(0, 2);
    const pieces = splitUpdate(Y.encodeStateAsUpdate(doc, before));
    expect(pieces).toHaveLength(1);
    const again = new Y.Doc();
    Y.applyUpdate(again, typed);
    Y.applyUpdate(again, pieces[0]!);
    expect(again.getText('t').toString()).toBe('报告');
  });
});
