/**
 * `node --import tsx bench/turn-cost.ts [--rooms=1,10,50] [--turns=400]`: the server CPU of one keystroke
 * turn in N rooms at once (each room: one writer typing one character, one reader), through real Rooms
 * on a real SQLite file, with the rooms' turns ended together (group commit, server/rooms/turns.ts) and
 * each room on its own (one transaction per room). CPU time of this process (process.cpuUsage), not wall
 * time, so a busy machine slows it less; sockets are fake, so this is the storage and pipeline share only.
 */
import * as Y from 'yjs';
import { addSection } from '../server/reports/doc-sections.ts';
import { Room, type RoomDeps } from '../server/rooms/room.ts';
import { Turns } from '../server/rooms/turns.ts';
import { openStores } from '../server/storage/index.ts';
import { typeInto } from '../test/helpers/clients.ts';
import { fakeConnection, updateFrame } from '../test/helpers/room-harness.ts';
import { tempDir } from './lib/servers.ts';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const roomCounts = arg('rooms', '1,10,50').split(',').map(Number);
const turns = Number(arg('turns', '400'));
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

async function run(rooms: number, grouped: boolean): Promise<number> {
  const stores = openStores(tempDir('turn-cost-'), 'normal');
  stores.db
    .prepare(
      "INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES ('u', 'u', 'u', 'x', 0, 0)",
    )
    .run();
  const deps: RoomDeps = { docs: stores.docs, clientIds: stores.clientIds };
  if (grouped) deps.turns = new Turns(stores.docs);
  const open = Array.from({ length: rooms }, (_, n) => {
    const id = `r${n}`;
    stores.db
      .prepare("INSERT INTO reports (id, title, created_by, created_at) VALUES (?, '报告', 'u', 0)")
      .run(id);
    const room = new Room(id, deps);
    room.change(null, (doc) =>
      addSection(doc, {
        id: 's1',
        title: '一、',
        level: 1,
        assignees: ['w1'],
        status: 'drafting',
        due: null,
      }),
    );
    const writer = fakeConnection('w1', 'writer');
    const reader = fakeConnection('u', 'leader');
    room.connect(writer);
    room.connect(reader);
    const client = new Y.Doc();
    client.clientID = 1000 + n;
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
    typeInto(client, 's1', '');
    let last: Uint8Array = new Uint8Array();
    client.on('update', (u: Uint8Array) => {
      last = u;
    });
    const key = (i: number) => {
      typeInto(client, 's1', '字', i);
      room.receive(writer, updateFrame(last));
      writer.sent.length = 0;
      reader.sent.length = 0;
    };
    return { room, key };
  });
  // Warm-up, then the measured turns.
  for (let i = 0; i < 50; i++) {
    for (const o of open) o.key(i);
    await nextTurn();
  }
  const before = process.cpuUsage();
  for (let i = 50; i < 50 + turns; i++) {
    for (const o of open) o.key(i);
    await nextTurn();
  }
  const used = process.cpuUsage(before);
  for (const o of open) o.room.destroy();
  stores.db.close();
  return (used.user + used.system) / (turns * rooms);
}

console.log('| rooms typing at once | µs CPU per keystroke, one transaction per room | grouped | ratio |');
console.log('|--:|--:|--:|--:|');
for (const rooms of roomCounts) {
  const alone: number[] = [];
  const grouped: number[] = [];
  // Alternated, five of each: the median of each side.
  for (let rep = 0; rep < 5; rep++) {
    alone.push(await run(rooms, false));
    grouped.push(await run(rooms, true));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [a, g] = [median(alone), median(grouped)];
  console.log(`| ${rooms} | ${a.toFixed(1)} | ${g.toFixed(1)} | ${(g / a).toFixed(2)}× |`);
}
