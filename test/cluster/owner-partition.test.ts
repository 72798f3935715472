/**
 * The owner loses PostgreSQL to a partition: its database connections go through a TCP proxy that
 * turns into a black hole (nothing answers, nothing is refused). Another node must serve the writers on
 * the other nodes meanwhile, the old owner closes its room with 1012/1013 (never 44xx), and once the
 * partition heals nothing acknowledged is lost. (It closes its room late, not within the TTL: a known
 * limit, see docs/reliability.md.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SectionInfo } from '../../shared/layout.ts';
import { type AckClient, connectWithAcks } from '../helpers/ack-client.ts';
import { addSection, createReport, createUser, registerAdmin, setRole } from '../helpers/api.ts';
import { bodyText, typeInto, until } from '../helpers/clients.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { readPgReport } from '../helpers/pg-stored-report.ts';
import { describePostgres, startPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { figure } from '../helpers/scale.ts';
import { TcpBlackhole } from '../helpers/tcp-blackhole.ts';

const TTL = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describePostgres('owner partitioned from PostgreSQL', () => {
  let postgres: TestPostgres | null = null;
  let proxy: TcpBlackhole | null = null;
  let starting: Promise<TestCluster> | null = null;
  const clients: AckClient[] = [];
  beforeAll(async () => {
    postgres = await startPostgres();
    proxy = await TcpBlackhole.start(postgres.port);
    const port = proxy.port;
    starting = startCluster({
      nodes: 3,
      leaseTtlMs: TTL,
      postgres,
      env: { WS_ATTEMPT_RATE: '1000', WS_ATTEMPT_BURST: '10000' },
      // Node A reaches PostgreSQL only through the proxy.
      nodeEnv: (i, url): Record<string, string> =>
        i === 0 ? { DATABASE_URL: url.replace(/:\d+\//, `:${port}/`) } : {},
    });
    await starting;
  }, 240_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await (await starting?.catch(() => null))?.close();
    await proxy?.close();
    await postgres?.close();
  }, 60_000);

  it('is replaced by another node, closes its room 1012/1013, and nothing acknowledged is lost', async () => {
    const cluster = await starting!;
    const [a, b, c] = cluster.nodes as [
      (typeof cluster.nodes)[0],
      (typeof cluster.nodes)[0],
      (typeof cluster.nodes)[0],
    ];
    const leader = await registerAdmin(a.base);
    const reportId = await createReport(a.base, leader, '2026年基层治理调研报告');
    expect(await cluster.owner(reportId)).toBe(a);
    const sections: SectionInfo[] = [];
    const writers: AckClient[] = [];
    for (const [i, node] of [a, b, c].entries()) {
      const account = await createUser(b.base, leader, `writer${i}`, `撰稿人${i}`);
      await setRole(b.base, leader, reportId, account.id, 'writer');
      sections.push(await addSection(a.base, leader, reportId, `第${i + 1}部分`, [account.id]));
      writers.push(connectWithAcks(node.wsUrl, reportId, account.token));
    }
    clients.push(...writers);
    await until(() => writers.every((w) => w.provider.synced), 'writers synced', 20_000);

    const tokens: string[][] = [[], [], []];
    let typing = true;
    const loops = writers.map(async (w, i) => {
      for (let n = 0; typing; n++) {
        const token = `w${i}-${n}。`;
        typeInto(w.doc, sections[i]!.id, token, bodyText(w.doc, sections[i]!.id).length);
        tokens[i]!.push(token);
        await sleep(10);
      }
    });
    const clock = (w: AckClient) => Y.getState(w.doc.store, w.doc.clientID);
    await until(() => writers.every((w) => w.ackedClock() > 20), 'typing stored', 10_000);

    const closesBefore = writers[0]!.closes.length;
    proxy!.blackhole();
    const cutAt = Date.now();
    const ackedAtFence = writers.map((w) => w.ackedClock());
    const newOwner = await cluster.waitForOwner(reportId, { not: a, timeoutMs: 15_000 });
    await until(
      () => [1, 2].every((i) => writers[i]!.ackedClock() > ackedAtFence[i]!),
      'the other writers served by the new owner',
      15_000,
    );
    const servedMs = Date.now() - cutAt;
    // Known limit (docs/reliability.md): the partitioned owner's synchronous queries block its event loop
    // up to 10 s each, so it closes its room late, not within the TTL; its writes stay fenced by epoch.
    await until(
      () => writers[0]!.closes.length > closesBefore,
      'the partitioned owner closes its room',
      30_000,
    );
    const fencedMs = Date.now() - cutAt;

    proxy!.heal();
    await sleep(500);
    typing = false;
    await Promise.all(loops);
    await until(() => writers.every((w) => w.ackedClock() >= clock(w)), 'everything acknowledged', 30_000);
    figure('owner-partition', { ttlMs: TTL, fencedMs, servedMs, newOwner: newOwner.id });

    expect([1012, 1013]).toContain(writers[0]!.closes[closesBefore]);
    expect(writers.flatMap((w) => w.closes).filter((code) => code >= 4400 && code < 4500)).toEqual([]);
    const stored = await readPgReport(cluster.pool, reportId);
    expect(stored.pending).toBe(false);
    for (const [i, w] of writers.entries()) {
      const text = bodyText(stored.doc, sections[i]!.id);
      expect(text).toBe(bodyText(w.doc, sections[i]!.id));
      expect(tokens[i]!.filter((t) => text.split(t).length !== 2)).toEqual([]);
    }
  });
});
