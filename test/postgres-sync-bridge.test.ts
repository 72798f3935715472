/**
 * The synchronous PostgreSQL bridge (SyncPg) against a silent connection, through a TCP proxy (in a
 * process of its own: this thread blocks in every query) that stops passing bytes without closing
 * anything (a partition): a wait ends at the limit set for it (an owner's self-fence point) rather than
 * blocking the event loop for as long as PostgreSQL stays silent, the silent connection is dropped and
 * the next query gets through on a fresh one, a transaction lost with its connection never goes on
 * outside it, and while no connection can be opened queries fail fast. (Before: every query waited
 * 10 s, and the ones after it queued behind the silent one for as long again.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgQueryError, RECONNECT_WAIT_MS, SyncPg } from '../server/storage/postgres/sync-client.ts';
import { describePostgres, postgresSuite } from './helpers/postgres.ts';
import { TcpBlackholeProcess } from './helpers/tcp-blackhole-process.ts';

/** The limit given to each wait below, and what a wait may take beyond it here (a loaded machine). */
const LIMIT_MS = 300;
const SLACK_MS = 1500;

describePostgres('SyncPg against a silent PostgreSQL', () => {
  const server = postgresSuite();
  let proxy: TcpBlackholeProcess;
  let sync: SyncPg;
  beforeAll(async () => {
    const url = new URL(await server.get().freshDatabase());
    proxy = await TcpBlackholeProcess.start(Number(url.port));
    url.port = String(proxy.port);
    sync = new SyncPg(url.toString());
    sync.query('CREATE TABLE entries (text TEXT NOT NULL)');
  });
  afterAll(async () => {
    await sync?.close();
    await proxy?.close();
  });

  /** Runs `sql` with its wait limited to LIMIT_MS from now; returns the error and how long it took. */
  const limited = (sql: string) => {
    const start = Date.now();
    sync.limitWaits(() => start + LIMIT_MS);
    try {
      sync.query(sql);
      return { error: null, ms: Date.now() - start };
    } catch (err) {
      return { error: err, ms: Date.now() - start };
    } finally {
      sync.limitWaits(() => Number.POSITIVE_INFINITY);
    }
  };

  it('gives up at the limit, then reaches PostgreSQL again on a fresh connection', async () => {
    expect(sync.query('SELECT 1 AS one').rows).toEqual([{ one: 1 }]);
    await proxy.silenceOpen();
    const cut = limited("INSERT INTO entries VALUES ('第一条')");
    expect(cut.error).toBeInstanceOf(PgQueryError);
    expect((cut.error as PgQueryError).code).toBeNull();
    expect(cut.ms).toBeLessThan(LIMIT_MS + SLACK_MS);
    // Not queued behind the silent connection: a new one is opened, and it passes.
    sync.query("INSERT INTO entries VALUES ('第二条')");
    expect(sync.query('SELECT text FROM entries ORDER BY text').rows.map((r) => r.text)).toContain('第二条');
  });

  it('refuses the rest of a transaction whose connection went silent, until its ROLLBACK', async () => {
    sync.query('DELETE FROM entries');
    sync.query('BEGIN');
    sync.query("INSERT INTO entries VALUES ('事务内一')");
    await proxy.silenceOpen();
    expect(limited("INSERT INTO entries VALUES ('事务内二')").error).toBeInstanceOf(PgQueryError);
    // On a fresh connection this would commit on its own, outside the transaction it belongs to.
    expect(() => sync.query("INSERT INTO entries VALUES ('事务内三')")).toThrow(/transaction was lost/);
    expect(() => sync.query('COMMIT')).toThrow(/transaction was lost/);
    expect(sync.query('SELECT count(*) AS n FROM entries').rows).toEqual([{ n: 0 }]);
  });

  it('fails fast while no connection can be opened, and gets through once one can', async () => {
    await proxy.blackhole();
    expect(limited('SELECT 1').error).toBeInstanceOf(PgQueryError);
    // The silent connection is gone and new ones are not answered either: no limit set, yet each query
    // gives up after RECONNECT_WAIT_MS (not the 3 s connect timeout, nor the 5 s query wait).
    for (let i = 0; i < 3; i++) {
      const start = Date.now();
      expect(() => sync.query('SELECT 2')).toThrow(PgQueryError);
      expect(Date.now() - start).toBeLessThan(RECONNECT_WAIT_MS + SLACK_MS);
    }
    await proxy.heal();
    const healedAt = Date.now();
    let rows: unknown[] | null = null;
    while (!rows && Date.now() - healedAt < 10_000) {
      try {
        rows = sync.query('SELECT 3 AS three').rows;
      } catch {
        await new Promise((r) => setTimeout(r, 100)); // the connection being opened has not answered yet
      }
    }
    expect(rows).toEqual([{ three: 3 }]);
  });
});
