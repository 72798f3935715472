/**
 * Frame fuzzer over real sockets (test/long/frame-fuzzer.ts): at least 50,000 frames handled in
 * `npm test`, 1,000,000 under `npm run fuzz`. Each frame is watched at the room: a refused frame must
 * apply nothing; no frame may throw, log an error or leave parked structs; no unhandled rejection. In
 * the end the stored report equals the live one and a stock client holds the same document.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Connection } from '../server/rooms/connection.ts';
import { ClientWrite } from '../server/rooms/origins.ts';
import type { SectionInfo } from '../shared/layout.ts';
import {
  type Account,
  addSection,
  api,
  createReport,
  createUser,
  registerAdmin,
  setRole,
} from './helpers/api.ts';
import { type Client, connect, synced, until } from './helpers/clients.ts';
import { fingerprint } from './helpers/fingerprint.ts';
import { figure, scaled } from './helpers/scale.ts';
import { startServer, type TestServer } from './helpers/server.ts';
import { readStoredReport } from './helpers/stored-report.ts';
import { prng } from './long/attacks.ts';
import { FuzzSocket } from './long/frame-fuzzer.ts';

const SOCKETS = 4;
const BATCH = 8;
let server: TestServer;
let bystander: Client | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const unlimited = '1000000'; // the highest each setting allows
  server = await startServer({
    WS_MESSAGE_RATE: unlimited,
    WS_MESSAGE_BURST: unlimited,
    WS_BYTE_RATE: unlimited,
    WS_BYTE_BURST: unlimited,
    WS_ATTEMPT_RATE: unlimited,
    WS_ATTEMPT_BURST: unlimited,
    WS_MAX_PER_USER: '1000',
  });
});

afterAll(async () => {
  bystander?.destroy();
  await server.stop();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

describe('frame fuzzer', () => {
  it(
    'survives every frame, and a refused frame applies nothing',
    async () => {
      const frames = Number(process.env.FRAMES ?? scaled(50_000, 1_000_000));
      const errors = vi.spyOn(console, 'error');
      const leader = await registerAdmin(server.url);
      const reportId = await createReport(server.url, leader);
      const writers: (Account & { section: SectionInfo })[] = [];
      for (let i = 0; i < SOCKETS; i++) {
        const w = await createUser(server.url, leader, `fuzz${i}`, `模糊${i}`);
        await setRole(server.url, leader, reportId, w.id, 'writer');
        writers.push({
          ...w,
          section: await addSection(server.url, leader, reportId, `第${i + 1}部分`, [w.id]),
        });
      }
      // Present for the victims' client id and its awareness, then gone while the fuzzer runs (applying
      // every relayed update would double the work); it comes back at the end to check the relay.
      bystander = connect(server.wsUrl, reportId, leader.token);
      await synced(bystander);
      bystander.provider.awareness.setLocalStateField('cursor', null);
      const victimClient = bystander.doc.clientID;
      bystander.provider.disconnect();
      const room = server.deps.rooms.get(reportId);

      // Watch every frame at the room: the doc updates it caused and whether it closed the socket.
      let applied = 0;
      room.doc.on('update', (_u: Uint8Array, origin: unknown) => {
        if (origin instanceof ClientWrite) applied++;
      });
      const closes = new WeakMap<Connection, number>();
      const watched = new WeakSet<Connection>();
      const times = new Float64Array(frames + SOCKETS * BATCH * 4);
      const partial: string[] = [];
      const refusedBy: Record<number, number> = {};
      let handled = 0;
      const receive = room.receive.bind(room);
      room.receive = (conn: Connection, data: Uint8Array) => {
        if (!watched.has(conn)) {
          watched.add(conn);
          const close = conn.close.bind(conn);
          conn.close = (code, reason) => {
            if (!closes.has(conn)) closes.set(conn, code);
            close(code, reason);
          };
        }
        const before = applied;
        const started = performance.now();
        const wait = receive(conn, data);
        if (handled < times.length) times[handled] = performance.now() - started;
        handled++;
        const code = closes.get(conn);
        if (code !== undefined) {
          refusedBy[code] = (refusedBy[code] ?? 0) + 1;
          if (applied !== before)
            partial.push(`frame ${handled} (close ${code}) applied ${applied - before}`);
        }
        if (room.doc.store.pendingStructs || room.doc.store.pendingDs)
          partial.push(`frame ${handled}: parked structs`);
        return wait;
      };

      const sent: Record<string, number> = {};
      const hung: number[] = [];
      await Promise.all(
        writers.map(async (w, i) => {
          const socket = new FuzzSocket(
            {
              url: `${server.wsUrl}/${reportId}?token=${w.token}`,
              doc: () => room.doc,
              sectionId: w.section.id,
              victims: {
                sections: writers.filter((o) => o !== w).map((o) => o.section.id),
                clients: [victimClient],
              },
            },
            prng(1000 + i),
          );
          while (handled < frames) {
            const { kinds, closed } = await socket.batch(BATCH);
            for (const k of kinds) {
              const kind = k.startsWith('attack:') ? 'attack' : k;
              sent[kind] = (sent[kind] ?? 0) + 1;
            }
            if (closed === -1) hung.push(i);
            if (hung.length) break;
          }
          socket.close();
        }),
      );
      const sorted = times.slice(0, Math.min(handled, times.length)).sort();
      figure('frame-fuzz', {
        handled,
        refusedBy,
        serverMsPerFrame: {
          p50: +percentile(sorted, 0.5).toFixed(3),
          p99: +percentile(sorted, 0.99).toFixed(3),
          max: +sorted.at(-1)!.toFixed(2),
        },
        sent,
      });
      expect(hung).toEqual([]);
      expect(handled).toBeGreaterThanOrEqual(frames);
      expect(partial).toEqual([]);
      expect(unhandled).toEqual([]);
      expect(errors).not.toHaveBeenCalled();
      expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
      // Everything accepted is stored, and a returning client gets exactly what the server holds.
      bystander.provider.connect();
      room.flush();
      const stored = readStoredReport(server.dataDir, reportId);
      expect(stored.integrity).toBe('ok');
      expect(fingerprint(stored.doc)).toEqual(fingerprint(room.doc));
      await until(
        () => Y.encodeStateVector(bystander!.doc).join() === Y.encodeStateVector(room.doc).join(),
        'bystander',
      );
      expect(fingerprint(bystander.doc)).toEqual(fingerprint(room.doc));
    },
    scaled(300_000, 24 * 3_600_000),
  );
});
