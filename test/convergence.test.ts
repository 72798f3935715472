/**
 * Convergence under a bad network: stock clients edit their own sections at random, go offline and
 * back at random, and talk to the server through a proxy that delays and duplicates frames and cuts
 * connections. Afterwards every client, the server and a copy loaded fresh from disk hold the same
 * document, with no parked structs, and no client was refused. `npm run soak` runs it for minutes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyRoot, type SectionInfo } from '../shared/layout.ts';
import { addSection, createReport, createUser, registerAdmin, setRole } from './helpers/api.ts';
import { type Client, connect, until } from './helpers/clients.ts';
import { FaultProxy } from './helpers/fault-proxy.ts';
import { figure, scaled } from './helpers/scale.ts';
import { startServer, type TestServer } from './helpers/server.ts';
import { readStoredReport } from './helpers/stored-report.ts';

const clients: Client[] = [];
let server: TestServer | null = null;
let proxy: FaultProxy | null = null;
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await proxy?.close();
  await server?.stop();
});

/**
 * Same document: same state vector and delete set (Y snapshots), and the same content in every root.
 * (Deleted content may be kept or garbage-collected differently per replica, so structs are not compared.)
 */
function sameDoc(a: Y.Doc, b: Y.Doc, sids: string[]): boolean {
  if (!Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))) return false;
  const content = (d: Y.Doc) =>
    JSON.stringify([
      d.getMap('meta').toJSON(),
      d.getArray('outline').toJSON(),
      d.getMap('sections').toJSON(),
      d.getMap('comments').toJSON(),
      ...sids.map((sid) => d.getXmlFragment(bodyRoot(sid)).toString()),
    ]);
  return content(a) === content(b);
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** A random edit of one section: type, delete, format, add or remove a paragraph. */
function randomEdit(doc: Y.Doc, sid: string): void {
  const body = doc.getXmlFragment(bodyRoot(sid));
  const r = Math.random();
  if (body.length === 0 || r < 0.1) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('二是')]);
    body.insert(Math.floor(Math.random() * (body.length + 1)), [p]);
    return;
  }
  const t = (body.get(Math.floor(Math.random() * body.length)) as Y.XmlElement).get(0) as Y.XmlText;
  if (r < 0.15 && body.length > 2) body.delete(Math.floor(Math.random() * body.length), 1);
  else if (r < 0.35 && t.length > 2) t.delete(Math.floor(Math.random() * (t.length - 1)), 1);
  else if (r < 0.45 && t.length > 2) t.format(0, 2, { bold: Math.random() < 0.5 ? true : null });
  else t.insert(Math.floor(Math.random() * (t.length + 1)), pick(['加强', '学习', '，', '。', 'X次']));
}

describe('convergence through a faulty network', () => {
  it(
    'ends with every client, the server and the disk identical',
    async () => {
      const users = scaled(6, 12);
      const seconds = scaled(6, 300);
      server = await startServer();
      const leader = await registerAdmin(server.url);
      const reportId = await createReport(server.url, leader);
      proxy = new FaultProxy(server.wsUrl, { maxDelayMs: 30, duplicate: 0.05, cut: 0.002 });
      const writers: { client: Client; section: SectionInfo }[] = [];
      for (let i = 0; i < users; i++) {
        const account = await createUser(server.url, leader, `net${i}`, `网络${i}`);
        await setRole(server.url, leader, reportId, account.id, 'writer');
        const section = await addSection(server.url, leader, reportId, `第${i + 1}项`, [account.id]);
        // Two tabs per user: they write the same section, concurrently.
        for (let tab = 0; tab < 2; tab++) {
          const client = connect(proxy.url, reportId, account.token);
          clients.push(client);
          writers.push({ client, section });
        }
      }
      const reader = connect(proxy.url, reportId, leader.token);
      clients.push(reader);
      const refused: string[] = [];
      for (const c of clients) {
        c.provider.on('connection-close', (e: CloseEvent | null) => {
          if (e && e.code >= 4400 && e.code < 4500) refused.push(`${e.code} ${e.reason}`);
        });
      }
      await until(() => clients.every((c) => c.provider.synced), 'first sync', 30_000);

      const deadline = Date.now() + seconds * 1000;
      let edits = 0;
      let offline = 0;
      await Promise.all(
        writers.map(async ({ client, section }) => {
          while (Date.now() < deadline) {
            randomEdit(client.doc, section.id);
            edits++;
            if (Math.random() < 0.01) {
              offline++;
              client.provider.disconnect();
              setTimeout(() => client.provider.connect(), Math.random() * 500);
            }
            await new Promise((r) => setTimeout(r, 5 + Math.random() * 40));
          }
        }),
      );
      // Heal the network, bring everyone back, and let it settle.
      proxy.faults = { maxDelayMs: 0, duplicate: 0, cut: 0 };
      for (const { client } of writers) if (!client.provider.shouldConnect) client.provider.connect();
      const room = server.deps.rooms.get(reportId);
      const sids = writers.map((w) => w.section.id);
      const healed = Date.now();
      // The full comparison encodes every doc (seconds, at the long size) and everything runs in this one
      // process: polled every 10 ms it would starve the sockets it waits for. So it runs only once the
      // proxy has passed everything on and every state vector matches the server's.
      const sameVector = (doc: Y.Doc, target: Uint8Array) =>
        Buffer.from(Y.encodeStateVector(doc)).equals(target);
      const same = () => {
        if (proxy!.backlog > 0) return false;
        const target = Y.encodeStateVector(room.doc);
        if (!clients.every((c) => c.provider.synced && sameVector(c.doc, target))) return false;
        return clients.every((c) => sameDoc(c.doc, room.doc, sids));
      };
      await until(same, 'all converged', 30_000).catch((err) => {
        const behind = clients
          .filter((c) => !c.provider.synced || !sameDoc(c.doc, room.doc, sids))
          .map((c) => ({
            synced: c.provider.synced,
            connected: c.provider.wsconnected,
            silentMs: Date.now() - c.provider.wsLastMessageReceived,
            serverSockets: [...room.connections].filter((conn) => conn.awarenessClientId === c.doc.clientID)
              .length,
            sameSnapshot: Y.equalSnapshots(Y.snapshot(c.doc), Y.snapshot(room.doc)),
            pending: c.doc.store.pendingStructs !== null || c.doc.store.pendingDs !== null,
            differs: sids.filter(
              (sid) =>
                c.doc.getXmlFragment(bodyRoot(sid)).toString() !==
                room.doc.getXmlFragment(bodyRoot(sid)).toString(),
            ).length,
          }));
        room.flush();
        const storedSame = sameDoc(readStoredReport(server!.dataDir, reportId).doc, room.doc, sids);
        throw new Error(
          `${err.message}: ${behind.length} clients differ ${JSON.stringify(behind)}; stored = live: ${storedSame}; ` +
            `frames held in the proxy: ${proxy!.backlog}; ` +
            `refused: ${JSON.stringify(refused)}`,
        );
      });
      room.flush();
      const stored = readStoredReport(server.dataDir, reportId);
      expect(refused).toEqual([]);
      expect(stored.integrity).toBe('ok');
      expect(stored.pending).toBe(false);
      expect(sameDoc(stored.doc, room.doc, sids)).toBe(true);
      for (const c of [...clients.map((x) => x.doc), room.doc]) {
        expect(c.store.pendingStructs).toBeNull();
        expect(c.store.pendingDs).toBeNull();
      }
      const settleMs = Date.now() - healed;
      figure('convergence', {
        clients: clients.length,
        seconds,
        edits,
        offline,
        settleMs,
        proxy: proxy.stats,
      });
    },
    scaled(120_000, 3_600_000),
  );
});
