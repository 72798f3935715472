import { migrations } from '../migrations.ts';
import { migrationForPostgres } from './sqlite-dialect.ts';
import type { SyncPg } from './sync-client.ts';

/**
 * What only cluster mode has: the nodes, one lease per report (its epoch fences every write, see
 * PgDocStore), and the announcement of new notifications to every node. Append new steps; never edit one.
 */
export const clusterMigrations: string[] = [
  `
  CREATE TABLE nodes (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now()
  );
  CREATE TABLE leases (
    report_id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL,
    -- Raised by every claim, never lowered or reset (a released lease is expired, not deleted): a write
    -- checked against an old epoch can never pass again.
    epoch BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX leases_node ON leases(node_id);
  `,
  // Each stored notification is announced to every node when it commits (cluster/notification-fanout.ts).
  `
  CREATE FUNCTION coreport_announce_notification() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('coreport_notifications', NEW.user_id || ' ' || NEW.id);
    RETURN NULL;
  END $$;
  CREATE TRIGGER notifications_announce AFTER INSERT ON notifications
    FOR EACH ROW EXECUTE FUNCTION coreport_announce_notification();
  `,
];

/**
 * Brings the database to the latest schema: the SQLite migrations (translated) and the cluster ones,
 * each list counted in `coreport_schema`. Nodes starting together migrate one at a time (advisory lock).
 */
export function migratePostgres(pg: SyncPg): void {
  pg.query('BEGIN');
  try {
    pg.query("SELECT pg_advisory_xact_lock(hashtext('coreport migrations'))");
    pg.query('CREATE EXTENSION IF NOT EXISTS citext');
    pg.query('CREATE TABLE IF NOT EXISTS coreport_schema (list TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    apply(pg, 'sqlite', migrations.map(migrationForPostgres));
    apply(pg, 'cluster', clusterMigrations);
    pg.query('COMMIT');
  } catch (err) {
    pg.query('ROLLBACK');
    throw err;
  }
}

function apply(pg: SyncPg, list: string, steps: string[]): void {
  const row = pg.query('SELECT version FROM coreport_schema WHERE list = $1', [list]).rows[0];
  const current = (row?.version as number | undefined) ?? 0;
  if (current > steps.length) {
    throw new Error(
      `database schema (${list}) version ${current} is newer than this coreport (${steps.length})`,
    );
  }
  for (let version = current; version < steps.length; version++) pg.query(steps[version]!);
  pg.query(
    `INSERT INTO coreport_schema (list, version) VALUES ($1, $2)
     ON CONFLICT (list) DO UPDATE SET version = excluded.version`,
    [list, steps.length],
  );
}
