/**
 * Differential fuzzer for analyzeUpdate: random edits by random clients in random roots, delivered
 * as single, merged or reconnect (sync step 2) updates, plus forged variants of each update.
 * Ground truth is a split-invariant fingerprint of every root before and after applying.
 */
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { analyzeUpdate } from '../server/rooms/update-check.ts';
import { bodyRoot } from '../shared/layout.ts';
import { propertyRuns, scaled } from './helpers/scale.ts';

const SIDS = ['s1', 's2', 's3'];
const CLIENT_IDS = [11, 22, 33];
const WORDS = ['坚持', '政治引领', '民主协商', '活动', '3次', '。', '，'];

function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  doc.transact(() => {
    doc.getMap('meta').set('title', '年度工作总结');
    doc.getArray<string>('outline').push(SIDS);
    for (const sid of SIDS) {
      const info = new Y.Map<unknown>();
      doc.getMap('sections').set(sid, info);
      info.set('status', 'drafting');
      for (let n = 0; n < 2; n++)
        doc.getXmlFragment(bodyRoot(sid)).push([paragraph(`一是坚持政治引领${n}。`)]);
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

interface Op {
  client: number;
  kind: number;
  a: number;
  b: number;
}

/** The root an op writes. */
function rootOf({ kind, a }: Op): string {
  return kind <= 5
    ? bodyRoot(SIDS[a % SIDS.length])
    : (['meta', 'sections', 'outline'][kind - 6] ?? 'comments');
}

/** Apply one random edit. */
function applyOp(doc: Y.Doc, { kind, a, b }: Op): void {
  const sid = SIDS[a % SIDS.length];
  const body = doc.getXmlFragment(bodyRoot(sid));
  const p = body.length > 0 ? (body.get(b % body.length) as Y.XmlElement) : null;
  const t = p?.get(0) instanceof Y.XmlText ? (p.get(0) as Y.XmlText) : null;
  const word = WORDS[(a + b) % WORDS.length];
  switch (kind) {
    case 0:
      if (t) t.insert(b % (t.length + 1), word);
      return;
    case 1:
      if (t && t.length > 0) t.delete(a % t.length, 1 + (b % 3));
      return;
    case 2:
      if (t && t.length > 0) t.format(a % t.length, 1 + (b % 4), { bold: b % 2 === 0 ? true : null });
      return;
    case 3:
      body.insert(b % (body.length + 1), [paragraph(word)]);
      return;
    case 4:
      if (body.length > 1) body.delete(b % body.length, 1);
      return;
    case 5:
      p?.setAttribute('textAlign', b % 2 === 0 ? 'left' : 'center');
      return;
    case 6:
      doc.getMap('meta').set(`k${a % 3}`, word);
      return;
    case 7:
      (doc.getMap('sections').get(sid) as Y.Map<unknown>).set('status', ['todo', 'submitted'][b % 2]);
      return;
    case 8:
      doc.getArray<string>('outline').push([`x${b}`]);
      return;
    default: {
      const c = new Y.Map<unknown>();
      doc.getMap('comments').set(`c${b % 4}`, c);
      c.set('body', word);
    }
  }
}

/** Per-clock fingerprint of every root, so that splitting or merging items does not show as a change. */
function fingerprint(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, type] of doc.share) out.set(name, typePrint(type));
  return out;
}

function typePrint(type: { _start: Y.Item | null; _map: Map<string, Y.Item> }): string {
  const units: string[] = [];
  for (let n = type._start; n !== null; n = n.right) itemPrint(n, '', units);
  for (const key of [...type._map.keys()].sort()) {
    for (let n = type._map.get(key) ?? null; n !== null; n = n.left) itemPrint(n, `${key}=`, units);
  }
  return units.join('|');
}

function itemPrint(n: Y.Item, prefix: string, units: string[]): void {
  const head = `${prefix}${n.id.client}:${n.id.clock}`;
  if (n.content instanceof Y.ContentType) {
    const el = n.content.type as unknown as { nodeName?: string };
    units.push(`${head}${n.deleted ? 'D' : ''}<${el.nodeName ?? ''}>{${typePrint(n.content.type)}}`);
    return;
  }
  const items = n.content.getContent();
  for (let i = 0; i < n.length; i++) {
    units.push(
      `${head}+${i}${n.deleted ? 'D' : ''}${n.content.constructor.name}${JSON.stringify(items[i] ?? '')}`,
    );
  }
}

/** Structural invariants yjs relies on: every listed item names its list's type, lengths add up. */
function checkIntegrity(type: { _start: Y.Item | null; _map: Map<string, Y.Item>; _length: number }): void {
  let length = 0;
  for (let n = type._start; n !== null; n = n.right) {
    if (n.parent !== type)
      throw new Error(`item ${n.id.client}:${n.id.clock} is listed under a foreign type`);
    if (n.countable && !n.deleted) length += n.length;
    if (n.content instanceof Y.ContentType) checkIntegrity(n.content.type);
  }
  if (length !== type._length)
    throw new Error(`type length ${type._length} but its items add up to ${length}`);
  for (const item of type._map.values()) {
    for (let n: Y.Item | null = item; n !== null; n = n.left) {
      if (n.parent !== type) throw new Error(`map item ${n.id.client}:${n.id.clock} under a foreign type`);
      if (n.content instanceof Y.ContentType) checkIntegrity(n.content.type);
    }
  }
}

function changedRoots(before: Map<string, string>, after: Map<string, string>): Set<string> {
  const changed = new Set<string>();
  // yjs creates a root for every name it decodes; an empty one is no write.
  for (const [name, print] of after) if ((before.get(name) ?? '') !== print) changed.add(name);
  return changed;
}

/** Analyze `update` against `doc`; if accepted, apply it and check that the analysis covered the effect. */
function checkAndApply(doc: Y.Doc, update: Uint8Array): ReturnType<typeof analyzeUpdate> {
  const analysis = analyzeUpdate(doc, update);
  if (!analysis.ok) return analysis;
  const before = fingerprint(doc);
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
  Y.applyUpdate(doc, update);
  expect(doc.store.pendingStructs).toBeNull();
  expect(doc.store.pendingDs).toBeNull();
  for (const type of doc.share.values()) checkIntegrity(type);
  // Deleted format markers write no root: they are reported apart (the room restores the formatting
  // where the sender may not write), so a root they alone change is in `markers`.
  const reported = new Set([...analysis.roots, ...analysis.markers.values()]);
  for (const root of changedRoots(before, fingerprint(doc))) expect(reported).toContain(root);
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if (clock !== (sv.get(client) ?? 0)) expect(analysis.clients).toContain(client);
  }
  if (analysis.empty) expect(fingerprint(doc)).toEqual(before);
  return analysis;
}

/** A small deterministic PRNG, seeded by fast-check, for the forging choices. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** Rewrite references, map keys and delete ranges of a real update at random. */
function forge(server: Y.Doc, update: Uint8Array, seed: number): Uint8Array {
  const rnd = prng(seed);
  const { structs, ds } = Y.decodeUpdate(update);
  const pool: Y.ID[] = [];
  for (const [client, list] of server.store.clients) {
    const state = Y.getState(server.store, client);
    for (let i = 0; i < 4; i++) pool.push(Y.createID(client, rnd(state)));
    for (const s of list) if (rnd(8) === 0) pool.push(s.id);
  }
  for (const s of structs) pool.push(Y.createID(s.id.client, s.id.clock + rnd(s.length)));
  pool.push(Y.createID(77, rnd(3)));
  const pick = () => pool[rnd(pool.length)];
  for (const s of structs) {
    if (!(s instanceof Y.Item) || rnd(3) !== 0) continue;
    const what = rnd(5);
    if (what === 0) s.origin = pick();
    else if (what === 1) s.rightOrigin = pick();
    else if (what === 2) {
      s.origin = null;
      s.rightOrigin = null;
      s.parent = rnd(2) === 0 ? pick() : (bodyRoot(SIDS[rnd(3)]) as unknown as Y.ID);
    } else if (what === 3 && s.origin === null && s.rightOrigin === null) s.parentSub = `k${rnd(2)}`;
    else if (what === 4) s.origin = s.rightOrigin = null;
    if (s.origin === null && s.rightOrigin === null && s.parent === null) s.parent = pick();
  }
  const byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  for (const s of structs) byClient.set(s.id.client, [...(byClient.get(s.id.client) ?? []), s]);
  const sections: Array<[number, Array<Y.Item | Y.GC | Y.Skip>]> = [];
  for (const [client, list] of byClient) {
    const state = Y.getState(server.store, client);
    const what = rnd(10);
    if (what === 0)
      list.shift(); // a clock gap
    else if (what <= 3 && state > 0) {
      // Slide the section back so that it overlaps what the server has.
      // Half the time by less than the first struct's length, so that it straddles the server's state.
      const max = rnd(2) === 0 ? list[0].length - 1 : list[0].id.clock + 1;
      const d = 1 + rnd(Math.max(1, Math.min(state, max)));
      for (const s of list) s.id = Y.createID(client, s.id.clock - d);
    } else if (what === 4) {
      const i = rnd(list.length);
      list[i] = new Y.Skip(list[i].id, list[i].length);
    }
    if (list.length > 0) sections.push([client, list]);
    if (what === 5) sections.push([client, []]); // a repeated, empty section
  }
  const enc = new Y.UpdateEncoderV1();
  encoding.writeVarUint(enc.restEncoder, sections.length);
  for (const [client, list] of sections) {
    encoding.writeVarUint(enc.restEncoder, list.length);
    enc.writeClient(client);
    encoding.writeVarUint(enc.restEncoder, list[0]?.id.clock ?? 0);
    for (const s of list) s.write(enc, 0);
  }
  const ranges = [...ds.clients].map(
    ([client, items]) => [client, items.map((d) => [d.clock, d.len])] as const,
  );
  const [someClient] = [...server.store.clients.keys()];
  ranges.push([someClient, [[rnd(Y.getState(server.store, someClient) + 3), 1 + rnd(3)]]]);
  encoding.writeVarUint(enc.restEncoder, ranges.length);
  for (const [client, items] of ranges) {
    encoding.writeVarUint(enc.restEncoder, client);
    encoding.writeVarUint(enc.restEncoder, items.length);
    for (const [clock, len] of items) {
      enc.writeDsClock(clock);
      enc.writeDsLen(len);
    }
  }
  return enc.toUint8Array();
}

/**
 * How a client's pending updates reach the server: one by one, merged, as a reconnect sync step 2,
 * or half one by one and then a step 2 from the stale state vector (overlapping what just arrived).
 * Each delivery carries the roots its edits wrote.
 */
function* deliveries(
  server: Y.Doc,
  doc: Y.Doc,
  outbox: Array<{ update: Uint8Array; root: string }>,
  mode: number,
) {
  const rootsOf = (list: typeof outbox) => new Set(list.map((o) => o.root));
  if (mode === 0) for (const o of outbox) yield { update: o.update, roots: rootsOf([o]) };
  else if (mode === 1) yield { update: Y.mergeUpdates(outbox.map((o) => o.update)), roots: rootsOf(outbox) };
  else if (mode === 2)
    yield { update: Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)), roots: rootsOf(outbox) };
  else {
    const stale = Y.encodeStateVector(server);
    const k = outbox.length >> 1;
    for (const o of outbox.slice(0, k)) yield { update: o.update, roots: rootsOf([o]) };
    yield { update: Y.encodeStateAsUpdate(doc, stale), roots: rootsOf(outbox.slice(k)) };
  }
}

/** 5,000 runs under `npm run fuzz` take minutes on a loaded machine. */
const LONG_TIMEOUT = scaled(30_000, 1_800_000);

const opArb = fc.record({
  client: fc.nat(CLIENT_IDS.length - 1),
  kind: fc.nat(13), // 10..13: deliver this client's pending updates
  a: fc.nat(50),
  b: fc.nat(50),
});

describe('analyzeUpdate differential fuzzing', () => {
  it(
    'stock updates: accepted, roots are exactly what the client wrote and cover every change',
    () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
          const server = serverDoc();
          const clients = CLIENT_IDS.map((id) => {
            const doc = new Y.Doc();
            doc.clientID = id;
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), 'server');
            const c = { doc, outbox: [] as Array<{ update: Uint8Array; root: string }>, root: '' };
            doc.on('update', (update: Uint8Array, origin: unknown) => {
              if (origin !== 'server') c.outbox.push({ update, root: c.root });
            });
            return c;
          });
          for (const op of [...ops, ...CLIENT_IDS.map((_, client) => ({ client, kind: 10, a: 0, b: 0 }))]) {
            const c = clients[op.client];
            if (op.kind < 10) {
              c.root = rootOf(op);
              applyOp(c.doc, op);
              continue;
            }
            for (const { update, roots } of deliveries(server, c.doc, c.outbox, op.kind - 10)) {
              const analysis = checkAndApply(server, update);
              if (!analysis.ok) throw new Error(`stock update rejected: ${analysis.reason}`);
              for (const root of analysis.roots) expect(roots).toContain(root);
              for (const id of analysis.clients) expect(id).toBe(c.doc.clientID);
            }
            c.outbox.length = 0;
            Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(c.doc)), 'server');
          }
        }),
        propertyRuns(150, 5000),
      );
    },
    LONG_TIMEOUT,
  );

  it(
    'forged updates: whatever is accepted applies cleanly and only touches the reported roots',
    () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), fc.nat(), (ops, seed) => {
          const server = serverDoc();
          const clients = CLIENT_IDS.map((id) => {
            const doc = new Y.Doc();
            doc.clientID = id;
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
            return doc;
          });
          for (const [i, op] of ops.entries()) {
            const doc = clients[op.client];
            if (op.kind >= 10) {
              Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
              continue;
            }
            const sv = Y.encodeStateVector(server);
            applyOp(doc, op);
            const update = Y.encodeStateAsUpdate(doc, sv);
            const copy = new Y.Doc();
            Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
            checkAndApply(copy, forge(server, update, seed + i));
            expect(checkAndApply(server, update).ok).toBe(true);
          }
        }),
        propertyRuns(150, 5000),
      );
    },
    LONG_TIMEOUT,
  );
});
