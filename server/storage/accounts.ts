import type { Db } from './db.ts';
import type { User } from './types.ts';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  is_admin: number;
  password_hash: string;
  must_change_password: number;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  isAdmin: row.is_admin === 1,
  // Only when set, so the usual user object stays as it was.
  ...(row.must_change_password === 1 ? { mustChangePassword: true } : {}),
});

/** Users and their login sessions. Session tokens are stored only as hashes. */
export class AccountStore {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  create(user: User, passwordHash: string): User {
    this.db
      .prepare(
        'INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(user.id, user.username, user.displayName, passwordHash, user.isAdmin ? 1 : 0, Date.now());
    return user;
  }

  /** Creates the user as admin only if no user exists yet, atomically. Returns null when one already exists. */
  createFirst(user: User, passwordHash: string): User | null {
    return this.db
      .transaction(() => (this.count() === 0 ? this.create(user, passwordHash) : null))
      .immediate();
  }

  byId(id: string): User | null {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  /** The user and their password hash, for login. */
  withPassword(username: string): { user: User; passwordHash: string } | null {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      | UserRow
      | undefined;
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  /** The user and everyone who shares a report with them. */
  listSharingWith(userId: string): User[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM users WHERE id = ? OR id IN (
             SELECT other.user_id FROM members mine JOIN members other ON other.report_id = mine.report_id
             WHERE mine.user_id = ?)
           ORDER BY created_at, username`,
        )
        .all(userId, userId) as UserRow[]
    ).map(toUser);
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY created_at, username').all() as UserRow[]).map(
      toUser,
    );
  }

  /** The stored password hash of a user (to check their current password). */
  passwordHash(userId: string): string | null {
    const row = this.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(userId) as
      | { password_hash: string }
      | undefined;
    return row?.password_hash ?? null;
  }

  /** A new password; `temporary` (set by an admin) means its user must choose their own at next sign-in. */
  setPassword(userId: string, passwordHash: string, temporary: boolean): void {
    this.db
      .prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?')
      .run(passwordHash, temporary ? 1 : 0, userId);
  }

  /** Ends every session of the user but `keepTokenHash`; the hashes ended (to close what they hold open). */
  endSessions(userId: string, keepTokenHash = ''): string[] {
    return this.db.transaction(() => {
      const hashes = (
        this.db
          .prepare('SELECT token_hash FROM sessions WHERE user_id = ? AND token_hash <> ?')
          .all(userId, keepTokenHash) as { token_hash: string }[]
      ).map((r) => r.token_hash);
      this.db
        .prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?')
        .run(userId, keepTokenHash);
      return hashes;
    })();
  }

  createSession(tokenHash: string, userId: string, ttlMs: number): void {
    const now = Date.now();
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(tokenHash, userId, now, now + ttlMs);
  }

  sessionUser(tokenHash: string): User | null {
    const row = this.db
      .prepare(
        'SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?',
      )
      .get(tokenHash, Date.now()) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  deleteSession(tokenHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }
}
