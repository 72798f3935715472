/**
 * Cluster-mode storage against a real PostgreSQL: the SQLite migrations and stores run there as they are,
 * leases fence writes by epoch in the same statement, and the update log commits in groups with one
 * append in flight.
 */

import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { UpdateLog } from '../server/rooms/update-log.ts';
import { openStores } from '../server/storage/index.ts';
import { migrations } from '../server/storage/migrations.ts';
import { OwnershipLost } from '../server/storage/ownership-lost.ts';
import { NotOwner, PgDocStore } from '../server/storage/postgres/doc-store.ts';
import { openPostgresStores } from '../server/storage/postgres/open.ts';
import { SyncPg } from '../server/storage/postgres/sync-client.ts';
import type { LogEntry } from '../server/storage/types.ts';
import { describePostgres, postgresSuite } from './helpers/postgres.ts';
import { tempDir } from './helpers/server.ts';

const SECRET = 'test-cluster-secret-0123456789abcdef';
const TIMING = { ttlMs: 3000, renewMs: 500 };

describePostgres('PostgreSQL storage', () => {
  const server = postgresSuite();
  let url: string;
  const closers: (() => Promise<unknown>)[] = [];
  let stores: ReturnType<typeof openPostgresStores>;
  beforeAll(async () => {
    url = await server.get().freshDatabase();
    stores = cluster('n-schema');
    stores.accounts.create({ id: 'u0', username: 'liming', displayName: '李明', isAdmin: false }, 'h');
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      stores.reports.create({ id, title: `工作总结${id}`, createdBy: 'u0', createdAt: 0 }, 'u0');
    }
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  const cluster = (nodeId: string) => {
    const stores = openPostgresStores({
      databaseUrl: url,
      nodeId,
      nodeUrl: `http://127.0.0.1:1/${nodeId}`,
      secret: SECRET,
      leaseTtlMs: 2000,
      leaseRenewMs: 500,
    });
    closers.push(() => stores.cluster.close());
    return stores;
  };

  /** A second doc store on the same database, with short leases, as another node. */
  const node = (nodeId: string) => {
    const sync = new SyncPg(url);
    sync.query("INSERT INTO nodes (id, url) VALUES ($1, 'http://x') ON CONFLICT DO NOTHING", [nodeId]);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const docs = new PgDocStore(sync, pool, nodeId, TIMING);
    closers.push(async () => {
      await docs.close();
      await pool.end();
      await sync.close();
    });
    return docs;
  };

  const entry = (text: string, clients: number[] = []): LogEntry => ({
    update: new TextEncoder().encode(text),
    userId: 'u1',
    roots: ['body:s1'],
    clients,
  });

  it('creates every table the SQLite file has, and the stores work on it unchanged', () => {
    const sqlite = openStores(tempDir(), 'normal');
    const sqliteTables = (
      sqlite.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    sqlite.db.close();
    const pgTables = (
      stores.db
        .prepare("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")
        .all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(sqliteTables.length).toBeGreaterThan(5);
    for (const table of sqliteTables) expect(pgTables).toContain(table);
    expect(pgTables).toEqual(expect.arrayContaining(['nodes', 'leases']));
    expect(migrations.length).toBeGreaterThan(0);

    const user = stores.accounts.create(
      { id: 'u1', username: 'ZhangWei', displayName: '张伟', isAdmin: true },
      'h',
    );
    // Case-insensitive user names, as COLLATE NOCASE on SQLite.
    expect(stores.accounts.withPassword('zhangwei')?.user).toEqual(user);
    stores.reports.create({ id: 'r0', title: '2024年度述职报告', createdBy: 'u1', createdAt: 1 }, 'u1');
    expect(stores.reports.role('r0', 'u1')).toBe('leader');
    expect(stores.reports.listFor('u1')).toEqual([
      { id: 'r0', title: '2024年度述职报告', createdBy: 'u1', createdAt: 1, role: 'leader' },
    ]);
    const n = stores.notifications.add({
      userId: 'u1',
      reportId: 'r0',
      kind: 'mention',
      commentId: 'c1',
      sectionId: 's1',
      actorId: 'u1',
      excerpt: '请补充X项数据',
    });
    expect(n.id).toBeGreaterThan(0);
    expect(stores.notifications.unreadCount('u1')).toBe(1);
    stores.notifications.markRead('u1', [n.id]);
    expect(stores.notifications.unreadCount('u1')).toBe(0);
    stores.activity.add('r0', 'u1', 'report.create', { title: '2024年度述职报告' });
    expect(stores.activity.list('r0', 10)[0]).toMatchObject({ action: 'report.create', userId: 'u1' });
    // A failed transaction leaves nothing behind.
    expect(() =>
      stores.reports.create({ id: 'r9', title: '调研报告', createdBy: 'u1', createdAt: 2 }, 'no-such-user'),
    ).toThrow();
    expect(stores.reports.byId('r9')).toBeNull();
  });

  it('fences a former owner by epoch: its appends and compactions write nothing once another node holds the report', async () => {
    const a = node('n-a');
    const b = node('n-b');
    const lostA: string[] = [];
    a.onLost = (id) => lostA.push(id);
    expect(a.load('r1').lastSeq).toBe(0);
    expect(await a.append('r1', [entry('一、'), entry('（一）', [11])], 0)).toBe(2);
    // B cannot take a live lease.
    expect(() => b.load('r1')).toThrow(NotOwner);
    // A stops renewing (frozen, partitioned): simulated by expiring its lease in PostgreSQL.
    const sql = new SyncPg(url);
    closers.push(() => sql.close());
    sql.query("UPDATE leases SET expires_at = now() - interval '1 second' WHERE report_id = 'r1'");
    const taken = b.load('r1');
    expect(taken.lastSeq).toBe(2);
    await expect(a.append('r1', [entry('zombie')], 2)).rejects.toBeInstanceOf(OwnershipLost);
    expect(lostA).toEqual(['r1']);
    await expect(a.compact('r1', new Uint8Array([1]), 2)).rejects.toBeInstanceOf(OwnershipLost);
    expect(await b.append('r1', [entry('1.')], 2)).toBe(3);
    const rows = sql.query(
      "SELECT seq, convert_from(bytes, 'UTF8') AS text FROM updates WHERE report_id = 'r1' ORDER BY seq",
    ).rows;
    expect(rows).toEqual([
      { seq: 1, text: '一、' },
      { seq: 2, text: '（一）' },
      { seq: 3, text: '1.' },
    ]);
    expect(
      sql.query("SELECT user_id FROM client_ids WHERE report_id = 'r1' AND client_id = 11").rows,
    ).toEqual([{ user_id: 'u1' }]);
  });

  it('never moves the snapshot backwards, and a released report is taken over at once', async () => {
    const a = node('n-c');
    const b = node('n-d');
    a.load('r2');
    await a.append('r2', [entry('x'), entry('y'), entry('z')], 0);
    await a.compact('r2', new TextEncoder().encode('snap@3'), 3);
    await a.compact('r2', new TextEncoder().encode('snap@2'), 2);
    const stored = a.load('r2');
    expect(new TextDecoder().decode(stored.snapshot!)).toBe('snap@3');
    expect(stored.updates).toEqual([]);
    expect(() => b.load('r2')).toThrow(NotOwner);
    a.release('r2');
    await a.close(); // waits for the release
    expect(b.load('r2').lastSeq).toBe(3);
  });

  it('gives up a lease it cannot renew before the TTL, and reports it lost', async () => {
    const a = node('n-e');
    const lost: string[] = [];
    a.onLost = (id) => lost.push(id);
    a.load('r3');
    const sql = new SyncPg(url);
    closers.push(() => sql.close());
    // Another node took it over (the renewal finds a different epoch).
    sql.query("UPDATE leases SET epoch = epoch + 1, node_id = 'n-other' WHERE report_id = 'r3'");
    const deadline = Date.now() + TIMING.ttlMs + 2000;
    while (lost.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(lost).toEqual(['r3']);
    await expect(a.append('r3', [entry('late')], 0)).rejects.toBeInstanceOf(OwnershipLost);
  });

  it('keeps one append in flight and sends what arrives meanwhile as the next batch, in order', async () => {
    const a = node('n-f');
    a.load('r4');
    const batches: number[] = [];
    const inner = a.append.bind(a);
    let inFlight = 0;
    let maxInFlight = 0;
    a.append = async (reportId, entries, afterSeq) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      batches.push(entries.length);
      try {
        return await inner(reportId, entries, afterSeq);
      } finally {
        inFlight--;
      }
    };
    const relayed: string[] = [];
    const log = new UpdateLog<LogEntry>(
      'r4',
      a,
      { lastSeq: 0, entries: 0, bytes: 0, snapshotBytes: 0 },
      {
        schedule: () => queueMicrotask(() => log.flush()),
        coalesce: (pending) => pending,
        onStored: (batch) => relayed.push(...batch.map((e) => new TextDecoder().decode(e.update))),
      },
    );
    const texts = Array.from({ length: 30 }, (_, i) => `第${i}句`);
    for (const text of texts) {
      log.add(entry(text));
      log.flush();
      await new Promise((r) => setImmediate(r));
    }
    await new Promise<void>((resolve) => log.whenStored(resolve));
    expect(maxInFlight).toBe(1);
    expect(relayed).toEqual(texts);
    expect(batches.reduce((s, n) => s + n, 0)).toBe(30);
    expect(batches.length).toBeLessThan(30); // grouped while one was in flight
    expect(a.load('r4').updates.map((u) => new TextDecoder().decode(u))).toEqual(texts);
  });

  it('runs its lease renewal and self-fence timers only while it holds a report (an idle node sleeps)', () => {
    const started = vi.spyOn(globalThis, 'setInterval');
    const stopped = vi.spyOn(globalThis, 'clearInterval');
    try {
      const a = node('n-idle');
      const leaseTimers = () => started.mock.calls.filter(([, ms]) => ms === TIMING.renewMs || ms === 250);
      expect(leaseTimers()).toHaveLength(0);
      a.load('r5');
      expect(leaseTimers()).toHaveLength(2);
      a.load('r5'); // held already: no second pair
      expect(leaseTimers()).toHaveLength(2);
      const timers = started.mock.results.map((r) => r.value);
      a.release('r5');
      expect(stopped.mock.calls.filter(([t]) => timers.includes(t))).toHaveLength(2);
    } finally {
      started.mockRestore();
      stopped.mockRestore();
    }
  });
});
