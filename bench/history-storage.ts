import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { diffChain } from '../server/history/diff.ts';
import { History } from '../server/history/history.ts';
import { sectionJson, sectionNode } from '../server/history/section-content.ts';
import { addSection } from '../server/reports/doc-sections.ts';
import type { Connection } from '../server/rooms/connection.ts';
import { Room } from '../server/rooms/room.ts';
import { openStores } from '../server/storage/index.ts';
import type { Version } from '../server/storage/versions.ts';
import { bodyRoot } from '../shared/layout.ts';
import { MessageType, SyncStep } from '../shared/protocol.ts';

/**
 * `node --import tsx bench/history-storage.ts [days]`: what version history costs in storage for a
 * report of about 8,000 characters written by 10 people over `days` working days (default 20, four
 * weeks): a real Room with the update check, the SQLite stores and compaction, and History taking
 * versions. Eight writers own a section each, two leaders edit anywhere; everyone edits twice a day
 * (typing in 1–4 character updates, a fifth of them deletions, once a section is full about as much
 * deleted as typed). Time is simulated (Date.now is replaced): five-minute thinning and idle gaps
 * then mean what they mean. Evidence for docs/history.md, not part of `npm run bench`.
 */
const DAYS = Number(process.argv[2] ?? 20);
const SECTIONS = 8;
const PEOPLE = 10;
const SECTION_CHARS = 1000;
const PHRASES = [
  '坚持以习近平新时代中国特色社会主义思想为指导，',
  '组织开展民主协商活动X次，形成协商成果X项，',
  '深入基层调研X次，撰写调研报告X篇。',
  '认真落实全面从严治党主体责任，',
  '推动解决群众急难愁盼问题X个。',
  '存在的不足：调查研究还不够深入，',
];

let now = Date.UTC(2026, 2, 2, 1, 0, 0);
Date.now = () => now;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coreport-history-bench-'));
const stores = openStores(dir, 'normal');
const users = Array.from({ length: PEOPLE }, (_, i) => `u${i}`);
for (const id of users) {
  stores.accounts.create({ id, username: id, displayName: id, isAdmin: false }, 'x');
}
stores.reports.create({ id: 'r', title: '2026年度工作总结', createdBy: 'u0', createdAt: now }, 'u8');
const room = new Room('r', { docs: stores.docs, clientIds: stores.clientIds });
const history = new History(stores.versions, { idleMs: 1e12, maxMs: 1e12 });
history.attach(room);
const sids = Array.from({ length: SECTIONS }, (_, i) => `s${i}`);
room.change('u8', (doc) => {
  for (const [i, sid] of sids.entries()) {
    addSection(doc, {
      id: sid,
      title: `第${i + 1}部分`,
      level: 1,
      assignees: [`u${i}`],
      status: 'drafting',
      due: null,
    });
  }
});

const frame = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, SyncStep.update);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};
const conn = (id: string): Connection => ({
  user: { id, username: id, displayName: id, isAdmin: false },
  role: 'leader',
  acks: false,
  awarenessClientId: null,
  send: () => {},
  cork: () => {},
  uncork: () => {},
  close: (code, reason) => {
    throw new Error(`${id} refused: ${code} ${reason}`);
  },
});

/** Each person's replica, kept in sync with the room by applying what the room holds. */
const people = users.map((id) => {
  const doc = new Y.Doc();
  const c = conn(id);
  room.connect(c);
  let rawBytes = 0;
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'room') return;
    rawBytes += update.length;
    room.receive(c, frame(update));
    room.flush();
  });
  return { id, doc, rawBytes: () => rawBytes };
});
const sync = (doc: Y.Doc) =>
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc, Y.encodeStateVector(doc)), 'room');

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;

function sectionLength(doc: Y.Doc, sid: string): number {
  let n = 0;
  for (const p of doc.getXmlFragment(bodyRoot(sid)).toArray())
    n += ((p as Y.XmlElement).get(0) as Y.XmlText)?.length ?? 0;
  return n;
}

/** One editing session of one person in one section: about 60–150 characters of changes. */
function session(person: (typeof people)[number], sid: string): void {
  const { doc } = person;
  sync(doc);
  const body = doc.getXmlFragment(bodyRoot(sid));
  const budget = 60 + Math.floor(random() * 90);
  for (let done = 0; done < budget; ) {
    now += 1500 + Math.floor(random() * 3000);
    if (body.length === 0 || (random() < 0.05 && sectionLength(doc, sid) < SECTION_CHARS)) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText()]);
      body.push([p]);
      continue;
    }
    const text = (body.get(Math.floor(random() * body.length)) as Y.XmlElement).get(0) as Y.XmlText;
    const full = sectionLength(doc, sid) >= SECTION_CHARS;
    if (full && text.length > 30) {
      // A full section is revised rather than extended: a phrase replaced by another.
      text.delete(Math.floor(random() * (text.length - 20)), 20);
    }
    if (text.length > 4 && random() < 0.2) {
      const n = 1 + Math.floor(random() * 4);
      text.delete(Math.floor(random() * (text.length - n)), n);
      done += n;
    } else {
      const phrase = pick(PHRASES);
      const at = Math.floor(random() * (text.length + 1));
      for (let i = 0; i < phrase.length; ) {
        const n = Math.min(phrase.length - i, 1 + Math.floor(random() * 4));
        text.insert(at + i, phrase.slice(i, i + n));
        i += n;
        done += n;
        now += 300;
      }
    }
  }
  // The idle gap after the session: its burst becomes a version.
  now += 10 * 60_000;
  history.checkpoint(room, sid);
}

const started = performance.now();
for (let day = 0; day < DAYS; day++) {
  now = Date.UTC(2026, 2, 2 + day + Math.floor(day / 5) * 2, 1, 0, 0);
  for (let round = 0; round < 2; round++) {
    for (const [i, person] of people.entries()) session(person, i < SECTIONS ? sids[i]! : pick(sids));
    now += 3 * 3600_000;
  }
  // A weekly round of 提交审阅 and 退回 per section, and a 送审稿 at the end of week two and four.
  if (day % 5 === 4) {
    for (const sid of sids) {
      history.capture(room, sid, 'submitted', `u${sids.indexOf(sid)}`);
      history.capture(room, sid, 'returned', 'u8');
    }
  }
  if (day % 10 === 9) for (const sid of sids) history.capture(room, sid, 'named', 'u8', { name: '送审稿' });
}
room.compact();
const elapsed = performance.now() - started;

const one = <T>(sql: string) => stores.db.prepare(sql).get() as T;
const versions = one<{ n: number; bytes: number }>(
  'SELECT COUNT(*) AS n, SUM(LENGTH(content)) AS bytes FROM versions',
);
const json = (stores.db.prepare('SELECT content FROM versions').all() as { content: Buffer }[]).reduce(
  (sum, r) => sum + inflateRawSync(r.content).length,
  0,
);
const kept = one<{ n: number; bytes: number }>(
  'SELECT COUNT(*) AS n, SUM(LENGTH(bytes)) AS bytes FROM update_history',
);
const snapshot = one<{ bytes: number }>('SELECT LENGTH(bytes) AS bytes FROM snapshots');
const raw = people.reduce((sum, p) => sum + p.rawBytes(), 0);
const appended = one<{ n: number }>('SELECT MAX(to_seq) AS n FROM update_history');
let chars = 0;
for (const sid of sids) chars += sectionLength(room.doc, sid);

/** The diff route's work: from a version of s0 through the later ones to now. */
function timedDiff(from: Version) {
  const t0 = performance.now();
  const later = stores.versions
    .list('r', 's0', 300)
    .filter((v) => v.id > from.id)
    .reverse();
  const steps = later.map((v) => ({
    doc: sectionNode(stores.versions.content('r', v.id)),
    authors: v.authors,
  }));
  steps.push({ doc: sectionNode(sectionJson(room.doc, 's0')), authors: [] });
  const result = diffChain(sectionNode(stores.versions.content('r', from.id)), steps);
  return { steps: steps.length, result, ms: performance.now() - t0 };
}
const s0 = stores.versions.list('r', 's0', 10_000);
timedDiff(s0[1]!); // warm-up
const longest = timedDiff(s0.at(-1)!);
const sinceNamed = timedDiff(s0.filter((v) => v.kind === 'named').at(-1)!);

stores.db.pragma('wal_checkpoint(TRUNCATE)');
const fileBytes = fs.statSync(path.join(dir, 'coreport.sqlite')).size;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
console.log(
  `history storage: ${DAYS} working days, ${PEOPLE} people, ${SECTIONS} sections, ${chars} characters at the end`,
);
console.log(
  `  simulated in ${(elapsed / 1000).toFixed(1)} s; ${appended.n} updates stored (${kb(raw)} as sent)`,
);
console.log(
  `  versions: ${versions.n}, ${kb(versions.bytes)} deflated (${(versions.bytes / versions.n / 1024).toFixed(1)} KB each; JSON ${(json / versions.n / 1024).toFixed(1)} KB each)`,
);
console.log(`  update_history (thinned log): ${kept.n} rows, ${kb(kept.bytes)} (raw log ${kb(raw)})`);
console.log(`  live snapshot: ${kb(snapshot.bytes)}; database file after checkpoint: ${kb(fileBytes)}`);
for (const [what, d] of [
  ['first version', longest],
  ['送审稿 of week two', sinceNamed],
] as const) {
  console.log(
    `  diff of s0 from its ${what} through ${d.steps} versions: ${d.ms.toFixed(0)} ms (+${d.result.added} −${d.result.removed})`,
  );
}
room.destroy();
stores.db.close();
fs.rmSync(dir, { recursive: true, force: true });
