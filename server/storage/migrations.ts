/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
 * Append new steps; never edit a released one.
 */
export const migrations: string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
  );
  CREATE TABLE members (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (report_id, user_id)
  );
  CREATE INDEX members_user ON members(user_id);
  CREATE TABLE updates (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    user_id TEXT,
    roots TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (report_id, seq)
  );
  CREATE TABLE snapshots (
    report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    upto_seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE client_ids (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (report_id, client_id)
  );
  CREATE TABLE activity (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    user_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX activity_report ON activity(report_id, id);
  `,
  `
  CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    comment_id TEXT NOT NULL,
    section_id TEXT,
    actor_id TEXT,
    excerpt TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER
  );
  CREATE INDEX notifications_user ON notifications(user_id, id);
  `,
  `
  CREATE TABLE due_reminders (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    due TEXT NOT NULL,
    notified_at INTEGER,
    PRIMARY KEY (report_id, section_id)
  );
  CREATE INDEX due_reminders_open ON due_reminders(notified_at, due);
  `,
  `
  CREATE TABLE versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT,
    created_by TEXT,
    authors TEXT NOT NULL,
    added INTEGER NOT NULL,
    removed INTEGER NOT NULL,
    content BLOB NOT NULL,
    restored_from INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX versions_section ON versions(report_id, section_id, id);
  CREATE TABLE update_history (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    from_seq INTEGER NOT NULL,
    to_seq INTEGER NOT NULL,
    user_id TEXT,
    roots TEXT NOT NULL,
    added INTEGER NOT NULL,
    removed INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER NOT NULL,
    PRIMARY KEY (report_id, from_seq)
  );
  `,
  // Deleted reports go to a trash (docs/api.md "Rename and delete"): restorable until purged.
  `
  ALTER TABLE reports ADD COLUMN deleted_at INTEGER;
  ALTER TABLE reports ADD COLUMN deleted_by TEXT;
  `,
  // Organisation accounts (issue 19.5): groups (科室) of users, single-use invite and reset links, and
  // a temporary password an admin set that its user must replace.
  `
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE user_groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE user_group_members (
    group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE INDEX user_group_members_user ON user_group_members(user_id);
  CREATE TABLE account_links (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    group_id TEXT REFERENCES user_groups(id) ON DELETE SET NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by TEXT
  );
  CREATE INDEX account_links_open ON account_links(kind, used_at, expires_at);
  `,
  // What the report list shows of each report, kept by the node serving it (reports/summary-keeper.ts),
  // so listing reads rows rather than loading every report's document.
  `
  CREATE TABLE report_summaries (
    report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    totals TEXT NOT NULL,
    clock INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
];
