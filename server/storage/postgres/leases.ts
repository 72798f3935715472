import type pg from 'pg';
import type { SyncPg } from './sync-client.ts';

/** Lease timing: a lease lives `ttlMs` from its last renewal; the owner renews every `renewMs`. */
export interface LeaseTiming {
  ttlMs: number;
  renewMs: number;
}

export const DEFAULT_LEASE_TIMING: Readonly<LeaseTiming> = { ttlMs: 6000, renewMs: 2000 };

/**
 * An owner stops serving a report a quarter of the TTL (1.5 s of 6 s) before its lease could have run
 * out (by PostgreSQL's clock, counted from when the last successful renewal was sent), so clients move
 * to the next owner without waiting, even with timers firing late. (Safety does not rest on this: the
 * epoch check refuses a late write anyway.)
 */
export const selfFenceMargin = (timing: LeaseTiming) => timing.ttlMs / 4;

/** Who holds a report now: a live lease's node and how peers reach it. */
export interface Owner {
  nodeId: string;
  url: string;
}

/**
 * The per-report lease rows. Expiry is judged by PostgreSQL's clock alone (`now()`), so nodes' clocks
 * do not matter. Claiming raises the epoch, even for the node that already holds it: anything still
 * queued under the old epoch (a room unloaded just before) can no longer write.
 */
export const leaseSql = {
  claim: `INSERT INTO leases (report_id, node_id, epoch, expires_at)
          VALUES ($1, $2, 1, now() + make_interval(secs => $3 / 1000.0))
          ON CONFLICT (report_id) DO UPDATE SET node_id = excluded.node_id, epoch = leases.epoch + 1,
            expires_at = excluded.expires_at
          WHERE leases.node_id = excluded.node_id OR leases.expires_at < now()
          RETURNING epoch`,
  renew: `UPDATE leases SET expires_at = now() + make_interval(secs => $2 / 1000.0)
          FROM unnest($3::text[], $4::bigint[]) AS mine(report_id, epoch)
          WHERE leases.report_id = mine.report_id AND leases.epoch = mine.epoch AND leases.node_id = $1
          RETURNING leases.report_id`,
  release: `UPDATE leases SET expires_at = '-infinity' WHERE report_id = $1 AND node_id = $2 AND epoch = $3`,
  releaseAll: `UPDATE leases SET expires_at = '-infinity' WHERE node_id = $1`,
  owner: `SELECT l.node_id, n.url FROM leases l JOIN nodes n ON n.id = l.node_id
          WHERE l.report_id = $1 AND l.expires_at > now()`,
  register: `INSERT INTO nodes (id, url) VALUES ($1, $2)
             ON CONFLICT (id) DO UPDATE SET url = excluded.url, started_at = now()`,
};

/** The live owner of a report, if any. */
export async function ownerOf(pool: pg.Pool, reportId: string): Promise<Owner | null> {
  const { rows } = await pool.query(leaseSql.owner, [reportId]);
  const row = rows[0] as { node_id: string; url: string } | undefined;
  return row ? { nodeId: row.node_id, url: row.url } : null;
}

/** Claims a report for `nodeId` (synchronously: a room loads synchronously); returns the new epoch, or null if another node holds it. */
export function claim(sync: SyncPg, reportId: string, nodeId: string, timing: LeaseTiming): number | null {
  const row = sync.query(leaseSql.claim, [reportId, nodeId, timing.ttlMs]).rows[0];
  return row ? (row.epoch as number) : null;
}
