/**
 * Differential attack test for the section check. Two honest writers edit their sections (s1, s2) with
 * a seeded sequence of edits; in a second run a hostile writer (assigned s3) sends crafted updates in
 * between (test/long/attacks.ts). Every root but `body:s3` must end identical (same structs, same
 * ids, same deletions) to the run without the attacker, live and as stored, and read the same (text and
 * formatting); every refused update must leave the doc byte-identical; the honest writers are never
 * refused. One exception to "same structs": format markers. Any writer may delete markers anywhere
 * (stock clients do, cleaning up), and where it may not write the server restores the formatting they
 * carried with markers of its own (docs/enforcement.md), so markers are compared by what they show.
 * `npm run fuzz` runs it longer.
 */

import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { bodyRoot } from '../shared/layout.ts';
import { fingerprintExcept, visibleExcept } from './helpers/fingerprint.ts';
import {
  awarenessFrame,
  type FakeConnection,
  fakeConnection,
  type Harness,
  roomHarness,
  step2Frame,
  updateFrame,
} from './helpers/room-harness.ts';
import { figure, scaled } from './helpers/scale.ts';
import { ATTACK_NAMES, ATTACKS, OWN, ownEdit, prng } from './long/attacks.ts';

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.close();
});

const HONEST = [
  { user: 'w1', sid: 's1', client: 1001 },
  { user: 'w2', sid: 's2', client: 1002 },
];
const notOwn = (root: string) => root === bodyRoot(OWN);
const KINDS = [...ATTACK_NAMES, 'awarenessSquat'];
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
/** Everything outside the attacker's section: its live structs (format markers aside) and what it shows. */
const others = (doc: Y.Doc) => ({
  structs: fingerprintExcept(doc, notOwn, { liveContentOnly: true }),
  visible: visibleExcept(doc, notOwn),
});

function awarenessOf(clientID: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalStateField('cursor', null);
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [clientID]);
  awareness.destroy();
  return update;
}

/** An honest edit of the writer's own section; returns the one update it makes. */
function honestEdit(doc: Y.Doc, sid: string, rnd: (n: number) => number): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const body = doc.getXmlFragment(bodyRoot(sid));
  doc.transact(() => {
    const kind = rnd(6);
    if (body.length === 0 || kind === 0) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`一是坚持政治引领${rnd(10)}。`)]);
      body.insert(rnd(body.length + 1), [p]);
      return;
    }
    const p = body.get(rnd(body.length)) as Y.XmlElement;
    const t = p.get(0) as Y.XmlText;
    if (kind === 1 && body.length > 1) body.delete(rnd(body.length), 1);
    else if (kind === 2 && t.length > 1) t.delete(rnd(t.length - 1), 1 + rnd(2));
    else if (kind === 3 && t.length > 1) t.format(rnd(t.length - 1), 1, { bold: rnd(2) ? true : null });
    else t.insert(rnd(t.length + 1), ['组织', '协商', 'X次', '，'][rnd(4)]!);
  });
  return Y.encodeStateAsUpdate(doc, before);
}

interface Outcome {
  live: ReturnType<typeof others>;
  stored: ReturnType<typeof others>;
  sent: Record<string, number>;
  refused: Record<string, number>;
  applied: Record<string, number>;
}

function run(seed: number, steps: number, attack: boolean): Outcome {
  // Thousands of messages in one synchronous burst: no rate limit here (it has tests of its own).
  const unlimited = { messageRate: 1e9, messageBurst: 1e9, byteRate: 1e12, byteBurst: 1e12 };
  const h = roomHarness({ limits: unlimited }, 3, { s1: ['w1'], s2: ['w2'], s3: ['w3'] });
  harnesses.push(h);
  const { room } = h;
  // Pending suggestions (server-written), for the suggestionsWrite attack to try to delete.
  room.change(null, (doc) => {
    const map = doc.getMap<unknown>('suggestions');
    for (const sid of ['s1', 's2']) {
      map.set(`g-${sid}`, {
        sectionId: sid,
        anchor: null,
        quote: '',
        replacement: '补充',
        author: 'w3',
        createdAt: 1,
      });
    }
  });
  const writers = HONEST.map((w) => {
    const doc = new Y.Doc();
    doc.clientID = w.client;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
    const conn = fakeConnection(w.user, 'writer');
    room.connect(conn);
    room.receive(conn, awarenessFrame(awarenessOf(w.client))); // as a stock provider does on connect
    return { ...w, doc, conn };
  });
  const hostile: { conn: FakeConnection | null } = { conn: null };
  const connection = (): FakeConnection => {
    if (hostile.conn?.closed.length === 0) return hostile.conn;
    if (hostile.conn) room.disconnect(hostile.conn);
    const conn = fakeConnection('w3', 'writer');
    room.connect(conn);
    room.receive(conn, step2Frame(new Uint8Array([0, 0]))); // caught up: refusals close from now on
    hostile.conn = conn;
    return conn;
  };
  const honestRnd = prng(seed);
  const attackRnd = prng(seed ^ 0x5bd1e995);
  const refused: Record<string, number> = {};
  const applied: Record<string, number> = {};
  const sent: Record<string, number> = {};
  const victims = { sections: HONEST.map((w) => w.sid), clients: HONEST.map((w) => w.client) };
  for (let step = 0; step < steps; step++) {
    const w = writers[honestRnd(writers.length)]!;
    room.receive(w.conn, updateFrame(honestEdit(w.doc, w.sid, honestRnd)));
    room.flush();
    expect(w.conn.closed).toEqual([]);
    if (!attack) continue;
    for (let k = attackRnd(3); k > 0; k--) {
      const conn = connection();
      const name = attackRnd(4) === 0 ? 'ownEdit' : KINDS[attackRnd(KINDS.length)]!;
      sent[name] = (sent[name] ?? 0) + 1;
      const before = Y.encodeStateAsUpdate(room.doc);
      const untouched = others(room.doc);
      if (name === 'awarenessSquat') {
        room.receive(conn, awarenessFrame(awarenessOf(victims.clients[attackRnd(2)]!)));
      } else {
        const update =
          name === 'ownEdit' ? ownEdit(room.doc, attackRnd) : ATTACKS[name]!(room.doc, attackRnd, victims);
        room.receive(conn, attackRnd(2) ? updateFrame(update) : step2Frame(update));
      }
      room.flush();
      const after = Y.encodeStateAsUpdate(room.doc);
      if (conn.closed.length > 0) {
        refused[name] = (refused[name] ?? 0) + 1;
        expect(after).toEqual(before);
      } else {
        // Not refused: applied (then only to its own section) or a no-op, such as a lone Skip.
        if (!equal(after, before)) applied[name] = (applied[name] ?? 0) + 1;
        expect(others(room.doc)).toEqual(untouched);
      }
    }
  }
  return {
    live: others(room.doc),
    stored: others(h.storedDoc()),
    sent,
    refused,
    applied,
  };
}

describe('differential attack test', () => {
  it(
    'a hostile writer changes nothing outside its own section',
    () => {
      const steps = scaled(400, 2_500);
      const seeds = scaled(2, 6);
      const totals: Record<string, { sent: number; refused: number; applied: number }> = {};
      for (let seed = 1; seed <= seeds; seed++) {
        const clean = run(seed, steps, false);
        const attacked = run(seed, steps, true);
        expect(attacked.live).toEqual(clean.live);
        expect(attacked.stored).toEqual(clean.stored);
        expect(clean.stored).toEqual(clean.live);
        for (const name of Object.keys(attacked.sent)) {
          totals[name] ??= { sent: 0, refused: 0, applied: 0 };
          totals[name].sent += attacked.sent[name] ?? 0;
          totals[name].refused += attacked.refused[name] ?? 0;
          totals[name].applied += attacked.applied[name] ?? 0;
        }
        for (const h of harnesses.splice(0)) h.close();
      }
      figure('attack-differential', { seeds, steps, totals });
      // Every kind ran; the purely hostile ones never changed anything; honest own edits got through.
      for (const name of [...KINDS, 'ownEdit']) expect(totals[name]).toBeDefined();
      for (const name of [
        'squatGc',
        'squatItem',
        'squatSkip',
        'clientIdFlood',
        'serverIdSquat',
        'hugeCount',
        'hugeAdvance',
        'subdocument',
        'structureWrite',
        'suggestionsWrite',
        'awarenessSquat',
      ]) {
        expect(totals[name]!.applied).toBe(0);
      }
      expect(totals.ownEdit!.applied).toBeGreaterThan(0);
      expect(totals.ownEdit!.refused).toBe(0);
    },
    scaled(120_000, 6 * 3_600_000),
  );
});
