import { AccountLinkStore } from './account-links.ts';
import { AccountStore } from './accounts.ts';
import { ActivityStore } from './activity.ts';
import { ClientIdStore } from './client-ids.ts';
import { type Db, openDb } from './db.ts';
import { SqliteDocStore } from './doc-store.ts';
import { DueReminderStore } from './due-reminders.ts';
import { GroupStore } from './groups.ts';
import { NotificationStore } from './notifications.ts';
import type { ClusterStorage } from './postgres/open.ts';
import { ReportSummaryStore } from './report-summaries.ts';
import { ReportStore } from './reports.ts';
import type { DocStore } from './types.ts';
import { UpdateHistoryStore } from './update-history.ts';
import { VersionStore } from './versions.ts';

/** Everything the server keeps: one SQLite file, or PostgreSQL in cluster mode (storage/postgres/open.ts). */
export interface Stores {
  db: Db;
  accounts: AccountStore;
  /** Groups of users (科室). */
  groups: GroupStore;
  /** Invite and password-reset links. */
  accountLinks: AccountLinkStore;
  reports: ReportStore;
  summaries: ReportSummaryStore;
  activity: ActivityStore;
  clientIds: ClientIdStore;
  docs: DocStore;
  notifications: NotificationStore;
  dueReminders: DueReminderStore;
  versions: VersionStore;
  updateHistory: UpdateHistoryStore;
  /** Cluster mode only. */
  cluster?: ClusterStorage;
}

export function openStores(
  dataDir: string,
  durability: 'normal' | 'full',
): Omit<Stores, 'docs'> & { docs: SqliteDocStore } {
  const db = openDb(dataDir, durability);
  const updateHistory = new UpdateHistoryStore(db);
  return {
    db,
    accounts: new AccountStore(db),
    groups: new GroupStore(db),
    accountLinks: new AccountLinkStore(db),
    reports: new ReportStore(db),
    summaries: new ReportSummaryStore(db),
    activity: new ActivityStore(db),
    clientIds: new ClientIdStore(db),
    docs: new SqliteDocStore(db, updateHistory),
    notifications: new NotificationStore(db),
    dueReminders: new DueReminderStore(db),
    versions: new VersionStore(db),
    updateHistory,
  };
}
