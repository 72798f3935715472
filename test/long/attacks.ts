/**
 * Crafted updates a hostile writer (assigned only `body:s3`) can send, each built against the server's
 * current doc: references into others' sections, deletes naming others' items, client-id squats, clock
 * gaps, huge counts, map entries, subdocuments, structure and suggestion writes, random byte damage, floods of
 * new client ids, writes under the server's own client id, and honest edits of its own section in between.
 */
import * as Y from 'yjs';
import { bodyRoot } from '../../shared/layout.ts';
import { decodeSections, editOf, encodeUpdate, hugeCountUpdate, type Struct } from '../helpers/forge.ts';

export const ATTACKER = 3003;
export const OWN = 's3';

/** A deterministic PRNG: `rnd(n)` is in 0..n-1. */
export function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

type Rnd = (n: number) => number;

/** Ids of live or deleted items under `root` (the victims' content). */
function idsUnder(doc: Y.Doc, root: string): Y.ID[] {
  const out: Y.ID[] = [];
  const walk = (type: { _start: Y.Item | null }) => {
    for (let n = type._start; n !== null; n = n.right) {
      for (let i = 0; i < n.length; i++) out.push(Y.createID(n.id.client, n.id.clock + i));
      if (n.content instanceof Y.ContentType) walk(n.content.type as unknown as { _start: Y.Item | null });
    }
  };
  walk(doc.getXmlFragment(root) as unknown as { _start: Y.Item | null });
  return out;
}

/** An honest edit of the attacker's own section: type, delete, or add a paragraph. */
export function ownEdit(server: Y.Doc, rnd: Rnd, clientID = ATTACKER): Uint8Array {
  return editOf(server, clientID, (doc) => {
    const body = doc.getXmlFragment(bodyRoot(OWN));
    if (body.length === 0 || rnd(4) === 0) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`攻击者的段落${rnd(100)}`)]);
      body.insert(rnd(body.length + 1), [p]);
      return;
    }
    const t = (body.get(rnd(body.length)) as Y.XmlElement).get(0) as Y.XmlText | undefined;
    if (!t) return;
    if (t.length > 2 && rnd(3) === 0) t.delete(rnd(t.length - 1), 1);
    else t.insert(rnd(t.length + 1), '字');
  });
}

type Attack = (server: Y.Doc, rnd: Rnd, victims: { sections: string[]; clients: number[] }) => Uint8Array;

const pick = <T>(rnd: Rnd, list: T[]): T | undefined => (list.length ? list[rnd(list.length)] : undefined);

/** Re-encodes an own edit after `mutate` tampered with its structs. */
function tampered(server: Y.Doc, rnd: Rnd, mutate: (items: Y.Item[], structs: Struct[]) => void): Uint8Array {
  const { sections, ds } = decodeSections(ownEdit(server, rnd));
  const structs = sections.flatMap((s) => s.structs);
  mutate(
    structs.filter((s): s is Y.Item => s instanceof Y.Item),
    structs,
  );
  return encodeUpdate(sections, ds);
}

const victimId = (server: Y.Doc, rnd: Rnd, sections: string[]) =>
  pick(rnd, idsUnder(server, bodyRoot(pick(rnd, sections)!))) ?? Y.createID(1, 0);

export const ATTACKS: Record<string, Attack> = {
  originIntoOther: (server, rnd, v) =>
    tampered(server, rnd, (items) => {
      const item = pick(rnd, items);
      if (item) item.origin = victimId(server, rnd, v.sections);
    }),
  rightOriginIntoOther: (server, rnd, v) =>
    tampered(server, rnd, (items) => {
      const item = pick(rnd, items);
      if (item) item.rightOrigin = victimId(server, rnd, v.sections);
    }),
  parentIsOther: (server, rnd, v) =>
    tampered(server, rnd, (items) => {
      const item = pick(rnd, items);
      if (!item) return;
      item.origin = null;
      item.rightOrigin = null;
      item.parent = (rnd(2) ? bodyRoot(pick(rnd, v.sections)!) : victimId(server, rnd, v.sections)) as never;
    }),
  deleteOthers: (server, rnd, v) => {
    const { sections, ds } = decodeSections(ownEdit(server, rnd));
    const id = victimId(server, rnd, v.sections);
    ds.push([id.client, id.clock, 1 + rnd(5)]);
    return encodeUpdate(rnd(2) ? sections : [], ds);
  },
  squatGc: (server, rnd, v) => {
    const client = pick(rnd, v.clients)!;
    const clock = Y.getState(server.store, client);
    const len = [1, 1000, 2 ** 24 - 1, 2 ** 40][rnd(4)]!;
    return encodeUpdate([{ client, structs: [new Y.GC(Y.createID(client, clock), len)] }]);
  },
  squatItem: (server, rnd, v) =>
    // Own-section text written under a victim's client id: forged authorship, and it would block them.
    editOf(server, pick(rnd, v.clients)!, (doc) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('冒名')]);
      doc.getXmlFragment(bodyRoot(OWN)).push([p]);
    }),
  squatSkip: (server, rnd, v) => {
    const client = pick(rnd, v.clients)!;
    const clock = Y.getState(server.store, client);
    return encodeUpdate([{ client, structs: [new Y.Skip(Y.createID(client, clock), 1 + rnd(1000))] }]);
  },
  // Issue 13 item 4: more new client ids than one update may bring (GC only: no section written).
  clientIdFlood: (_server, rnd) => {
    const first = 10_000_000 + rnd(1_000_000) * 2000;
    const count = 9 + rnd(2000);
    return encodeUpdate(
      Array.from({ length: count }, (_, i) => ({
        client: first + i,
        structs: [new Y.GC(Y.createID(first + i, 0), 1 + rnd(3))],
      })),
    );
  },
  // Own-section text under the id the server itself writes under (issue 13 item 10).
  serverIdSquat: (server) =>
    editOf(server, server.clientID, (doc) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('冒充服务器')]);
      doc.getXmlFragment(bodyRoot(OWN)).push([p]);
    }),
  clockGap: (server, rnd) => {
    const { sections, ds } = decodeSections(ownEdit(server, rnd));
    for (const s of sections) s.clock = (s.structs[0]?.id.clock ?? 0) + 1 + rnd(10);
    for (const s of sections) {
      let clock = s.clock!;
      for (const st of s.structs) {
        st.id = Y.createID(s.client, clock);
        clock += st.length;
      }
    }
    return encodeUpdate(sections, ds);
  },
  hugeCount: (_server, rnd, v) => hugeCountUpdate(rnd(2) ? ATTACKER : pick(rnd, v.clients)!),
  hugeAdvance: (server) => {
    const clock = Y.getState(server.store, ATTACKER);
    return encodeUpdate([{ client: ATTACKER, structs: [new Y.GC(Y.createID(ATTACKER, clock), 2 ** 30)] }]);
  },
  mapEntryOnBody: (server, rnd) =>
    tampered(server, rnd, (items) => {
      const item = pick(rnd, items);
      if (!item) return;
      item.origin = null;
      item.rightOrigin = null;
      item.parent = bodyRoot(OWN) as never;
      item.parentSub = `k${rnd(3)}`;
    }),
  subdocument: (server) =>
    editOf(server, ATTACKER, (doc) => {
      const p = new Y.XmlElement('paragraph');
      doc.getXmlFragment(bodyRoot(OWN)).push([p]);
      (doc.getMap('x') as Y.Map<Y.Doc>).set('d', new Y.Doc());
    }),
  structureWrite: (server, rnd, v) =>
    editOf(server, ATTACKER, (doc) => {
      const sections = doc.getMap<Y.Map<unknown>>('sections');
      const which = rnd(4);
      if (which === 0) sections.get(pick(rnd, v.sections)!)?.set('status', 'approved');
      else if (which === 1) sections.get(OWN)?.set('assignees', ['w1', 'w2', 'w3']);
      else if (which === 2) doc.getArray('outline').delete(0, 1);
      else doc.getMap('meta').set('title', '篡改');
    }),
  // The server-only `suggestions` root (issue 17): forge one, delete the real ones, or smuggle a
  // forged one in with an honest edit of the attacker's own section.
  suggestionsWrite: (server, rnd, v) =>
    editOf(server, ATTACKER, (doc) => {
      const map = doc.getMap<unknown>('suggestions');
      const which = rnd(3);
      if (which === 1) for (const id of [...map.keys()]) map.delete(id);
      else {
        const forged = { anchor: null, quote: '', replacement: '伪造的修订', author: 'w1', createdAt: 1 };
        map.set(`g${rnd(1000)}`, { ...forged, sectionId: pick(rnd, v.sections) });
        if (which === 2) {
          const p = new Y.XmlElement('paragraph');
          p.insert(0, [new Y.XmlText('本节的正常修改')]);
          doc.getXmlFragment(bodyRoot(OWN)).push([p]);
        }
      }
    }),
  bytesFlipped: (server, rnd) => {
    const update = ownEdit(server, rnd);
    const out = update.slice();
    for (let n = 1 + rnd(3); n > 0; n--) out[rnd(out.length)] = rnd(256);
    return rnd(4) === 0 ? out.slice(0, rnd(out.length)) : out;
  },
};

export const ATTACK_NAMES = Object.keys(ATTACKS);
