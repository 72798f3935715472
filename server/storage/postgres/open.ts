import pg from 'pg';
import type { ClusterConfig } from '../../config.ts';
import { AccountLinkStore } from '../account-links.ts';
import { AccountStore } from '../accounts.ts';
import { ActivityStore } from '../activity.ts';
import { ClientIdStore } from '../client-ids.ts';
import { DueReminderStore } from '../due-reminders.ts';
import { GroupStore } from '../groups.ts';
import { NotificationStore } from '../notifications.ts';
import { ReportStore } from '../reports.ts';
import { UpdateHistoryStore } from '../update-history.ts';
import { VersionStore } from '../versions.ts';
import { PgDocStore } from './doc-store.ts';
import { leaseSql } from './leases.ts';
import { migratePostgres } from './migrate.ts';
import { PgDb } from './pg-db.ts';
import { PgReportSummaryStore } from './summaries.ts';
import { SyncPg } from './sync-client.ts';
import { pgTypes } from './types.ts';

/** What cluster mode adds to the stores: the async pool, the fenced doc store, and an orderly close. */
export interface ClusterStorage {
  pool: pg.Pool;
  docs: PgDocStore;
  nodeId: string;
  /** Releases every lease (SIGTERM hands reports over at once), then closes the connections. */
  close(): Promise<void>;
}

/**
 * The stores on PostgreSQL: the same store classes as on SQLite (through PgDb, synchronous), the doc
 * store asynchronous and fenced (PgDocStore). Migrates the schema and registers this node.
 */
export function openPostgresStores(cluster: ClusterConfig) {
  const sync = new SyncPg(cluster.databaseUrl);
  try {
    migratePostgres(sync);
    sync.query(leaseSql.register, [cluster.nodeId, cluster.nodeUrl]);
  } catch (err) {
    void sync.close();
    throw err;
  }
  const pool = new pg.Pool({
    connectionString: cluster.databaseUrl,
    types: pgTypes,
    max: 8,
    connectionTimeoutMillis: 3000,
    // A write stuck behind a partition must fail before the lease it was checked against runs out.
    query_timeout: Math.max(1000, cluster.leaseTtlMs - 2000),
  });
  // An idle connection dropped by the server (restart) is replaced on next use.
  pool.on('error', () => {});
  const db = new PgDb(sync).asDb();
  const timing = { ttlMs: cluster.leaseTtlMs, renewMs: cluster.leaseRenewMs };
  const updateHistory = new UpdateHistoryStore(db);
  const docs = new PgDocStore(sync, pool, cluster.nodeId, timing, updateHistory);
  // No synchronous query may hold the event loop past the point where an unrenewed lease's rooms close.
  sync.limitWaits(() => docs.selfFenceAt());
  const summaries = new PgReportSummaryStore(db, pool);
  let closing: Promise<void> | null = null;
  const storage: ClusterStorage = {
    pool,
    docs,
    nodeId: cluster.nodeId,
    close: () => {
      closing ??= (async () => {
        await docs.close();
        await summaries.settled();
        await pool.end();
        await sync.close();
      })();
      return closing;
    },
  };
  return {
    db,
    accounts: new AccountStore(db),
    groups: new GroupStore(db),
    accountLinks: new AccountLinkStore(db),
    reports: new ReportStore(db),
    summaries,
    activity: new ActivityStore(db),
    clientIds: new ClientIdStore(db),
    docs,
    notifications: new NotificationStore(db),
    dueReminders: new DueReminderStore(db),
    versions: new VersionStore(db),
    updateHistory,
    cluster: storage,
  };
}
