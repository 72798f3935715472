import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { analyzeUpdate, type UpdateAnalysis } from './update-check.ts';

const SIDS = ['s1', 's2', 's3'];
const SERVER = 1;
const ALICE = 100; // writer of s1
const BOB = 200; // writer of s2
const LEADER = 300;

/** A server doc shaped like a real report: meta, outline, sections, comments, three bodies. */
function serverDoc(paragraphs = 3): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = SERVER;
  doc.transact(() => {
    doc.getMap('meta').set('title', '2024年度个人述职报告');
    doc.getArray<string>('outline').push(SIDS);
    const sections = doc.getMap<Y.Map<unknown>>('sections');
    for (const [i, sid] of SIDS.entries()) {
      const info = new Y.Map<unknown>();
      sections.set(sid, info);
      info.set('title', ['一、主要工作', '二、存在问题', '三、下步打算'][i]);
      info.set('assignees', i === 1 ? ['bob'] : ['alice']);
      info.set('status', 'drafting');
      const body = doc.getXmlFragment(bodyRoot(sid));
      for (let n = 0; n < paragraphs; n++)
        body.push([paragraph(`一是坚持政治引领，组织开展民主协商活动${n}次。`)]);
    }
    doc.getMap('comments');
  });
  return doc;
}

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** A client doc synced from `from`, with a fixed client id. */
function clientOf(from: Y.Doc, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  return doc;
}

/** The single update one transaction of `fn` emits. */
function edit(doc: Y.Doc, fn: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const on = (u: Uint8Array) => updates.push(u);
  doc.on('update', on);
  doc.transact(fn);
  doc.off('update', on);
  expect(updates).toHaveLength(1);
  return updates[0];
}

const text = (doc: Y.Doc, sid: string, n = 0) =>
  (doc.getXmlFragment(bodyRoot(sid)).get(n) as Y.XmlElement).get(0) as Y.XmlText;

function ok(a: UpdateAnalysis): Extract<UpdateAnalysis, { ok: true }> {
  if (!a.ok) throw new Error(`expected ok, got: ${a.reason}`);
  return a;
}

function rootsOf(doc: Y.Doc, update: Uint8Array): string[] {
  return [...ok(analyzeUpdate(doc, update)).roots].sort();
}

function reason(a: UpdateAnalysis): string {
  if (a.ok) throw new Error(`expected a rejection, got roots ${[...a.roots]}`);
  return a.reason;
}

/** The id of the `index`-th character of a text (for forging references). */
function charId(t: Y.XmlText, index: number): Y.ID {
  let n = t._start;
  let i = index;
  for (; n !== null; n = n.right) {
    if (!n.deleted && n.countable) {
      if (i < n.length) return Y.createID(n.id.client, n.id.clock + i);
      i -= n.length;
    }
  }
  throw new Error('index out of range');
}

type Struct = Y.Item | Y.GC | Y.Skip;

/** Encode a V1 update by hand, so tests can forge what no stock client sends. */
function encodeUpdate(
  sections: Array<{ client: number; clock: number; structs: Struct[] }>,
  ds: number[][] = [],
) {
  const enc = new Y.UpdateEncoderV1();
  encoding.writeVarUint(enc.restEncoder, sections.length);
  for (const s of sections) {
    encoding.writeVarUint(enc.restEncoder, s.structs.length);
    enc.writeClient(s.client);
    encoding.writeVarUint(enc.restEncoder, s.clock);
    for (const struct of s.structs) struct.write(enc, 0);
  }
  const byClient = new Map<number, number[][]>();
  for (const [client, clock, len] of ds)
    byClient.set(client, [...(byClient.get(client) ?? []), [clock, len]]);
  encoding.writeVarUint(enc.restEncoder, byClient.size);
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(enc.restEncoder, client);
    encoding.writeVarUint(enc.restEncoder, ranges.length);
    for (const [clock, len] of ranges) {
      enc.writeDsClock(clock);
      enc.writeDsLen(len);
    }
  }
  return enc.toUint8Array();
}

/** Re-encode a real one-client update after `mutate` edited its decoded structs. */
function forge(update: Uint8Array, mutate: (structs: Struct[]) => void): Uint8Array {
  const { structs } = Y.decodeUpdate(update);
  mutate(structs);
  return encodeUpdate([{ client: structs[0].id.client, clock: structs[0].id.clock, structs }]);
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

const bodyText = (doc: Y.Doc, sid: string) => doc.getXmlFragment(bodyRoot(sid)).toString();

describe('analyzeUpdate: stock client edits', () => {
  it('typing into a paragraph writes only that body', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const a = ok(
      analyzeUpdate(
        server,
        edit(alice, () => text(alice, 's1', 1).insert(5, '（补充）')),
      ),
    );
    expect([...a.roots]).toEqual(['body:s1']);
    expect([...a.clients]).toEqual([ALICE]);
    expect(a.empty).toBe(false);
  });

  it('a new paragraph (nested element and text) resolves to its body', () => {
    const server = serverDoc();
    const bob = clientOf(server, BOB);
    const update = edit(bob, () => {
      const p = paragraph('二是加强队伍建设，全年培训干部');
      bob.getXmlFragment(bodyRoot('s2')).insert(1, [p]);
      (p.get(0) as Y.XmlText).insert(15, '120人次。');
    });
    expect(rootsOf(server, update)).toEqual(['body:s2']);
  });

  it('typing into a paragraph created in the same update resolves through the new structs', () => {
    const server = serverDoc();
    const bob = clientOf(server, BOB);
    const u1 = edit(bob, () => bob.getXmlFragment(bodyRoot('s2')).push([paragraph('三是')]));
    const u2 = edit(bob, () => text(bob, 's2', 3).insert(2, '狠抓作风建设。'));
    expect(Y.decodeUpdate(u2).structs[0].id.client).toBe(BOB);
    expect(rootsOf(server, Y.mergeUpdates([u1, u2]))).toEqual(['body:s2']);
  });

  it('bold on a range (format structs) writes that body', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const update = edit(alice, () => text(alice, 's1').format(2, 4, { bold: true }));
    const formats = Y.decodeUpdate(update).structs.filter(
      (s) => s instanceof Y.Item && s.content instanceof Y.ContentFormat,
    );
    expect(formats.length).toBeGreaterThanOrEqual(2);
    expect(rootsOf(server, update)).toEqual(['body:s1']);
  });

  it('deleting text is a write to its body (delete set only)', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const update = edit(alice, () => text(alice, 's1', 2).delete(0, 4));
    expect(Y.decodeUpdate(update).structs).toHaveLength(0);
    const a = ok(analyzeUpdate(server, update));
    expect([...a.roots]).toEqual(['body:s1']);
    expect(a.clients.size).toBe(0);
    expect(a.empty).toBe(false);
  });

  it('one deletion across two sections reports both', () => {
    const server = serverDoc();
    const leader = clientOf(server, LEADER);
    const update = edit(leader, () => {
      text(leader, 's1').delete(3, 2);
      leader.getXmlFragment(bodyRoot('s3')).delete(1, 1);
    });
    expect(rootsOf(server, update)).toEqual(['body:s1', 'body:s3']);
  });

  it('a merged multi-transaction update spanning two sections reports both', () => {
    const server = serverDoc();
    const leader = clientOf(server, LEADER);
    const u1 = edit(leader, () => text(leader, 's1').insert(0, '（一）'));
    const u2 = edit(leader, () => text(leader, 's1').insert(3, '政治建设'));
    const u3 = edit(leader, () => text(leader, 's3').delete(0, 2));
    expect(rootsOf(server, Y.mergeUpdates([u1, u2, u3]))).toEqual(['body:s1', 'body:s3']);
  });

  it('a merged update of two clients resolves references between their new structs', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const bob = clientOf(server, BOB);
    const ua = edit(alice, () => alice.getXmlFragment(bodyRoot('s1')).push([paragraph('四是')]));
    Y.applyUpdate(bob, ua);
    const ub = edit(bob, () => text(bob, 's1', 3).insert(2, '落实安全生产责任制。'));
    expect(rootsOf(server, Y.mergeUpdates([ua, ub]))).toEqual(['body:s1']);
    expect(reason(analyzeUpdate(server, ub))).toMatch(/unknown/);
  });

  it('an attribute on a nested paragraph is fine (map entry below the body root)', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const update = edit(alice, () =>
      (alice.getXmlFragment(bodyRoot('s1')).get(0) as Y.XmlElement).setAttribute('textAlign', 'center'),
    );
    expect(Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Item && s.parentSub !== null)).toBe(
      true,
    );
    expect(rootsOf(server, update)).toEqual(['body:s1']);
  });

  it.each([
    ['meta', (d: Y.Doc) => d.getMap('meta').set('title', '2024年度工作总结')],
    ['outline', (d: Y.Doc) => d.getArray<string>('outline').delete(2, 1)],
    ['sections', (d: Y.Doc) => (d.getMap('sections').get('s2') as Y.Map<unknown>).set('status', 'approved')],
    [
      'comments',
      (d: Y.Doc) => {
        const c = new Y.Map<unknown>();
        d.getMap('comments').set('c1', c);
        c.set('body', '此处数据请核实');
        c.set('replies', new Y.Array());
      },
    ],
  ])('a write to %s reports exactly that root', (root, fn) => {
    const server = serverDoc();
    const leader = clientOf(server, LEADER);
    expect(
      rootsOf(
        server,
        edit(leader, () => fn(leader)),
      ),
    ).toEqual([root]);
  });
});

describe('analyzeUpdate: what the server already has', () => {
  it("a reconnecting client's sync step 2 repeats others' deletions without reporting them", () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const leader = clientOf(server, LEADER);
    const reassign = edit(leader, () => {
      (leader.getMap('sections').get('s2') as Y.Map<unknown>).set('assignees', ['alice']);
      leader.getMap('sections').delete('s3');
      leader.getXmlFragment(bodyRoot('s3')).delete(0, 1); // its text is GC'd on the server
    });
    Y.applyUpdate(server, reassign);
    Y.applyUpdate(alice, reassign);
    alice.transact(() => text(alice, 's1').insert(0, '（一）'));
    const step2 = Y.encodeStateAsUpdate(alice, Y.encodeStateVector(server));
    expect(Y.decodeUpdate(step2).ds.clients.has(SERVER)).toBe(true);
    const a = ok(analyzeUpdate(server, step2));
    expect([...a.roots]).toEqual(['body:s1']);
    expect([...a.clients]).toEqual([ALICE]);
  });

  it('a sync step 2 with nothing new is empty', () => {
    const server = serverDoc();
    const leader = clientOf(server, LEADER);
    Y.applyUpdate(
      server,
      edit(leader, () => leader.getMap('sections').delete('s2')),
    );
    const quiet = clientOf(server, BOB);
    const a = ok(analyzeUpdate(server, Y.encodeStateAsUpdate(quiet, Y.encodeStateVector(server))));
    expect(a).toEqual({ ok: true, roots: new Set(), clients: new Set(), empty: true, markers: new Map() });
  });

  it('structs the server has are skipped; only the new part of an overlapping struct counts', () => {
    const server = serverDoc();
    const leader = clientOf(server, LEADER);
    const before = Y.encodeStateVector(server);
    Y.applyUpdate(
      server,
      edit(leader, () => leader.getMap('meta').set('title', '2024年度述职报告（修订）')),
    );
    Y.applyUpdate(
      server,
      edit(leader, () => text(leader, 's3').insert(0, '一')),
    );
    leader.transact(() => text(leader, 's3').insert(1, '是')); // merges with the struct above
    // A step 2 computed from a stale state vector overlaps what the server got meanwhile.
    const step2 = Y.encodeStateAsUpdate(leader, before);
    const { structs } = Y.decodeUpdate(step2);
    const state = Y.getState(server.store, LEADER);
    expect(structs.some((s) => s.id.clock < state && s.id.clock + s.length > state)).toBe(true);
    expect(rootsOf(server, step2)).toEqual(['body:s3']);
    const copy = copyOf(server);
    Y.applyUpdate(copy, step2);
    expect(bodyText(copy, 's3')).toContain('一是坚持');
  });

  it('a struct the server has must still reference existing structs', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const update = edit(alice, () => text(alice, 's1').insert(2, '全面'));
    Y.applyUpdate(server, update);
    const forged = forge(update, ([s]) => {
      (s as Y.Item).origin = Y.createID(BOB, 50);
    });
    expect(reason(analyzeUpdate(server, forged))).toMatch(/unknown/);
  });

  it('offline typing into a paragraph someone deleted meanwhile is accepted and writes nothing', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const leader = clientOf(server, LEADER);
    Y.applyUpdate(
      server,
      edit(leader, () => leader.getXmlFragment(bodyRoot('s1')).delete(0, 1)),
    );
    alice.transact(() => text(alice, 's1').insert(3, '离线补充'));
    const step2 = Y.encodeStateAsUpdate(alice, Y.encodeStateVector(server));
    const a = ok(analyzeUpdate(server, step2));
    expect(a.roots.size).toBe(0); // its origins were GC'd: yjs integrates it as a GC struct
    expect(a.empty).toBe(false);
    const copy = copyOf(server);
    Y.applyUpdate(copy, step2);
    expect(bodyText(copy, 's1')).not.toContain('离线补充');
  });
});

describe('analyzeUpdate: forged references', () => {
  it('an origin in body:s2 on a struct whose right neighbour is in body:s1 reports body:s2 (yjs puts it there)', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const update = edit(alice, () => text(alice, 's1').insert(4, '篡改'));
    const forged = forge(update, ([s]) => {
      (s as Y.Item).origin = charId(text(server, 's2'), 6);
    });
    expect(rootsOf(server, forged)).toEqual(['body:s1', 'body:s2']);
    const copy = copyOf(server);
    Y.applyUpdate(copy, forged);
    expect(bodyText(copy, 's2')).toContain('篡改');
  });

  it('a rightOrigin in body:s2 counts even though yjs places the struct by its origin in body:s1', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const update = edit(alice, () => text(alice, 's1').insert(4, '篡改'));
    const forged = forge(update, ([s]) => {
      (s as Y.Item).rightOrigin = charId(text(server, 's2'), 6);
    });
    expect(rootsOf(server, forged)).toEqual(['body:s1', 'body:s2']);
  });

  it('references to structs the server lacks are rejected (clock gap, unknown client)', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    edit(alice, () => text(alice, 's1').insert(0, '一'));
    const second = edit(alice, () => text(alice, 's1').insert(1, '二'));
    expect(reason(analyzeUpdate(server, second))).toMatch(/gap/);
    const bob = clientOf(alice, BOB);
    const third = edit(bob, () => text(bob, 's1').insert(2, '三'));
    expect(reason(analyzeUpdate(server, third))).toMatch(/unknown/);
  });

  it('reference cycles and references to younger structs are rejected', () => {
    const server = serverDoc();
    const item = (client: number, origin: Y.ID) =>
      new Y.Item(Y.createID(client, 0), null, origin, null, null, null, null, new Y.ContentString('环'));
    const cycle = encodeUpdate([
      { client: BOB, clock: 0, structs: [item(BOB, Y.createID(ALICE, 0))] },
      { client: ALICE, clock: 0, structs: [item(ALICE, Y.createID(BOB, 0))] },
    ]);
    expect(reason(analyzeUpdate(server, cycle))).toMatch(/cycle/);
    const ahead = new Y.Item(
      Y.createID(ALICE, 0),
      null,
      Y.createID(ALICE, 1),
      null,
      null,
      null,
      null,
      new Y.ContentString('前'),
    );
    const next = new Y.Item(
      Y.createID(ALICE, 1),
      null,
      charId(text(server, 's1'), 0),
      null,
      null,
      null,
      null,
      new Y.ContentString('后'),
    );
    const younger = encodeUpdate([{ client: ALICE, clock: 0, structs: [ahead, next] }]);
    expect(reason(analyzeUpdate(server, younger))).toMatch(/not older/);
  });

  it('a client appearing in two sections is rejected (yjs would drop the first)', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const { structs } = Y.decodeUpdate(edit(alice, () => text(alice, 's1').insert(0, '重')));
    const twice = encodeUpdate([
      { client: ALICE, clock: 0, structs },
      { client: ALICE, clock: 0, structs: [] },
    ]);
    expect(reason(analyzeUpdate(server, twice))).toMatch(/twice/);
  });

  it('an overlapping struct whose server part sits in another paragraph is rejected (yjs corrupts the doc)', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    Y.applyUpdate(
      server,
      edit(alice, () => text(alice, 's1', 0).insert(0, '甲')),
    );
    // A struct ALICE:0..2 placed in paragraph 2: yjs would link its tail after ALICE:0 in paragraph 0.
    const long = new Y.Item(
      Y.createID(ALICE, 0),
      null,
      charId(text(server, 's1', 2), 3),
      null,
      null,
      null,
      null,
      new Y.ContentString('乙丙'),
    );
    const forged = encodeUpdate([{ client: ALICE, clock: 0, structs: [long] }]);
    expect(reason(analyzeUpdate(server, forged))).toMatch(/does not continue/);
    const copy = copyOf(server);
    Y.applyUpdate(copy, forged);
    const t2 = text(copy, 's1', 2);
    expect(t2.toString()).not.toContain('丙'); // counted in paragraph 2, linked into paragraph 0
    expect(t2.length).toBe(t2.toString().length + 1);
  });

  it('a struct the server has may not name a root the server lacks (yjs would create it)', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const update = edit(alice, () => alice.getXmlFragment(bodyRoot('s1')).push([paragraph('已有')]));
    Y.applyUpdate(server, update);
    const forged = forge(update, (structs) => {
      const first = structs[0] as Y.Item;
      first.origin = first.rightOrigin = null;
      first.parent = 'junk-root' as unknown as Y.ID;
    });
    expect(reason(analyzeUpdate(server, forged))).toMatch(/unknown root "junk-root"/);
    expect(ok(analyzeUpdate(server, update)).empty).toBe(true);
  });

  it('an overlapping struct that does not continue the server’s last struct is rejected (yjs throws)', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    Y.applyUpdate(
      server,
      edit(alice, () => text(alice, 's1').insert(0, '三个字')),
    );
    const leader = clientOf(server, LEADER);
    Y.applyUpdate(
      server,
      edit(leader, () => leader.getXmlFragment(bodyRoot('s1')).delete(0, 1)),
    );
    const long = new Y.Item(
      Y.createID(ALICE, 0),
      null,
      null,
      null,
      null,
      null,
      null,
      new Y.ContentString('六个字的内容'),
    );
    long.parent = 'body:s1' as unknown as Y.ID; // a root parent, as the decoder yields it
    const forged = encodeUpdate([{ client: ALICE, clock: 0, structs: [long] }]);
    expect(reason(analyzeUpdate(server, forged))).toMatch(/does not continue/);
    expect(() => Y.applyUpdate(copyOf(server), forged)).toThrow();
  });
});

describe('analyzeUpdate: rejections', () => {
  it('garbage and truncated updates are rejected, never thrown', () => {
    const server = serverDoc();
    for (const bytes of [[], [0xff], [5, 1, 2, 3], [1, 1, 0x80, 0x80, 0x80], Array(40).fill(0xff)]) {
      expect(reason(analyzeUpdate(server, Uint8Array.from(bytes)))).toMatch(/malformed/);
    }
    let seed = 7;
    for (let n = 0; n < 300; n++) {
      const bytes = Uint8Array.from({ length: 1 + (n % 60) }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed & 0xff;
      });
      expect(() => analyzeUpdate(server, bytes)).not.toThrow();
    }
    const alice = clientOf(server, ALICE);
    const update = edit(alice, () => {
      text(alice, 's1').insert(1, '全面从严治党');
      text(alice, 's1', 1).delete(0, 2);
    });
    for (let len = 0; len < update.length; len++)
      expect(analyzeUpdate(server, update.slice(0, len)).ok).toBe(false);
    expect(analyzeUpdate(server, update).ok).toBe(true);
  });

  it('subdocuments (ContentDoc) are rejected', () => {
    const server = serverDoc();
    const leader = clientOf(server, LEADER);
    const update = edit(leader, () => leader.getMap('meta').set('附件', new Y.Doc()));
    expect(reason(analyzeUpdate(server, update))).toMatch(/subdocument/);
  });

  it('GC and Skip structs may not advance a clock absurdly far', () => {
    const server = serverDoc();
    const gc = (len: number) =>
      encodeUpdate([{ client: 999, clock: 0, structs: [new Y.GC(Y.createID(999, 0), len)] }]);
    expect(reason(analyzeUpdate(server, gc(2 ** 40)))).toMatch(/advances client 999/);
    const small = ok(analyzeUpdate(server, gc(10)));
    expect(small).toEqual({
      ok: true,
      roots: new Set(),
      clients: new Set([999]),
      empty: false,
      markers: new Map(),
    });
    expect(reason(analyzeUpdate(server, gc(11), { maxClockAdvance: 10 }))).toMatch(/advances/);
    const skip = encodeUpdate([
      { client: 999, clock: 0, structs: [new Y.Skip(Y.createID(999, 0), 2 ** 40)] },
    ]);
    expect(reason(analyzeUpdate(server, skip))).toMatch(/advances client 999/);
  });

  it('nothing may follow a Skip the server cannot fill', () => {
    const server = serverDoc();
    const after = new Y.Item(
      Y.createID(ALICE, 3),
      null,
      charId(text(server, 's1'), 0),
      null,
      null,
      null,
      null,
      new Y.ContentString('跳'),
    );
    const update = encodeUpdate([
      { client: ALICE, clock: 0, structs: [new Y.Skip(Y.createID(ALICE, 0), 3), after] },
    ]);
    expect(reason(analyzeUpdate(server, update))).toMatch(/gap/);
  });

  it('map entries directly on a body root are rejected', () => {
    const server = serverDoc();
    const rogue = new Y.Doc();
    rogue.clientID = ALICE;
    const update = edit(rogue, () => rogue.getMap(bodyRoot('s1')).set('x', '隐藏数据'));
    expect(reason(analyzeUpdate(server, update))).toMatch(/map key "x" on body:s1/);
  });

  it('types nested deeper than maxDepth are rejected', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const update = edit(alice, () => {
      let outer = new Y.XmlElement('bulletList');
      alice.getXmlFragment(bodyRoot('s1')).push([outer]); // depth 1
      for (const name of ['listItem', 'paragraph']) {
        const inner = new Y.XmlElement(name);
        outer.push([inner]);
        outer = inner;
      }
      outer.push([new Y.XmlText('层层嵌套')]); // depth 4
    });
    expect(rootsOf(server, update)).toEqual(['body:s1']);
    expect(ok(analyzeUpdate(server, update, { maxDepth: 4 })).roots.size).toBe(1);
    expect(reason(analyzeUpdate(server, update, { maxDepth: 3 }))).toMatch(/deeper than 3/);
    // The depth of existing types counts: a new element inside an existing paragraph sits at depth 2.
    const bob = clientOf(server, BOB);
    const inner = edit(bob, () =>
      (bob.getXmlFragment(bodyRoot('s2')).get(1) as Y.XmlElement).push([new Y.XmlElement('hardBreak')]),
    );
    expect(ok(analyzeUpdate(server, inner, { maxDepth: 2 })).roots).toEqual(new Set(['body:s2']));
    expect(reason(analyzeUpdate(server, inner, { maxDepth: 1 }))).toMatch(/deeper than 1/);
  });

  it('more structs (or delete ranges) than maxStructs are rejected', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const updates = [0, 1, 2, 3].map((n) =>
      edit(alice, () => text(alice, `s${1 + (n % 3)}`).insert(0, '字')),
    );
    expect(reason(analyzeUpdate(server, Y.mergeUpdates(updates), { maxStructs: 3 }))).toMatch(/4 structs/);
    const deletes = edit(alice, () => {
      for (const n of [0, 2, 4, 6]) text(alice, 's2').delete(n, 1);
    });
    expect(reason(analyzeUpdate(server, deletes, { maxStructs: 3 }))).toMatch(/4 ranges/);
  });

  it('deleting content the server does not have is rejected (yjs would delete it when it arrives)', () => {
    const server = serverDoc();
    const forged = encodeUpdate([], [[BOB, 0, 50]]);
    expect(reason(analyzeUpdate(server, forged))).toMatch(/unresolved deletion of 200:0/);
    const beyond = encodeUpdate([], [[SERVER, Y.getState(server.store, SERVER) - 2, 5]]);
    expect(reason(analyzeUpdate(server, beyond))).toMatch(/unresolved deletion/);
    // Why: yjs parks the range and later deletes Bob's text in s2, unchecked.
    const copy = copyOf(server);
    Y.applyUpdate(copy, forged);
    expect(copy.store.pendingDs).not.toBeNull();
    const bob = clientOf(server, BOB);
    Y.applyUpdate(
      copy,
      edit(bob, () => text(bob, 's2').insert(0, '新增内容')),
    );
    expect(bodyText(copy, 's2')).not.toContain('新增内容');
  });

  it('deleting structs the same update brings is fine', () => {
    const server = serverDoc();
    const alice = clientOf(server, ALICE);
    const u1 = edit(alice, () => text(alice, 's1').insert(0, '临时文字'));
    const u2 = edit(alice, () => text(alice, 's1').delete(0, 2));
    const merged = Y.mergeUpdates([u1, u2]);
    expect(Y.decodeUpdate(merged).ds.clients.get(ALICE)).toBeDefined();
    expect(rootsOf(server, merged)).toEqual(['body:s1']);
  });
});
