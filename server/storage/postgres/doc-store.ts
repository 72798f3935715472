import type pg from 'pg';
import { OwnershipLost } from '../ownership-lost.ts';
import type { DocStore, LogEntry, StoredDoc } from '../types.ts';
import type { UpdateHistoryStore } from '../update-history.ts';
import { claim, type LeaseTiming, leaseSql, selfFenceMargin } from './leases.ts';
import type { SyncPg } from './sync-client.ts';

/** This node's hold on a report: the epoch its writes are checked against, and when it was last renewed. */
interface Held {
  epoch: number;
  /** Local time the last successful claim or renewal was sent (its expiry is at least TTL after). */
  renewedAt: number;
}

/**
 * Every write checks, in the same statement, that this node still holds the report's lease with the
 * epoch it claimed; `FOR SHARE` keeps a claimer's UPDATE of that row waiting until the write has
 * committed, so a new owner's load sees every write the fence let through, and none comes after it.
 */
const APPEND = `
  WITH fence AS (
    SELECT 1 FROM leases WHERE report_id = $1 AND node_id = $2 AND epoch = $3 FOR SHARE
  ), written AS (
    INSERT INTO updates (report_id, seq, user_id, roots, bytes, created_at)
    SELECT $1, u.seq, u.user_id, u.roots, u.bytes, $4
    FROM fence, unnest($5::bigint[], $6::text[], $7::text[], $8::bytea[]) AS u(seq, user_id, roots, bytes)
    RETURNING 1
  ), bound AS (
    INSERT INTO client_ids (report_id, client_id, user_id)
    SELECT $1, c.client_id, c.user_id FROM fence, unnest($9::bigint[], $10::text[]) AS c(client_id, user_id)
    ON CONFLICT DO NOTHING
  )
  SELECT (SELECT count(*) FROM written) AS n`;

/** The snapshot only ever moves forward; the log entries it covers go with it. */
const COMPACT = `
  WITH fence AS (
    SELECT 1 FROM leases WHERE report_id = $1 AND node_id = $2 AND epoch = $3 FOR SHARE
  ), snap AS (
    INSERT INTO snapshots (report_id, upto_seq, bytes, created_at) SELECT $1, $4, $5, $6 FROM fence
    ON CONFLICT (report_id) DO UPDATE SET upto_seq = excluded.upto_seq, bytes = excluded.bytes,
      created_at = excluded.created_at
    WHERE snapshots.upto_seq < excluded.upto_seq
  ), dropped AS (
    DELETE FROM updates WHERE report_id = $1 AND seq <= $4 AND EXISTS (SELECT 1 FROM fence)
  )
  SELECT count(*) AS n FROM fence`;

/**
 * A named prepared statement: PostgreSQL parses and plans it once per connection, not on every append
 * (pg sends the text only the first time a connection runs that name).
 */
const prepared = (name: string, text: string, values: unknown[]) => ({ name, text, values });

/**
 * Report documents in PostgreSQL (cluster mode). Loading claims the report's lease (synchronously, as a
 * room loads); appends and compactions are asynchronous, fenced by the epoch, one chain per report.
 * Leases are renewed every `renewMs`; one this node could not renew in time, or that another node took,
 * is reported through `onLost` before its TTL can run out.
 */
export class PgDocStore implements DocStore {
  private readonly held = new Map<string, Held>();
  /** Per report, the last write queued: writes (and the release) of one report run in order. */
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Renewal and self-fence timers, running only while this node holds a report (idle nodes sleep). */
  private timers: NodeJS.Timeout[] = [];
  private renewing = false;
  onLost?: (reportId: string) => void;

  constructor(
    private readonly sync: SyncPg,
    private readonly pool: pg.Pool,
    private readonly nodeId: string,
    private readonly timing: LeaseTiming,
    /** Keeps the rows compaction folds (thinned) for the audit, as on SQLite. */
    private readonly history?: UpdateHistoryStore,
  ) {}

  /** Reports this node holds now (for tests and the report list). */
  get holding(): string[] {
    return [...this.held.keys()];
  }

  /** The stored doc; claims the report first unless this node holds it already. */
  load(reportId: string): StoredDoc {
    const sent = Date.now();
    this.sync.query('BEGIN');
    try {
      // Held already (its room is loaded; a REST read or a test looks at what is stored): just read.
      const held = this.held.get(reportId);
      const epoch = held ? held.epoch : claim(this.sync, reportId, this.nodeId, this.timing);
      if (epoch === null) throw new NotOwner(reportId);
      const snap = this.sync.query('SELECT upto_seq, bytes FROM snapshots WHERE report_id = $1', [reportId])
        .rows[0] as { upto_seq: number; bytes: Uint8Array } | undefined;
      const rows = this.sync.query(
        'SELECT bytes FROM updates WHERE report_id = $1 AND seq > $2 ORDER BY seq',
        [reportId, snap?.upto_seq ?? 0],
      ).rows as { bytes: Uint8Array }[];
      const last = this.sync.query('SELECT max(seq) AS seq FROM updates WHERE report_id = $1', [reportId])
        .rows[0] as { seq: number | null };
      this.sync.query('COMMIT');
      if (!held) this.hold(reportId, { epoch, renewedAt: sent });
      return {
        snapshot: snap ? new Uint8Array(snap.bytes) : null,
        updates: rows.map((r) => new Uint8Array(r.bytes)),
        lastSeq: Math.max(last.seq ?? 0, snap?.upto_seq ?? 0),
      };
    } catch (err) {
      try {
        this.sync.query('ROLLBACK');
      } catch {
        // connection gone: so is the transaction
      }
      throw err;
    }
  }

  append(reportId: string, entries: LogEntry[], afterSeq: number): Promise<number> {
    return this.fenced(reportId, async (epoch) => {
      const seqs = entries.map((_, i) => afterSeq + i + 1);
      const clientIds: number[] = [];
      const clientUsers: string[] = [];
      for (const entry of entries) {
        if (entry.userId === null) continue;
        for (const client of entry.clients ?? []) {
          clientIds.push(client);
          clientUsers.push(entry.userId);
        }
      }
      const { rows } = await this.pool.query(
        prepared('coreport-append', APPEND, [
          reportId,
          this.nodeId,
          epoch,
          Date.now(),
          seqs,
          entries.map((e) => e.userId),
          entries.map((e) => e.roots.join(',')),
          entries.map((e) => Buffer.from(e.update.buffer, e.update.byteOffset, e.update.byteLength)),
          clientIds,
          clientUsers,
        ]),
      );
      if (Number(rows[0]?.n) !== entries.length) return null;
      return afterSeq + entries.length;
    });
  }

  compact(reportId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    return this.fenced(reportId, async (epoch) => {
      // Before the rows go; idempotent (keyed by their first seq), so a fenced compaction adds nothing new.
      this.history?.keep(reportId, uptoSeq);
      const bytes = Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
      const { rows } = await this.pool.query(
        prepared('coreport-compact', COMPACT, [reportId, this.nodeId, epoch, uptoSeq, bytes, Date.now()]),
      );
      return Number(rows[0]?.n) === 1 ? undefined : null;
    });
  }

  logLength(reportId: string): number {
    const row = this.sync.query(
      `SELECT count(*) AS n FROM updates WHERE report_id = $1
       AND seq > coalesce((SELECT upto_seq FROM snapshots WHERE report_id = $1), 0)`,
      [reportId],
    ).rows[0] as { n: number };
    return row.n;
  }

  release(reportId: string): void {
    const held = this.held.get(reportId);
    if (!held) return;
    this.held.delete(reportId);
    if (this.held.size === 0) this.stopTimers();
    this.queue(reportId, () => this.pool.query(leaseSql.release, [reportId, this.nodeId, held.epoch])).catch(
      () => {}, // not released: it expires within the TTL
    );
  }

  /** Shutdown: waits for queued writes, then gives up every lease at once (another node takes over now). */
  async close(): Promise<void> {
    this.stopTimers();
    await Promise.allSettled([...this.chains.values()]);
    this.held.clear();
    try {
      await this.pool.query(leaseSql.releaseAll, [this.nodeId]);
    } catch (err) {
      console.error('coreport: could not release leases (they expire within the TTL):', err);
    }
  }

  private hold(reportId: string, held: Held): void {
    this.held.set(reportId, held);
    if (this.timers.length > 0) return;
    this.timers = [
      setInterval(() => void this.renew(), this.timing.renewMs).unref(),
      setInterval(() => this.selfFence(), Math.min(250, this.timing.renewMs)).unref(),
    ];
  }

  private stopTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Runs `write` with the report's epoch, after the report's earlier writes; null from it means fenced. */
  private fenced<T>(reportId: string, write: (epoch: number) => Promise<T | null>): Promise<T> {
    return this.queue(reportId, async () => {
      const held = this.held.get(reportId);
      if (!held) throw new OwnershipLost(reportId);
      // Past the self-fence point the lease may already be another node's: give the report up now
      // (its room closes 1012) rather than wait for the fence timer.
      if (this.expired(held)) {
        this.lose(reportId, held);
        throw new OwnershipLost(reportId);
      }
      const result = await write(held.epoch);
      if (result === null) {
        this.lose(reportId, held);
        throw new OwnershipLost(reportId);
      }
      return result;
    });
  }

  private queue<T>(reportId: string, task: () => Promise<T>): Promise<T> {
    const before = this.chains.get(reportId) ?? Promise.resolve();
    const next = before.then(task, task);
    const tail = next.catch(() => {});
    this.chains.set(reportId, tail);
    void tail.then(() => {
      if (this.chains.get(reportId) === tail) this.chains.delete(reportId);
    });
    return next;
  }

  private expired(held: Held, now = Date.now()): boolean {
    return now > this.fencePoint(held);
  }

  private fencePoint(held: Held): number {
    return held.renewedAt + this.timing.ttlMs - selfFenceMargin(this.timing);
  }

  /**
   * The earliest moment this node must give up a report unless its lease is renewed by then (Infinity
   * when it holds none). Synchronous queries stop waiting there (`SyncPg.limitWaits`), so that the fence
   * timer can close the rooms before the lease runs out however silent PostgreSQL is.
   */
  selfFenceAt(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const held of this.held.values()) earliest = Math.min(earliest, this.fencePoint(held));
    return earliest;
  }

  private lose(reportId: string, held: Held): void {
    // Only the hold that failed: the report may have been claimed again since, with a new epoch.
    if (this.held.get(reportId) !== held) return;
    this.held.delete(reportId);
    if (this.held.size === 0) this.stopTimers();
    try {
      this.onLost?.(reportId);
    } catch (err) {
      console.error(`coreport: report ${reportId}: dropping the room failed:`, err);
    }
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    const sent = Date.now();
    const batch = [...this.held.entries()];
    try {
      const { rows } = await this.pool.query(leaseSql.renew, [
        this.nodeId,
        this.timing.ttlMs,
        batch.map(([id]) => id),
        batch.map(([, held]) => held.epoch),
      ]);
      const renewed = new Set(rows.map((r) => r.report_id as string));
      for (const [reportId, held] of batch) {
        if (renewed.has(reportId)) held.renewedAt = Math.max(held.renewedAt, sent);
        else this.lose(reportId, held);
      }
    } catch (err) {
      // PostgreSQL unreachable: the self-fence below closes the rooms before the leases can expire.
      this.sync.suspect();
      console.error('coreport: lease renewal failed:', err instanceof Error ? err.message : err);
    } finally {
      this.renewing = false;
    }
  }

  /** Drops every report whose lease may be about to run out (renewals failing or late). */
  private selfFence(): void {
    const now = Date.now();
    let fenced = false;
    for (const [reportId, held] of [...this.held]) {
      if (!this.expired(held, now)) continue;
      this.lose(reportId, held);
      fenced = true;
    }
    // Renewals are not coming back: the synchronous connection is likely silent too.
    if (fenced) this.sync.suspect();
  }
}

/** Loading refused: another node holds the report's lease (the caller forwards or asks to retry). */
export class NotOwner extends Error {
  constructor(readonly reportId: string) {
    super(`report ${reportId} is held by another node`);
  }
}
